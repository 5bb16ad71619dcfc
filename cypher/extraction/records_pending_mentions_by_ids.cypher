// The case notes ($note_ids) and documents ($document_ids) of one batch that are still waiting
// for mention extraction, with the text to read (as records_pending_mentions.cypher).
CALL () {
  UNWIND $note_ids AS id
  MATCH (n:CaseNote {note_id: id}) WHERE n.extraction_status = 'pending'
  RETURN 'note' AS kind, n.note_id AS id, n.body AS text, n.child_id AS child_id,
         toString(n.event_date) AS record_date, n.content_hash AS content_hash
  UNION
  UNWIND $document_ids AS id
  MATCH (d:Document {document_id: id})
  WHERE d.extraction_status = 'pending' AND d.text_status IN ['text', 'ocr', 'failed']
  RETURN 'doc' AS kind, d.document_id AS id, d.text AS text, d.child_id AS child_id,
         toString(d.document_date) AS record_date, d.content_hash AS content_hash
}
RETURN kind, id, text, child_id, record_date, content_hash
ORDER BY kind, id
