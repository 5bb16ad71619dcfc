// Names and recorded relationships of the persons resolved from records on these children's
// files (every record of such a person), for linking an increment's mention-only persons to a
// record person under another surname (linkage.cross_child._renamed_record_person).
UNWIND $children AS cid
MATCH (:AdultRecord {child_id: cid})-[:RESOLVED_TO]->(p:Person)
WITH DISTINCT p
MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p)
RETURN p.person_id AS person_id,
       collect({given: r.given_name, family: r.family_name, relationship: r.relationship,
                child_id: r.child_id}) AS records
