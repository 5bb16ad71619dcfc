// The given children's networks are materialised: clear network_stale.
// Parameters: $child_ids. Returns: marked.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})
SET c.network_stale = false
RETURN count(c) AS marked
