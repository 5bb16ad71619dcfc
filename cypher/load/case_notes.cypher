// One batch of case_notes.jsonl objects. A note whose text changed goes back to
// extraction_status 'pending' so the pipeline re-extracts it (and replaces its mentions).
// Restriction fails closed: `restricted` is always a boolean, and a restricted note stays
// restricted unless the row says "not restricted" explicitly (row.restriction_explicit).
// $rows: [{id, record_key, props, content_hash, restriction_explicit}]
// Returns: id, event ('restriction_lifted' | 'restriction_kept') for rows that changed or kept one.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MATCH (c:Child {child_id: row.props.child_id})
MERGE (n:CaseNote {note_id: row.id})
WITH n, c, row WHERE n.updated_at IS NULL OR n.updated_at < row.props.updated_at
   OR (n.updated_at = row.props.updated_at AND (n.content_hash <> row.content_hash))
WITH n, c, row, coalesce(n.restricted, false) AS was_restricted
WITH n, c, row, was_restricted, was_restricted AND NOT row.restriction_explicit AS keep
WITH n, c, row, was_restricted, keep, keep OR row.props.restricted AS restricted
SET n += row.props
SET n.restricted = restricted, n.restricted_raw = row.props.restricted_raw
SET n.extraction_status = CASE WHEN n.content_hash = row.content_hash THEN n.extraction_status ELSE 'pending' END
SET c.network_stale = CASE WHEN n.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET n.content_hash = row.content_hash
MERGE (n)-[:ABOUT]->(c)
FOREACH (wid IN CASE WHEN row.props.author_worker_id IS NULL THEN [] ELSE [row.props.author_worker_id] END |
  MERGE (w:Person:Worker {worker_id: wid})
    ON CREATE SET w.person_id = 'worker:' + wid, w.display_name = wid
  MERGE (n)-[:WRITTEN_BY]->(w))
WITH n, c, CASE WHEN was_restricted AND NOT restricted THEN 'restriction_lifted'
                WHEN keep AND NOT row.props.restricted THEN 'restriction_kept' END AS event
OPTIONAL MATCH (n)-[moved:ABOUT]->(other:Child) WHERE other <> c
DELETE moved
WITH DISTINCT n, event WHERE event IS NOT NULL
RETURN n.note_id AS id, event
