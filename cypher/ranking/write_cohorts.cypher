// Write cohort analysis results: cohort_id (connected component, "cohort:<digest of its child ids>", opaque),
// cohort_size (children in it), community_id (Louvain, "community:<smallest child id>"),
// community_size and connector_score (betweenness) on children, persons, addresses and places.
// Parameters: $rows (node_id, cohort_id, cohort_size, community_id, community_size, connector_score).
// Returns: written.
UNWIND $rows AS row
WITH row, gds.util.asNode(row.node_id) AS n
SET n.cohort_id = row.cohort_id, n.cohort_size = row.cohort_size,
    n.community_id = row.community_id, n.community_size = row.community_size,
    n.connector_score = row.connector_score
RETURN count(n) AS written
