// Person search from the find page: adults, workers and the names the notes use for them
// (nicknames: the text of a person mention), on the maps of children the user may see. Only
// members the user may see there (rule visible_member); names only from records the user may
// read (visible_record); the canonical name left out for a person tied to a child the user may
// not see (hidden_link: it could tell of that child). Roles are not returned (some may come from
// records the user may not read). Parameters: $text, $limit, $teams, $allocation_valid_from.
MATCH (c:Child)-[n:NETWORK]->(m:Person)
WHERE {{ visible_child(c) }} AND NOT m:Child
WITH c, n, m, {{ sees_restricted_records(c) }} AS sees_restricted
WHERE {{ visible_member(c, n, m, sees_restricted) }}
WITH c, m, sees_restricted, CASE WHEN {{ hidden_link(m) }} THEN null ELSE m.display_name END AS canonical
WITH c, m, canonical,
     COLLECT { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m)
               WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
                 AND mn.label = 'PERSON' AND toLower(mn.text) CONTAINS toLower($text)
               RETURN DISTINCT mn.text ORDER BY mn.text LIMIT 5 } AS called
WHERE toLower(coalesce(canonical, '')) CONTAINS toLower($text) OR size(called) > 0
RETURN c.child_id AS child_id, c.display_name AS child_name, m.person_id AS key,
       coalesce(canonical, head(called)) AS name, [x IN called WHERE x <> canonical] AS also_called,
       m:Worker AS is_worker
ORDER BY toLower(name), child_id
LIMIT $limit
