// Mark the given children's networks stale (their inputs changed since they were materialised).
// Parameters: $child_ids. Returns: marked.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})
SET c.network_stale = true
RETURN count(c) AS marked
