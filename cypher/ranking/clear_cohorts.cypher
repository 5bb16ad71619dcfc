// Remove the results of the previous cohort analysis before writing new ones.
// Parameters: none. Returns: cleared.
MATCH (n)
WHERE (n:Person OR n:Address OR n:Place)
  AND (n.cohort_id IS NOT NULL OR n.community_id IS NOT NULL OR n.connector_score IS NOT NULL)
REMOVE n.cohort_id, n.cohort_size, n.community_id, n.community_size, n.connector_score
RETURN count(n) AS cleared
