// Full-text search over case notes and documents (index record_fulltext): one page of hits and how many
// there are, at about the cost of a page. The child and type filters are inside $lucene
// (graph_model.queries.record_lucene); every filter is checked exactly here.
// - candidates: the first $candidates hits in the page's order, by (score) for relevance — straight
//   from Lucene ({limit}) — or by (date, score) for newest/oldest — a top-N over Lucene's hits
//   reading only their dates (no expand, no access check, no full sort), after the date range.
// - page: only the candidates are matched to their child, checked exactly (child, kind, type) and
//   against the viewer's access, sorted by the full order (ties by record id) and sliced. `complete`
//   is false when the page may lack hits beyond the candidates (too few passed, or the page's last
//   hit ties the last candidate's key): graph_model.queries.search_page then asks with more.
// - count: the same filters and access check on the hits of $count_lucene as they stream, stopping
//   after $skip + $limit + 1000 (`counted` above `count_cap`: "more than count_cap"); 0 when
//   $count_lucene is null. $lucene may hold a date window of search_day (newest/oldest: the page
//   comes from the newest/oldest window that fills it), $count_lucene never does.
// Nothing is counted or returned before the child filter and the access rule have passed it.
// Order: $order 'newest' | 'oldest' (event date; undated last) | 'relevance' (score); ties by id.
// Parameters: $lucene, $count_lucene, $teams, $child_id, $kind ('note'|'document'|null), $record_type, $date_from,
// $date_to, $order, $skip, $limit, $candidates, $max_text.
CALL () {
  // Lucene's own top-N for relevance (its queue is preallocated: uncapped beyond 50,000)
  CALL db.index.fulltext.queryNodes('record_fulltext', $lucene,
       CASE WHEN $order = 'relevance' AND $candidates <= 50000 THEN {limit: $candidates} ELSE {} END)
  YIELD node AS r, score
  WITH r, score, coalesce(r.event_date, r.document_date) AS d
  WHERE $order = 'relevance'  // Lucene's candidates all kept: fewer than $candidates means no more hits
     OR (($date_from IS NULL OR d >= $date_from) AND ($date_to IS NULL OR d <= $date_to))
  WITH r, score, d
  ORDER BY CASE WHEN $order = 'relevance' THEN score END DESC, d IS NULL,
           CASE WHEN $order = 'oldest' THEN d END ASC, CASE WHEN $order <> 'oldest' THEN d END DESC,
           score DESC
  LIMIT $candidates
  RETURN collect({r: r, score: score, d: d}) AS top
}
CALL (top) {
  UNWIND top AS t
  WITH t.r AS r, t.score AS score, t.d AS d
  WHERE ($kind IS NULL OR ($kind = 'note' AND r:CaseNote) OR ($kind = 'document' AND r:Document))
    AND ($record_type IS NULL OR coalesce(r.note_type, r.document_type) = $record_type)
    AND ($date_from IS NULL OR d >= $date_from) AND ($date_to IS NULL OR d <= $date_to)
  MATCH (r)-[:ABOUT]->(c:Child)
  WHERE ($child_id IS NULL OR c.child_id = $child_id)
    AND {{ visible_child(c) }}
    AND {{ visible_record(r, {{ sees_restricted_records(c) }}) }}
  WITH r, c, score, d
  ORDER BY CASE WHEN $order = 'relevance' THEN score END DESC, d IS NULL,
           CASE WHEN $order = 'oldest' THEN d END ASC, CASE WHEN $order <> 'oldest' THEN d END DESC,
           score DESC, coalesce(r.note_id, r.document_id)
  RETURN collect({r: r, c: c, score: score, d: d}) AS visible
}
CALL () {
  UNWIND CASE WHEN $count_lucene IS NULL THEN [] ELSE [$count_lucene] END AS count_lucene
  CALL db.index.fulltext.queryNodes('record_fulltext', count_lucene) YIELD node AS r
  WITH r, coalesce(r.event_date, r.document_date) AS d
  WHERE ($kind IS NULL OR ($kind = 'note' AND r:CaseNote) OR ($kind = 'document' AND r:Document))
    AND ($record_type IS NULL OR coalesce(r.note_type, r.document_type) = $record_type)
    AND ($date_from IS NULL OR d >= $date_from) AND ($date_to IS NULL OR d <= $date_to)
  MATCH (r)-[:ABOUT]->(c:Child)
  WHERE ($child_id IS NULL OR c.child_id = $child_id)
    AND {{ visible_child(c) }}
    AND {{ visible_record(r, {{ sees_restricted_records(c) }}) }}
  WITH r LIMIT $skip + $limit + 1001
  RETURN count(r) AS counted
}
WITH top, visible, counted, top[-1] AS b, visible[$skip + $limit - 1] AS p
RETURN counted, $skip + $limit + 1000 AS count_cap,
       size(visible) AS visible_n,
       size(top) < $candidates OR (p IS NOT NULL AND CASE  // p strictly before b in the candidates' order
         WHEN $order = 'relevance' THEN p.score > b.score
         WHEN (p.d IS NULL) <> (b.d IS NULL) THEN b.d IS NULL
         WHEN p.d IS NULL OR p.d = b.d THEN p.score > b.score
         WHEN $order = 'oldest' THEN p.d < b.d
         ELSE p.d > b.d
       END) AS complete,
       [h IN visible[$skip..($skip + $limit)] | {
          kind: CASE WHEN h.r:CaseNote THEN 'note' ELSE 'document' END,
          record_id: coalesce(h.r.note_id, h.r.document_id), child_id: h.c.child_id,
          child_name: h.c.display_name, title: coalesce(h.r.subject, h.r.title),
          record_type: coalesce(h.r.note_type, h.r.document_type), date: h.d, score: h.score,
          text: left(coalesce(h.r.body, h.r.text, ''), $max_text)}] AS hits
