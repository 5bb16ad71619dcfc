// Write rank (1 = most important in the child's network), rank_score and rank_components
// (JSON) onto NETWORK edges, and the date the children were ranked as of.
// Parameters: $rows (edge (elementId), rank, rank_score, rank_components), $child_ids, $as_of.
// Returns: written.
UNWIND $rows AS row
MATCH ()-[n:NETWORK]->() WHERE elementId(n) = row.edge
SET n.rank = row.rank, n.rank_score = row.rank_score, n.rank_components = row.rank_components
WITH count(n) AS written
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})
SET c.network_ranked_as_of = $as_of
RETURN written, count(c) AS children
