// Shortest connection paths between two children through their networks (NETWORK edges and
// where people live), at most $max_hops relationships long (the search bound is 8).
// Parameters: $child_a, $child_b, $max_hops, $include_professionals, $limit.
// Returns: hops, nodes (kind, key, name), relationships (type, category, roles).
MATCH (a:Child {child_id: $child_a}), (b:Child {child_id: $child_b})
MATCH p = allShortestPaths((a)-[:NETWORK|LIVES_AT*..8]-(b))
WHERE all(r IN relationships(p) WHERE $include_professionals OR coalesce(r.category, '') <> 'professional')
  AND length(p) <= $max_hops
WITH p ORDER BY [n IN nodes(p) | coalesce(n.child_id, n.person_id, n.address_key, n.place_key, '')]
LIMIT $limit
RETURN length(p) AS hops,
       [n IN nodes(p) | {
         kind: CASE WHEN n:Child THEN 'child' WHEN n:Worker THEN 'worker' WHEN n:Person THEN 'person'
                    WHEN n:Address THEN 'address' ELSE 'place' END,
         key: coalesce(n.child_id, n.person_id, n.address_key, n.place_key),
         name: coalesce(n.display_name, n.name, n.line, n.address_key)}] AS nodes,
       [r IN relationships(p) | {type: type(r), category: r.category, roles: r.roles,
                                 rank: r.rank}] AS relationships
