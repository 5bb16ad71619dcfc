// Each significant-adult record and the person the record linker resolved it to (evaluation).
MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p:Person) RETURN r.relationship_id AS rid, p.person_id AS pid
