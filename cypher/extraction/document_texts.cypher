// One batch of extracted document texts. The text is stored exactly as returned by
// extraction.document_text (mention offsets refer to it); the document goes to mention
// extraction (a failed one too, so mentions of an older readable version are removed).
// A document changed since it was read (content_hash differs) is left pending.
// A failed file becomes (or updates) its QuarantineItem {stage: 'document_text'} so the
// data-quality report lists it; a file that now reads removes the old item.
UNWIND $rows AS row
MATCH (d:Document {document_id: row.document_id})
WHERE d.content_hash = row.content_hash
SET d.text = row.text,
    d.text_status = row.status,
    d.text_method = row.method,
    d.text_format = row.format,
    d.text_pages = row.pages,
    d.text_page_starts = row.page_starts,
    d.text_ocr_pages = row.ocr_pages,
    d.text_failure_reason = row.reason,
    d.text_failure_detail = row.detail,
    d.text_seconds = row.seconds,
    d.text_extracted_at = datetime(),
    d.extraction_status = 'pending'
WITH d, row
OPTIONAL MATCH (old:QuarantineItem {stage: 'document_text', record_id: d.document_id})
FOREACH (q IN CASE WHEN old IS NOT NULL AND row.status <> 'failed' THEN [old] ELSE [] END |
  DETACH DELETE q)
FOREACH (x IN CASE WHEN row.status = 'failed' THEN [1] ELSE [] END |
  MERGE (q:QuarantineItem {stage: 'document_text', record_id: d.document_id})
  SET q.file = d.file_name, q.reason = row.reason, q.detail = row.detail,
      q.child_id = d.child_id, q.quarantined_at = datetime()
  MERGE (q)-[:CONCERNS]->(d))
