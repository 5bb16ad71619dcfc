// Children whose network must be (re-)materialised and ranked, in a stable order.
MATCH (c:Child)
WHERE c.network_stale
RETURN c.child_id AS child_id
ORDER BY child_id
LIMIT $limit
