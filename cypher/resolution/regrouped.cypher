// The cross-child step wrote these persons again.
UNWIND $ids AS id
MATCH (p:Person {person_id: id})
REMOVE p.regroup
