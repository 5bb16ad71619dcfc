// MACE: persons, addresses and places in the networks of two or more of the given children (already
// checked visible), professionals left out. A member known only from a restricted note is counted
// for a child only when the user may read that child's restricted records (as on the ecomap).
// Parameters: $child_ids, $teams.
MATCH (c:Child) WHERE c.child_id IN $child_ids
WITH c, (any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
         OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.team IN $teams }) AS sees_restricted
MATCH (c)-[n:NETWORK]->(t)
WHERE n.category <> 'professional' AND NOT t:Worker
  AND (sees_restricted
       OR any(s IN coalesce(n.sources, []) WHERE s <> 'mention')
       OR EXISTS { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(:Mention)-[:REFERS_TO]->(t) WHERE NOT coalesce(r.restricted, false) })
WITH t, c, n ORDER BY c.child_id
WITH t, collect(c.child_id) AS children, collect({child_id: c.child_id, category: n.category, roles: n.roles}) AS links
WHERE size(children) >= 2
RETURN coalesce(t.person_id, t.address_key, t.place_key) AS key,
       CASE WHEN t:Child THEN 'child' WHEN t:Person THEN 'person' WHEN t:Address THEN 'address' ELSE 'place' END AS kind,
       coalesce(t.display_name, t.name, t.line, t.address_key) AS name, children, links
ORDER BY size(children) DESC, key
LIMIT 500
