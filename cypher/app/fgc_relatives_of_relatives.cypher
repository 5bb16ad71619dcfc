// Family group conference: relatives of relatives — the people recorded on the records of the
// child's siblings (other children sharing a recorded person with this child: two hops through the
// siblings' records), who are not recorded for this child. Siblings the user may not see
// (restricted children) are left out with everything recorded on them; a person also tied to a
// child the user may not see is named as the sibling's record names them (never the canonical name).
// Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
MATCH (c)<-[:RECORDED_FOR]-(cr:AdultRecord)-[:RESOLVED_TO]->(shared:Person)<-[:RESOLVED_TO]-(:AdultRecord)-[:RECORDED_FOR]->(sib:Child)
WHERE sib <> c
  AND {{ visible_child(sib) }}
WITH DISTINCT c, sib, collect(DISTINCT trim(coalesce(cr.given_name, '') + ' ' + coalesce(cr.family_name, ''))) AS through
MATCH (sib)<-[:RECORDED_FOR]-(r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
WHERE NOT EXISTS { MATCH (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(p) }
WITH c, sib, through, r, p, {{ hidden_link(p) }} AS tied_to_hidden
RETURN p.person_id AS key,
       CASE WHEN tied_to_hidden THEN trim(coalesce(r.given_name, '') + ' ' + coalesce(r.family_name, ''))
            ELSE p.display_name END AS name, r.relationship AS relationship_to_sibling,
       sib.child_id AS sibling_id, sib.display_name AS sibling_name, through,
       r.end_date IS NULL AS current
ORDER BY name, sibling_id
