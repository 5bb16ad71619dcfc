// A child's network as materialised and ranked: one row per NETWORK edge the user may see.
// A member known only from mentions in restricted notes/documents is left out for users who may
// not read those records. For such a user, when the child has restricted notes/documents, the
// stored counts and dates (computed over all records) are not returned as they are: each row
// carries visible_records (one {d, note} per visible note/document mentioning the member) so the
// caller recomputes counts and dates over what the user may see; null when nothing is hidden.
// Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
WITH c, (any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
         OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.team IN $teams }) AS sees_restricted
WITH c, sees_restricted,
     (NOT sees_restricted AND EXISTS { MATCH (c)<-[:ABOUT]-(x) WHERE (x:CaseNote OR x:Document) AND coalesce(x.restricted, false) }) AS partial
MATCH (c)-[n:NETWORK]->(m)
WHERE sees_restricted
   OR any(s IN coalesce(n.sources, []) WHERE s <> 'mention')
   OR EXISTS { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(:Mention)-[:REFERS_TO]->(m) WHERE NOT coalesce(r.restricted, false) }
RETURN CASE WHEN m:Person THEN 'person' WHEN m:Address THEN 'address' ELSE 'place' END AS kind,
       coalesce(m.person_id, m.address_key, m.place_key, elementId(m)) AS key,
       coalesce(m.display_name, m.name, m.line, m.postcode, m.address_key, m.place_key) AS name,
       m.names AS names, m:Worker AS is_worker, m.kind AS place_kind,
       n.category AS category, n.roles AS roles, n.first_seen AS first_seen, n.last_seen AS last_seen,
       n.evidence_count AS evidence_count, n.sources AS sources, n.confidence AS confidence,
       n.rank AS rank, n.rank_score AS rank_score, n.rank_components AS rank_components,
       n.current AS current,
       CASE WHEN partial THEN COLLECT {
         MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(:Mention)-[:REFERS_TO]->(m)
         WHERE (r:CaseNote OR r:Document) AND NOT coalesce(r.restricted, false)
         WITH DISTINCT r
         RETURN {d: coalesce(r.event_date, r.document_date), note: r:CaseNote}
       } END AS visible_records,
       CASE WHEN n.category = 'professional' THEN
         head([(mm:Mention)-[:REFERS_TO]->(m) WHERE mm.agency IS NOT NULL AND mm.child_id = $child_id | mm.agency])
       END AS agency
