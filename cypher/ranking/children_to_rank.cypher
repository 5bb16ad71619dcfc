// Children with a materialised network to rank: all of them ($all = true) or those with an
// edge not ranked yet, in a stable order.
// Parameters: $all. Returns: child_id.
MATCH (c:Child)-[n:NETWORK]->()
WITH c, count(n) AS edges, count(n.rank) AS ranked
WHERE $all OR ranked < edges
RETURN c.child_id AS child_id
ORDER BY child_id
