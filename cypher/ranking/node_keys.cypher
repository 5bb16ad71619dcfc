// Which projected GDS node ids are children (to give cohorts stable, readable ids).
// Parameters: $node_ids. Returns: node_id, child_id (null for everything but children).
UNWIND $node_ids AS node_id
WITH node_id, gds.util.asNode(node_id) AS n
RETURN node_id, n.child_id AS child_id
