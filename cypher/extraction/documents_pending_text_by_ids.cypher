// The documents among $ids whose file is present and whose text is still pending (one
// mapped batch of the network DAG; ids that are done already, or gone, are left out).
UNWIND $ids AS id
MATCH (d:Document {document_id: id})
WHERE d.text_status = 'pending' AND d.file_status = 'present'
RETURN DISTINCT d.document_id AS document_id, d.file_path AS file_path, d.content_hash AS content_hash
ORDER BY document_id
