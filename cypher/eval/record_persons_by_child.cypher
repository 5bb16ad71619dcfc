// Every adult record with its child and the person it is resolved to (evaluation.increment_scope).
MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
RETURN r.relationship_id AS id, r.child_id AS child, p.person_id AS person
