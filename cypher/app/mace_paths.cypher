// MACE: shortest chains of network ties between two children (professionals left out). Both ends
// and every child on the way must be visible to the user; a tie known only from restricted notes
// is not used. Parameters: $a, $b, $teams, $limit.
MATCH (a:Child {child_id: $a}), (b:Child {child_id: $b})
WHERE a <> b
  AND all(x IN [a, b] WHERE NOT coalesce(x.restricted, false) OR any(t IN coalesce(x.restricted_to_teams, []) WHERE t IN $teams))
MATCH p = allShortestPaths((a)-[:NETWORK*..4]-(b))
WHERE all(x IN nodes(p) WHERE NOT x:Child OR NOT coalesce(x.restricted, false)
                              OR any(t IN coalesce(x.restricted_to_teams, []) WHERE t IN $teams))
  AND all(x IN nodes(p) WHERE NOT x:Worker)
  AND all(r IN relationships(p) WHERE r.category <> 'professional'
          AND (any(s IN coalesce(r.sources, []) WHERE s <> 'mention')
               OR EXISTS { MATCH (x:Child)<-[:ABOUT]-(rec)<-[:IN]-(:Mention)-[:REFERS_TO]->(y)
                           WHERE x = startNode(r) AND y = endNode(r) AND NOT coalesce(rec.restricted, false) }))
RETURN length(p) AS hops,
       [x IN nodes(p) | {key: coalesce(x.child_id, x.person_id, x.address_key, x.place_key),
                         name: coalesce(x.display_name, x.name, x.line, x.address_key),
                         kind: CASE WHEN x:Child THEN 'child' WHEN x:Person THEN 'person' WHEN x:Address THEN 'address' ELSE 'place' END}] AS nodes,
       [r IN relationships(p) | {category: r.category, roles: r.roles}] AS ties
LIMIT $limit
