// Full-text search over case notes and documents (index record_search), one page of hits and how many
// there are in all. The child and type filters are inside $lucene (graph_model.queries.record_lucene),
// so Lucene returns only that child's / type's hits, all of them (no candidate cap); the same filters
// are checked exactly here, with the date range, and only records the user may see are counted.
// Order: $order 'newest' | 'oldest' (event date; undated last) | 'relevance' (score).
// Parameters: $lucene, $teams, $child_id, $kind ('note'|'document'|null), $record_type, $date_from,
// $date_to, $order, $skip, $limit, $max_text.
CALL db.index.fulltext.queryNodes('record_search', $lucene) YIELD node AS r, score
MATCH (r)-[:ABOUT]->(c:Child)
WHERE ($child_id IS NULL OR c.child_id = $child_id)
  AND ($kind IS NULL OR ($kind = 'note' AND r:CaseNote) OR ($kind = 'document' AND r:Document))
  AND ($record_type IS NULL OR coalesce(r.note_type, r.document_type) = $record_type)
  AND {{ visible_child(c) }}
  AND {{ visible_record(r, {{ sees_restricted_records(c) }}) }}
WITH r, c, score, coalesce(r.event_date, r.document_date) AS d
WHERE ($date_from IS NULL OR d >= $date_from) AND ($date_to IS NULL OR d <= $date_to)
WITH r, c, score, d
ORDER BY CASE WHEN $order = 'relevance' THEN score END DESC, d IS NULL,
         CASE WHEN $order = 'oldest' THEN d END ASC, CASE WHEN $order <> 'oldest' THEN d END DESC,
         score DESC, coalesce(r.note_id, r.document_id)
WITH collect({r: r, c: c, score: score, d: d}) AS hits
RETURN size(hits) AS total,
       [h IN hits[$skip..($skip + $limit)] | {
          kind: CASE WHEN h.r:CaseNote THEN 'note' ELSE 'document' END,
          record_id: coalesce(h.r.note_id, h.r.document_id), child_id: h.c.child_id,
          child_name: h.c.display_name, title: coalesce(h.r.subject, h.r.title),
          record_type: coalesce(h.r.note_type, h.r.document_type), date: h.d, score: h.score,
          text: left(coalesce(h.r.body, h.r.text, ''), $max_text)}] AS hits
