// The records and person of every record given, and every other record of that person.
UNWIND $ids AS id
MATCH (r:AdultRecord {relationship_id: id})
OPTIONAL MATCH (r)-[:RESOLVED_TO]->(p:Person)
OPTIONAL MATCH (o:AdultRecord)-[:RESOLVED_TO]->(p)
WITH r, p, collect(o.relationship_id) AS others
RETURN r.relationship_id AS relationship_id, r.child_id AS child_id, p.person_id AS person_id, others
