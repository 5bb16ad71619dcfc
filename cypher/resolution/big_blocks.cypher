// The pairing blocks (not the 'related:' grading keys) of the records given that hold more than $max
// records on the whole file: the linker skips them in a full run, so an increment's scope, where
// they look small, must skip them too.
UNWIND $ids AS id
MATCH (:AdultRecord {relationship_id: id})-[:IN_BLOCK]->(b:LinkBlock)
WHERE NOT b.key STARTS WITH 'related:'
WITH DISTINCT b
WHERE COUNT { (b)<-[:IN_BLOCK]-() } > $max
RETURN collect(b.key) AS keys
