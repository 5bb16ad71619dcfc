// Every record of the link components (AdultRecord.link_component) of the records given: an
// increment links whole components, as clustering reads them (linkage.records.link_components).
UNWIND $ids AS id
MATCH (r:AdultRecord {relationship_id: id})
WITH DISTINCT r.link_component AS component
WHERE component IS NOT NULL
MATCH (o:AdultRecord {link_component: component})
RETURN collect(DISTINCT o.relationship_id) AS ids
