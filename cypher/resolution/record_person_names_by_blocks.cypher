// Names and recorded relationships of the persons resolved from records that have a record in
// one of these name blocks (every record of such a person), for linking an increment's
// mention-only persons to them.
UNWIND $blocks AS k
MATCH (:NameBlock {key: k})<-[:NAMED]-(:AdultRecord)-[:RESOLVED_TO]->(p:Person)
WITH DISTINCT p
MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p)
RETURN p.person_id AS person_id,
       collect({given: r.given_name, family: r.family_name, relationship: r.relationship,
                child_id: r.child_id}) AS records
