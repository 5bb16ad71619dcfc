// MACE: the children to compare — those named (case references) and/or a detected cohort
// (cohort_id written by ranking.cohorts) — that the user may see. Parameters: $child_ids, $cohort, $teams.
MATCH (c:Child)
WHERE (c.child_id IN $child_ids OR ($cohort IS NOT NULL AND c.cohort_id = $cohort))
  AND {{ visible_child(c) }}
RETURN c.child_id AS child_id, c.display_name AS display_name, c.date_of_birth AS date_of_birth,
       c.cohort_id AS cohort_id, c.community_id AS community_id
ORDER BY c.child_id
LIMIT 200
