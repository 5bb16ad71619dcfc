// The children on whose files the given records are, and for each the records of persons on that
// file and on another child's: what tells the parents-of-siblings rule which children are siblings.
UNWIND $ids AS id
MATCH (r:AdultRecord {relationship_id: id})
WITH DISTINCT r.child_id AS child
OPTIONAL MATCH (a:AdultRecord {child_id: child})-[:RESOLVED_TO]->(:Person)<-[:RESOLVED_TO]-(b:AdultRecord)
WHERE b.child_id <> child
RETURN child, a.relationship AS role_here, b.child_id AS other, b.relationship AS role_there
