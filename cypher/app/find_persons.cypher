// People on the maps of children the user may see whose name contains $text (for "Same person
// as…"): members the user may see there (rule visible_member), never a child, a worker, or a person
// tied to a child the user may not see (rule hidden_link: their canonical name could tell of it).
// Parameters: $text, $limit, $teams, $allocation_valid_from.
MATCH (c:Child)-[n:NETWORK]->(m:Person)
WHERE {{ visible_child(c) }} AND NOT m:Child AND NOT m:Worker
  AND toLower(coalesce(m.display_name, '')) CONTAINS toLower($text)
WITH c, n, m, {{ sees_restricted_records(c) }} AS sees_restricted
WHERE {{ visible_member(c, n, m, sees_restricted) }} AND NOT {{ hidden_link(m) }}
RETURN c.child_id AS child_id, c.display_name AS child_name, m.person_id AS key, m.display_name AS name,
       n.roles AS roles
ORDER BY name, child_id
LIMIT $limit
