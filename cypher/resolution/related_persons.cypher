// Persons resolved from records that share a 'related:' key (family name + address/postcode)
// with the given keys, with their records' relationship ids.
UNWIND $keys AS k
MATCH (:LinkBlock {key: k})<-[:IN_BLOCK]-(:AdultRecord)-[:RESOLVED_TO]->(p:Person)
WITH DISTINCT p
MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p)
RETURN p.person_id AS person_id, collect(r.relationship_id) AS records
