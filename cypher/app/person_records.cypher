// The significant-adult records resolved to one person, for confirming or splitting a merge.
// Records about children the user may not see are left out (not counted). Parameters:
// $person_id, $teams.
MATCH (r:AdultRecord)-[x:RESOLVED_TO]->(:Person {person_id: $person_id})
MATCH (r)-[:RECORDED_FOR]->(c:Child)
WHERE {{ visible_child(c) }}
RETURN r.relationship_id AS relationship_id, c.child_id AS child_id, c.display_name AS child_name,
       trim(coalesce(r.given_name, '') + ' ' + coalesce(r.family_name, '')) AS name,
       r.relationship AS relationship, r.date_of_birth AS date_of_birth,
       x.confidence AS confidence, x.method AS method, x.decided_by AS decided_by
ORDER BY r.relationship_id
