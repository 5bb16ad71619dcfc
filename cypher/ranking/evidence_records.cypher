// Significant-adult records of the given children that entity resolution has resolved to a Person.
// Parameters: $child_ids. Returns one row per record: child_id, target (elementId), target_key,
// target_kind, source, evidence_key, role_text, start_date, end_date, recorded_on, confidence, known_roles.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})<-[:RECORDED_FOR]-(r:AdultRecord)-[rt:RESOLVED_TO]->(p:Person)
WHERE p <> c
RETURN cid AS child_id, elementId(p) AS target, p.person_id AS target_key, 'person' AS target_kind,
       'record' AS source, r.record_key AS evidence_key, r.relationship AS role_text,
       r.start_date AS start_date, r.end_date AS end_date, date(r.updated_at) AS recorded_on,
       coalesce(rt.confidence, 1.0) AS confidence, p.roles AS known_roles, p:Worker AS is_worker
