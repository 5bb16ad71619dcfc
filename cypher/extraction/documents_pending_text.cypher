// Documents whose file is present and whose text has not been extracted yet (or changed).
MATCH (d:Document)
WHERE d.text_status = 'pending' AND d.file_status = 'present'
RETURN d.document_id AS document_id, d.file_path AS file_path, d.content_hash AS content_hash
ORDER BY document_id
LIMIT $limit
