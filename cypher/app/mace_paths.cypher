// MACE: shortest chains of network ties between two children (professionals left out). Both ends
// and every child on the way must be visible to the user; every tie must be one the user may see on
// its child's map, without that child's restricted records (rule visible_member, strictest form).
// A person tied to a child the user may not see is named by role only.
// Parameters: $a, $b, $teams, $allocation_valid_from, $limit.
MATCH (a:Child {child_id: $a}), (b:Child {child_id: $b})
WHERE a <> b
  AND all(x IN [a, b] WHERE {{ visible_child(x) }})
MATCH p = allShortestPaths((a)-[:NETWORK*..4]-(b))
WHERE all(x IN nodes(p) WHERE NOT x:Child OR {{ visible_child(x) }})
  AND all(x IN nodes(p) WHERE NOT x:Worker)
  AND all(r IN relationships(p) WHERE r.category <> 'professional'
          AND EXISTS { MATCH (x:Child)-[r2:NETWORK]->(y) WHERE r2 = r AND {{ visible_member(x, r2, y, false) }} })
RETURN length(p) AS hops,
       [x IN nodes(p) | {key: coalesce(x.child_id, x.person_id, x.address_key, x.place_key),
                         name: CASE WHEN x:Person AND NOT x:Child AND {{ hidden_link(x) }} THEN 'a person'
                                    ELSE coalesce(x.display_name, x.name, x.line, x.address_key) END,
                         kind: CASE WHEN x:Child THEN 'child' WHEN x:Person THEN 'person' WHEN x:Address THEN 'address' ELSE 'place' END}] AS nodes,
       [r IN relationships(p) | {category: r.category, roles: r.roles}] AS ties
LIMIT $limit
