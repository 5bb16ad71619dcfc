// Full-text search over case notes and documents (index record_text), filtered to what the user may
// see, then newest first (event date). Parameters: $lucene, $candidates, $teams, $child_id,
// $kind ('note'|'document'|null), $record_type, $date_from, $date_to, $limit, $max_text.
CALL db.index.fulltext.queryNodes('record_text', $lucene, {limit: $candidates}) YIELD node AS r, score
MATCH (r)-[:ABOUT]->(c:Child)
WHERE {{ visible_child(c) }}
  AND {{ visible_record(r, {{ sees_restricted_records(c) }}) }}
  AND ($child_id IS NULL OR c.child_id = $child_id)
  AND ($kind IS NULL OR ($kind = 'note' AND r:CaseNote) OR ($kind = 'document' AND r:Document))
  AND ($record_type IS NULL OR coalesce(r.note_type, r.document_type) = $record_type)
WITH r, c, score, coalesce(r.event_date, r.document_date) AS d
WHERE ($date_from IS NULL OR d >= $date_from) AND ($date_to IS NULL OR d <= $date_to)
RETURN CASE WHEN r:CaseNote THEN 'note' ELSE 'document' END AS kind,
       coalesce(r.note_id, r.document_id) AS record_id, c.child_id AS child_id,
       c.display_name AS child_name, coalesce(r.subject, r.title) AS title,
       coalesce(r.note_type, r.document_type) AS record_type, d AS date, score,
       left(coalesce(r.body, r.text, ''), $max_text) AS text
ORDER BY d IS NULL, d DESC, score DESC
LIMIT $limit
