// Persons, addresses and places in the networks of two or more of the given children (all
// children when $child_ids is null), most shared first.
// Parameters: $child_ids, $min_children, $include_professionals. Returns: target_key, kind, name,
// children (list of child ids), links (per child: child_id, category, roles, last_seen, rank).
MATCH (c:Child)-[n:NETWORK]->(t)
WHERE ($child_ids IS NULL OR c.child_id IN $child_ids)
  AND ($include_professionals OR (n.category <> 'professional' AND NOT t:Worker))
WITH t, c, n ORDER BY c.child_id
WITH t, collect(c.child_id) AS children,
     collect({child_id: c.child_id, category: n.category, roles: n.roles,
              last_seen: toString(n.last_seen), rank: n.rank}) AS links
WHERE size(children) >= $min_children
RETURN coalesce(t.person_id, t.address_key, t.place_key) AS target_key,
       CASE WHEN t:Child THEN 'child' WHEN t:Person THEN 'person' WHEN t:Address THEN 'address' ELSE 'place' END AS kind,
       coalesce(t.display_name, t.name, t.line, t.address_key) AS name,
       children, links
ORDER BY size(children) DESC, target_key
