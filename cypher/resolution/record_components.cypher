// The stored link component (AdultRecord.link_component) of each record given that has one.
UNWIND $ids AS id
MATCH (r:AdultRecord {relationship_id: id})
WHERE r.link_component IS NOT NULL
RETURN r.relationship_id AS id, r.link_component AS component
