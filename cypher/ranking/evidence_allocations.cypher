// Worker allocations of the given children: the allocation period is when the worker was seen.
// Parameters: $child_ids. Returns one row per allocation: child_id, target, target_key, target_kind,
// source, evidence_key, role_text, team, start_date, end_date, recorded_on, confidence.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})<-[:ALLOCATION_FOR]-(a:AllocationRecord)-[rt:RESOLVED_TO]->(w:Worker)
RETURN cid AS child_id, elementId(w) AS target, w.person_id AS target_key, 'person' AS target_kind,
       'allocation' AS source, a.record_key AS evidence_key, a.role AS role_text, a.team AS team,
       a.start_date AS start_date, a.end_date AS end_date, date(a.updated_at) AS recorded_on,
       coalesce(rt.confidence, 1.0) AS confidence
