// Evidence for one member of a child's map: every mention of them in the child's notes and
// documents the user may see (newest first, with an excerpt), the recorded relationships and
// allocations. The member must be one the user may see on this child's map (rule visible_member;
// before the network is built: a person resolved from the child's own records or allocations);
// otherwise found is false and nothing about it is returned. Names and roles come from this
// child's evidence the user may see when the person is tied to a child the user may not see.
// Parameters: $child_id, $key, $teams, $allocation_valid_from, $limit, $excerpt_before, $excerpt_length.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
OPTIONAL MATCH (p:Person {person_id: $key})
OPTIONAL MATCH (ad:Address {address_key: $key})
OPTIONAL MATCH (pl:Place {place_key: $key})
WITH c, sees_restricted, coalesce(p, ad, pl) AS cand
OPTIONAL MATCH (c)-[n:NETWORK]->(cand)
WITH c, sees_restricted, n, CASE
       WHEN cand IS NULL THEN null
       WHEN n IS NOT NULL AND {{ visible_member(c, n, cand, sees_restricted) }} THEN cand
       WHEN n IS NULL AND NOT cand:Child AND NOT EXISTS { (c)-[:NETWORK]->() }
            AND (EXISTS { (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(cand) }
                 OR EXISTS { (c)<-[:ALLOCATION_FOR]-(:AllocationRecord)-[:RESOLVED_TO]->(cand) }) THEN cand
       ELSE null END AS m
WITH c, sees_restricted, n, m, (m IS NOT NULL AND m:Person AND {{ hidden_link(m) }}) AS tied_to_hidden
CALL (c, m, sees_restricted) {
  MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m)
  WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
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
RETURN m IS NOT NULL AS found,
       CASE WHEN tied_to_hidden
            THEN head([x IN [r IN records | trim(coalesce(r.given_name, '') + ' ' + coalesce(r.family_name, ''))]
                         + [mn IN mentions WHERE mn.label = 'PERSON' | mn.mention_text] WHERE x <> ''])
            ELSE m.display_name END AS display_name,
       CASE WHEN tied_to_hidden
            THEN reduce(acc = [], x IN [r IN records | trim(coalesce(r.given_name, '') + ' ' + coalesce(r.family_name, ''))]
                         + [mn IN mentions WHERE mn.label = 'PERSON' | mn.mention_text]
                        | CASE WHEN x = '' OR x IN acc THEN acc ELSE acc + x END)
            ELSE m.names END AS names,
       CASE WHEN n IS NOT NULL THEN n.roles WHEN tied_to_hidden THEN [] ELSE m.roles END AS roles,
       m.resolution_confidence AS resolution_confidence, m.origin AS origin,
       mentions, mention_total, record_total, records, allocations
