// One batch of significant_adults.csv rows: one SourceRecord per child+adult relationship record.
// Resolving records into people is linkage's job; a newer or changed record is marked for re-resolution.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MATCH (c:Child {child_id: row.props.child_id})
MERGE (r:SourceRecord:AdultRecord {record_key: row.record_key})
  ON CREATE SET r.relationship_id = row.id, r.source_table = 'significant_adults'
WITH r, c, row WHERE r.updated_at IS NULL OR r.updated_at < row.props.updated_at
   OR (r.updated_at = row.props.updated_at AND (r.content_hash <> row.content_hash))
SET r += row.props
// a newer version is re-resolved even when the compared fields are unchanged: its dates are
// when the person was last known at the address (LIVES_AT), which ranking reads
SET r.resolution_status = 'pending'
SET c.network_stale = true
SET r.content_hash = row.content_hash
MERGE (r)-[:RECORDED_FOR]->(c)
WITH r, c
OPTIONAL MATCH (r)-[moved:RECORDED_FOR]->(other:Child) WHERE other <> c
DELETE moved
