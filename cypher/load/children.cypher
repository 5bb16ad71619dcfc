// One batch of children.csv rows. A child is a Person identified by case reference;
// the row itself is kept as a SourceRecord for provenance. Older rows never overwrite newer ones,
// and a row no newer than its deletion does not bring a deleted child back.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MERGE (c:Person:Child {child_id: row.id})
  ON CREATE SET c.person_id = 'child:' + row.id
WITH c, row WHERE c.updated_at IS NULL OR c.updated_at < row.props.updated_at
   OR (c.updated_at = row.props.updated_at AND (c.content_hash <> row.content_hash))
SET c += row.props
SET c.display_name = coalesce(row.props.preferred_name, row.props.given_name) + ' ' + row.props.family_name
SET c.network_stale = CASE WHEN c.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET c.content_hash = row.content_hash
MERGE (r:SourceRecord:ChildRecord {record_key: row.record_key})
SET r += row.props, r.source_table = 'children'
MERGE (r)-[rt:RESOLVED_TO]->(c)
  ON CREATE SET rt.confidence = 1.0, rt.method = 'case_reference', rt.decided_by = 'loader'
