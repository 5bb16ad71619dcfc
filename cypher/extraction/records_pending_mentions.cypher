// Case notes and documents waiting for mention extraction, with the text to read.
// A document's text is its extracted text (empty when the file failed).
CALL () {
  MATCH (n:CaseNote) WHERE n.extraction_status = 'pending'
  RETURN 'note' AS kind, n.note_id AS id, n.body AS text, n.child_id AS child_id,
         toString(n.event_date) AS record_date, n.content_hash AS content_hash
  UNION ALL
  MATCH (d:Document) WHERE d.extraction_status = 'pending' AND d.text_status IN ['text', 'ocr', 'failed']
  RETURN 'doc' AS kind, d.document_id AS id, d.text AS text, d.child_id AS child_id,
         toString(d.document_date) AS record_date, d.content_hash AS content_hash
}
RETURN kind, id, text, child_id, record_date, content_hash
ORDER BY kind, id
LIMIT $limit
