// MACE: persons, addresses and places in the networks of two or more of the given children (already
// checked visible, and checked again here), professionals left out. A member counts for a child only
// when the user may see it on that child's map (rule visible_member); a person tied to a child the
// user may not see is named by role, not by its canonical name.
// Parameters: $child_ids, $teams, $allocation_valid_from.
MATCH (c:Child) WHERE c.child_id IN $child_ids AND {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
MATCH (c)-[n:NETWORK]->(t)
WHERE n.category <> 'professional' AND NOT t:Worker
  AND {{ visible_member(c, n, t, sees_restricted) }}
WITH t, c, n ORDER BY c.child_id
WITH t, collect(c.child_id) AS children, collect({child_id: c.child_id, category: n.category, roles: n.roles}) AS links
WHERE size(children) >= 2
WITH t, children, links, (t:Person AND {{ hidden_link(t) }}) AS tied_to_hidden
RETURN coalesce(t.person_id, t.address_key, t.place_key) AS key,
       CASE WHEN t:Child THEN 'child' WHEN t:Person THEN 'person' WHEN t:Address THEN 'address' ELSE 'place' END AS kind,
       CASE WHEN tied_to_hidden THEN coalesce(head(links).roles[0], 'person in both networks')
            ELSE coalesce(t.display_name, t.name, t.line, t.address_key) END AS name, children, links
ORDER BY size(children) DESC, key
LIMIT 500
