// A child's network as materialised and ranked: one row per NETWORK edge the user may see
// (rule visible_member: never a child the user may not see; a member known only from records the
// user may not read is left out). Names come from this child's own evidence the user may see
// (recorded names on the child's file, mention texts in readable records), plus the person's
// canonical name unless the person is tied to a child the user may not see (hidden_link).
// For a user who may not read some of the child's records, the stored counts and dates (computed
// over all records) are not returned as they are: each row carries visible_records (one {d, note}
// per readable note/document mentioning the member) so the caller recomputes them; null when
// nothing is hidden. Ranks are renumbered over the visible members by the caller. For such a user, and
// for a person tied to a child the user may not see, visible_role_texts lists the role evidence the
// user may read (recorded relationships, allocations, role cues of readable mentions): roles learnt
// only from hidden records are dropped by the caller.
//
// Cost: the mentions are read once, from the child's side: one pass over the child's records the
// user may read (visible_record checked once per record) and their mentions, grouped by the member
// they refer to (names, roles, records, agency). Expanding from the member instead walks every
// mention of a professional named in thousands of other children's notes, once per part. A member
// with a readable mention passes visible_member's mention branch (the same test as that pass), so
// the rule's own subquery runs only for the others. Lists come newest record first: a member tied
// to a hidden child is shown by the name the newest readable note gives, a professional with the
// agency it gives.
// Parameters: $child_id, $teams, $allocation_valid_from.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
WITH c, sees_restricted,
     (NOT sees_restricted AND EXISTS { MATCH (c)<-[:ABOUT]-(x) WHERE (x:CaseNote OR x:Document) AND coalesce(x.restricted, false) }) AS partial
WITH c, sees_restricted, partial, COLLECT {
  MATCH (c)<-[:ABOUT]-(r)
  WHERE {{ visible_record(r, sees_restricted) }}
  WITH r, (r:CaseNote OR r:Document) AS record, coalesce(r.event_date, r.document_date) AS d
  MATCH (r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(seen)
  WITH seen, r, record, d, mn
  ORDER BY d DESC, coalesce(r.note_id, r.document_id), mn.start, mn.mention_id
  WITH seen,
       collect(DISTINCT CASE WHEN record THEN {r: r, d: d, note: r:CaseNote} END) AS records,
       collect(DISTINCT CASE WHEN record AND mn.label IN ['PERSON', 'PLACE', 'ADDRESS', 'ORG'] THEN mn.text END) AS names,
       collect(DISTINCT CASE WHEN record THEN mn.role END) AS roles,
       collect(mn.agency) AS agencies
  RETURN {m: seen, records: [x IN records | {d: x.d, note: x.note}], names: names, roles: roles,
          agency: head(agencies)}
} AS seen_by
MATCH (c)-[n:NETWORK]->(m)
WITH c, n, m, sees_restricted, partial, head([s IN seen_by WHERE s.m = m]) AS seen
WHERE CASE WHEN size(coalesce(seen.records, [])) > 0 THEN NOT m:Child OR {{ visible_child(m) }}
           ELSE {{ visible_member(c, n, m, sees_restricted) }} END
WITH c, n, m, partial, seen, CASE WHEN m:Person THEN {{ hidden_link(m) }} ELSE false END AS tied_to_hidden
WITH c, n, m, partial, tied_to_hidden, seen,
     [(c)<-[:RECORDED_FOR]-(ar:AdultRecord)-[:RESOLVED_TO]->(m) |
        trim(coalesce(ar.given_name, '') + ' ' + coalesce(ar.family_name, ''))] AS record_names
WITH c, n, m, partial, tied_to_hidden, seen,
     [x IN record_names + coalesce(seen.names, []) WHERE x <> ''] AS own_names
RETURN CASE WHEN m:Person THEN 'person' WHEN m:Address THEN 'address' ELSE 'place' END AS kind,
       coalesce(m.person_id, m.address_key, m.place_key, elementId(m)) AS key,
       CASE WHEN tied_to_hidden THEN coalesce(head(own_names), head(n.roles), 'person named in the notes')
            ELSE coalesce(m.display_name, m.name, m.line, m.postcode, m.address_key, m.place_key) END AS name,
       CASE WHEN tied_to_hidden THEN own_names
            ELSE [x IN [coalesce(m.display_name, m.name, m.line)] + own_names WHERE x IS NOT NULL] END AS names,
       m:Worker AS is_worker, m.kind AS place_kind,
       n.category AS category, n.roles AS roles, n.first_seen AS first_seen, n.last_seen AS last_seen,
       n.evidence_count AS evidence_count, n.sources AS sources, n.confidence AS confidence,
       n.rank AS rank, n.rank_score AS rank_score, n.rank_components AS rank_components,
       n.current AS current,
       CASE WHEN partial OR tied_to_hidden THEN
         [(c)<-[:RECORDED_FOR]-(ar:AdultRecord)-[:RESOLVED_TO]->(m) | {text: ar.relationship, professional: false}]
         + [(c)<-[:ALLOCATION_FOR]-(al:AllocationRecord)-[:RESOLVED_TO]->(m) | {text: al.role, professional: true}]
         + [t IN coalesce(seen.roles, []) | {text: t, professional: false}]
       END AS visible_role_texts,
       CASE WHEN partial THEN coalesce(seen.records, []) END AS visible_records,
       CASE WHEN n.category = 'professional' THEN seen.agency END AS agency
