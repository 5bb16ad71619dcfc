// Evidence for one member of a child's map: every mention of them in the child's notes and
// documents the user may see (newest first, with an excerpt), the recorded relationships and
// allocations. Parameters: $child_id, $key, $teams, $limit, $excerpt_before, $excerpt_length.
MATCH (c:Child {child_id: $child_id})
WHERE NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
WITH c, (any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
         OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.team IN $teams }) AS sees_restricted
OPTIONAL MATCH (p:Person {person_id: $key})
OPTIONAL MATCH (ad:Address {address_key: $key})
OPTIONAL MATCH (pl:Place {place_key: $key})
WITH c, sees_restricted, coalesce(p, ad, pl) AS m
CALL (c, m, sees_restricted) {
  MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m)
  WHERE (r:CaseNote OR r:Document) AND (sees_restricted OR NOT coalesce(r.restricted, false))
  WITH r, mn, coalesce(r.body, r.text, '') AS text,
       CASE WHEN mn.start > $excerpt_before THEN mn.start - $excerpt_before ELSE 0 END AS from
  ORDER BY coalesce(r.event_date, r.document_date) DESC, mn.start
  RETURN collect({
    kind: CASE WHEN r:CaseNote THEN 'note' ELSE 'document' END,
    record_id: coalesce(r.note_id, r.document_id),
    date: coalesce(r.event_date, r.document_date),
    recorded_at: coalesce(r.recorded_at, r.uploaded_at),
    title: coalesce(r.subject, r.title), record_type: coalesce(r.note_type, r.document_type),
    mention_id: mn.mention_id, mention_text: mn.text, label: mn.label, role: mn.role,
    start: mn.start, end: mn.end, excerpt_from: from,
    excerpt: substring(text, from, $excerpt_length)
  })[0..$limit] AS mentions,
  count(mn) AS mention_total, count(DISTINCT r) AS record_total
}
CALL (c, m) {
  OPTIONAL MATCH (r:AdultRecord)-[:RECORDED_FOR]->(c)
  WHERE (r)-[:RESOLVED_TO]->(m) OR r.record_key = $key
  RETURN collect(r {.relationship, .given_name, .family_name, .start_date, .end_date,
                    .parental_responsibility, .record_key}) AS records
}
CALL (c) {
  OPTIONAL MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c)
  WHERE ('worker:' + a.worker_id) = $key
  RETURN collect(a {.role, .team, .worker_name, .start_date, .end_date}) AS allocations
}
RETURN m IS NOT NULL AS found, m.display_name AS display_name, m.names AS names, m.roles AS roles,
       m.resolution_confidence AS resolution_confidence, m.origin AS origin,
       mentions, mention_total, record_total, records, allocations
