// MACE: the children to compare — those named (case references) and/or a detected cohort
// (cohort_id written by ranking.cohorts) — that the user may see. A cohort is computed over everyone's
// ties, so for this user a cohort member counts only when it shares a person or place they may see
// with another visible member of the cohort: two visible children linked only through a restricted
// child are not shown as one cohort. Parameters: $child_ids, $cohort, $teams, $allocation_valid_from.
MATCH (c:Child)
WHERE (c.child_id IN $child_ids
       OR ($cohort IS NOT NULL AND c.cohort_id = $cohort
           AND EXISTS { MATCH (c)-[n1:NETWORK]->(x)<-[n2:NETWORK]-(d:Child)
                        WHERE d <> c AND d.cohort_id = $cohort AND NOT x:Worker
                          AND n1.category <> 'professional' AND n2.category <> 'professional'
                          AND {{ visible_child(d) }} AND {{ visible_member(c, n1, x, false) }}
                          AND {{ visible_member(d, n2, x, false) }} }))
  AND {{ visible_child(c) }}
RETURN c.child_id AS child_id, c.display_name AS display_name, c.date_of_birth AS date_of_birth,
       c.cohort_id AS cohort_id, c.community_id AS community_id
ORDER BY c.child_id
LIMIT 200
