// For each child given, the records on its file of persons who are on another child's file too,
// with that record there: what tells the parents-of-siblings rule which children are siblings
// (the roles decide whether a link counts) and whose records show it.
UNWIND $children AS child
MATCH (a:AdultRecord {child_id: child})-[:RESOLVED_TO]->(:Person)<-[:RESOLVED_TO]-(b:AdultRecord)
WHERE b.child_id <> child
RETURN child, b.child_id AS other, a.relationship_id AS here, a.relationship AS role_here,
       b.relationship_id AS there, b.relationship AS role_there
