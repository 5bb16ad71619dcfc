// Keys ('note:<note_id>' / 'doc:<document_id>') of the case notes and documents waiting for
// mention extraction, without their text: what the network DAG splits into mapped batches.
CALL () {
  MATCH (n:CaseNote) WHERE n.extraction_status = 'pending'
  RETURN 'note' AS kind, n.note_id AS id
  UNION ALL
  MATCH (d:Document) WHERE d.extraction_status = 'pending' AND d.text_status IN ['text', 'ocr', 'failed']
  RETURN 'doc' AS kind, d.document_id AS id
}
RETURN kind + ':' + id AS key
ORDER BY kind, id
