// Family group conference: relatives of relatives — the people recorded on the records of the
// child's siblings (other children sharing a recorded person with this child: two hops through the
// siblings' records), who are not recorded for this child. Siblings the user may not see
// (restricted children) are left out with everything recorded on them.
// Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
MATCH (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(shared:Person)<-[:RESOLVED_TO]-(:AdultRecord)-[:RECORDED_FOR]->(sib:Child)
WHERE sib <> c
  AND (NOT coalesce(sib.restricted, false) OR any(t IN coalesce(sib.restricted_to_teams, []) WHERE t IN $teams))
WITH DISTINCT c, sib, collect(DISTINCT shared.display_name) AS through
MATCH (sib)<-[:RECORDED_FOR]-(r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
WHERE NOT EXISTS { MATCH (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(p) }
RETURN p.person_id AS key, p.display_name AS name, r.relationship AS relationship_to_sibling,
       sib.child_id AS sibling_id, sib.display_name AS sibling_name, through,
       r.end_date IS NULL AS current
ORDER BY name, sibling_id
