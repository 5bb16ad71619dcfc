// Which of these case references are children already in the graph (for increments).
UNWIND $ids AS id
MATCH (c:Child {child_id: id})
RETURN c.child_id AS child_id
