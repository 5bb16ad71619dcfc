// Children whose network must be (re-)materialised: network_stale = true, in a stable order.
// Parameters: $limit. Returns: child_id.
MATCH (c:Child)
WHERE c.network_stale
RETURN c.child_id AS child_id
ORDER BY child_id
LIMIT $limit
