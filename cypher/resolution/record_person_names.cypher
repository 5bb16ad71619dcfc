// Names and recorded relationships of persons resolved from records (for linking
// mention-only persons of other children to them).
MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
RETURN p.person_id AS person_id,
       collect({given: r.given_name, family: r.family_name, relationship: r.relationship,
                child_id: r.child_id}) AS records
