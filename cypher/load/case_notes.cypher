// One batch of case_notes.jsonl objects. A note whose text changed goes back to
// extraction_status 'pending' so the pipeline re-extracts it (and replaces its mentions).
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MATCH (c:Child {child_id: row.props.child_id})
MERGE (n:CaseNote {note_id: row.id})
WITH n, c, row WHERE n.updated_at IS NULL OR n.updated_at < row.props.updated_at
   OR (n.updated_at = row.props.updated_at AND (n.content_hash <> row.content_hash))
SET n += row.props
SET n.extraction_status = CASE WHEN n.content_hash = row.content_hash THEN n.extraction_status ELSE 'pending' END
SET c.network_stale = CASE WHEN n.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET n.content_hash = row.content_hash
MERGE (n)-[:ABOUT]->(c)
FOREACH (wid IN CASE WHEN row.props.author_worker_id IS NULL THEN [] ELSE [row.props.author_worker_id] END |
  MERGE (w:Person:Worker {worker_id: wid})
    ON CREATE SET w.person_id = 'worker:' + wid, w.display_name = wid
  MERGE (n)-[:WRITTEN_BY]->(w))
WITH n, c
OPTIONAL MATCH (n)-[moved:ABOUT]->(other:Child) WHERE other <> c
DELETE moved
