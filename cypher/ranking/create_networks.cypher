// Create one NETWORK edge per child and member (Person, Address or Place), as materialised.
// Parameters: $edges (child_id, target (elementId), props). Returns: created.
UNWIND $edges AS e
MATCH (c:Child {child_id: e.child_id})
MATCH (t) WHERE elementId(t) = e.target
CREATE (c)-[n:NETWORK]->(t)
SET n = e.props
RETURN count(n) AS created
