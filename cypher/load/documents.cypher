// One batch of documents.csv rows (metadata; text comes from the extraction stage).
// content_hash covers the metadata and the file's bytes, so a replaced file is re-read.
// Restriction fails closed: `restricted` is always a boolean, and a restricted document stays
// restricted unless the row says "not restricted" explicitly (row.restriction_explicit).
// $rows: [{id, record_key, props, content_hash, restriction_explicit}]
// Returns: id, event ('restriction_lifted' | 'restriction_kept') for rows that changed or kept one.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MATCH (c:Child {child_id: row.props.child_id})
MERGE (d:Document {document_id: row.id})
WITH d, c, row WHERE d.updated_at IS NULL OR d.updated_at < row.props.updated_at
   OR (d.updated_at = row.props.updated_at AND (d.content_hash <> row.content_hash OR d.file_path <> row.props.file_path))
WITH d, c, row, coalesce(d.restricted, false) AS was_restricted
WITH d, c, row, was_restricted, was_restricted AND NOT row.restriction_explicit AS keep
WITH d, c, row, was_restricted, keep, keep OR row.props.restricted AS restricted
SET d += row.props
SET d.restricted = restricted, d.restricted_raw = row.props.restricted_raw
SET d.text_status = CASE WHEN d.content_hash = row.content_hash THEN d.text_status ELSE 'pending' END
SET c.network_stale = CASE WHEN d.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET d.content_hash = row.content_hash
MERGE (d)-[:ABOUT]->(c)
WITH d, c, CASE WHEN was_restricted AND NOT restricted THEN 'restriction_lifted'
                WHEN keep AND NOT row.props.restricted THEN 'restriction_kept' END AS event
OPTIONAL MATCH (d)-[moved:ABOUT]->(other:Child) WHERE other <> c
DELETE moved
WITH DISTINCT d, event WHERE event IS NOT NULL
RETURN d.document_id AS id, event
