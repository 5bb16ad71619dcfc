// Persons marked regroup (a child-level cluster of theirs was replaced), for the cross-child step.
MATCH (p:Person) WHERE p.regroup = true
RETURN collect(p.person_id) AS ids
