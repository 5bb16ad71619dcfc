// One batch of documents.csv rows (metadata; text comes from the extraction stage).
// content_hash covers the metadata and the file's bytes, so a replaced file is re-read.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MATCH (c:Child {child_id: row.props.child_id})
MERGE (d:Document {document_id: row.id})
WITH d, c, row WHERE d.updated_at IS NULL OR d.updated_at < row.props.updated_at
   OR (d.updated_at = row.props.updated_at AND (d.content_hash <> row.content_hash OR d.file_path <> row.props.file_path))
SET d += row.props
SET d.text_status = CASE WHEN d.content_hash = row.content_hash THEN d.text_status ELSE 'pending' END
SET c.network_stale = CASE WHEN d.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET d.content_hash = row.content_hash
MERGE (d)-[:ABOUT]->(c)
WITH d, c
OPTIONAL MATCH (d)-[moved:ABOUT]->(other:Child) WHERE other <> c
DELETE moved
