// Significant-adult records by relationship id, only those about children the user may see
// (a merge decision may name only visible records). Parameters: $ids, $teams.
MATCH (r:AdultRecord)-[:RECORDED_FOR]->(c:Child)
WHERE r.relationship_id IN $ids
  AND {{ visible_child(c) }}
RETURN r.relationship_id AS relationship_id, c.child_id AS child_id
