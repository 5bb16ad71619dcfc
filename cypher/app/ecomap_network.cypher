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
// Parameters: $child_id, $teams, $allocation_valid_from.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
WITH c, sees_restricted,
     (NOT sees_restricted AND EXISTS { MATCH (c)<-[:ABOUT]-(x) WHERE (x:CaseNote OR x:Document) AND coalesce(x.restricted, false) }) AS partial
MATCH (c)-[n:NETWORK]->(m)
WHERE {{ visible_member(c, n, m, sees_restricted) }}
WITH c, n, m, sees_restricted, partial, (m:Person AND {{ hidden_link(m) }}) AS tied_to_hidden
WITH c, n, m, sees_restricted, partial, tied_to_hidden,
     [(c)<-[:RECORDED_FOR]-(ar:AdultRecord)-[:RESOLVED_TO]->(m) |
        trim(coalesce(ar.given_name, '') + ' ' + coalesce(ar.family_name, ''))] AS record_names,
     COLLECT { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m)
               WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
                 AND mn.label IN ['PERSON', 'PLACE', 'ADDRESS', 'ORG']
               RETURN DISTINCT mn.text } AS mention_names
WITH c, n, m, sees_restricted, partial, tied_to_hidden,
     [x IN record_names + mention_names WHERE x <> ''] AS own_names
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
         + COLLECT { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m)
                     WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }} AND mn.role IS NOT NULL
                     RETURN DISTINCT {text: mn.role, professional: false} }
       END AS visible_role_texts,
       CASE WHEN partial THEN COLLECT {
         MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(:Mention)-[:REFERS_TO]->(m)
         WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
         WITH DISTINCT r
         RETURN {d: coalesce(r.event_date, r.document_date), note: r:CaseNote}
       } END AS visible_records,
       CASE WHEN n.category = 'professional' THEN
         head(COLLECT { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mm:Mention)-[:REFERS_TO]->(m)
                        WHERE mm.agency IS NOT NULL AND {{ visible_record(r, sees_restricted) }}
                        RETURN mm.agency })
       END AS agency
