// One batch of worker_allocations.csv rows. Workers carry a stable staff id, so each allocation
// resolves to its Worker directly; teams are nodes because access control is by team.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MATCH (c:Child {child_id: row.props.child_id})
MERGE (a:SourceRecord:AllocationRecord {record_key: row.record_key})
  ON CREATE SET a.allocation_id = row.id, a.source_table = 'worker_allocations'
WITH a, c, row WHERE a.updated_at IS NULL OR a.updated_at < row.props.updated_at
   OR (a.updated_at = row.props.updated_at AND (a.content_hash <> row.content_hash))
SET a += row.props
SET c.network_stale = CASE WHEN a.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET a.content_hash = row.content_hash
MERGE (w:Person:Worker {worker_id: row.props.worker_id})
  ON CREATE SET w.person_id = 'worker:' + row.props.worker_id
SET w.display_name = coalesce(row.props.worker_name, w.display_name, row.props.worker_id)
MERGE (a)-[:ALLOCATION_FOR]->(c)
MERGE (a)-[rt:RESOLVED_TO]->(w)
  ON CREATE SET rt.confidence = 1.0, rt.method = 'staff_id', rt.decided_by = 'loader'
FOREACH (team IN CASE WHEN row.props.team IS NULL THEN [] ELSE [row.props.team] END |
  MERGE (t:Team {name: team})
  MERGE (w)-[:MEMBER_OF]->(t))
WITH a, c
OPTIONAL MATCH (a)-[moved:ALLOCATION_FOR]->(other:Child) WHERE other <> c
DELETE moved
