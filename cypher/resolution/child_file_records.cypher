// Every record on the given children's files, with its relationship to the child.
UNWIND $children AS child
MATCH (r:AdultRecord {child_id: child})
RETURN r.relationship_id AS id, r.relationship AS relationship
