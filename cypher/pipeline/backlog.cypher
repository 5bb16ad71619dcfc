// What the downstream stages still have to do after a load: documents whose text is not
// extracted yet, notes and documents waiting for mention extraction, significant-adult
// records waiting for resolution, and children whose network must be re-ranked.
CALL () { MATCH (d:Document) RETURN count(d) AS documents,
          count(CASE WHEN d.text_status = 'pending' THEN 1 END) AS documents_text_pending,
          count(CASE WHEN d.file_status = 'missing' THEN 1 END) AS documents_file_missing }
CALL () { MATCH (n:CaseNote) RETURN count(n) AS notes,
          count(CASE WHEN n.extraction_status = 'pending' THEN 1 END) AS notes_extraction_pending }
CALL () { MATCH (r:AdultRecord) RETURN count(r) AS adult_records,
          count(CASE WHEN r.resolution_status = 'pending' THEN 1 END) AS adult_records_resolution_pending }
CALL () { MATCH (c:Child) RETURN count(c) AS children,
          count(CASE WHEN c.network_stale THEN 1 END) AS children_network_stale }
RETURN documents, documents_text_pending, documents_file_missing, notes, notes_extraction_pending,
       adult_records, adult_records_resolution_pending, children, children_network_stale
