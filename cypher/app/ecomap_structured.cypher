// Fallback network for a child with no NETWORK edges yet (freshly loaded graph): the recorded
// significant adults and worker allocations. Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
CALL (c) {
  MATCH (r:AdultRecord)-[:RECORDED_FOR]->(c)
  OPTIONAL MATCH (r)-[:RESOLVED_TO]->(p:Person)
  RETURN 'record' AS source, coalesce(p.person_id, r.record_key) AS key,
         coalesce(p.display_name, trim(coalesce(r.given_name, '') + ' ' + coalesce(r.family_name, ''))) AS name,
         r.relationship AS role, r.start_date AS first_seen, coalesce(r.end_date, date(r.updated_at)) AS last_seen,
         r.end_date IS NULL AS current, null AS agency, false AS is_worker
  UNION
  MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c)
  OPTIONAL MATCH (a)-[:RESOLVED_TO]->(w:Worker)
  RETURN 'allocation' AS source, coalesce(w.person_id, 'worker:' + a.worker_id) AS key,
         coalesce(a.worker_name, w.display_name, a.worker_id) AS name, a.role AS role,
         a.start_date AS first_seen, coalesce(a.end_date, date(a.updated_at)) AS last_seen,
         a.end_date IS NULL AS current, coalesce(a.team, 'children\'s social care') AS agency, true AS is_worker
}
RETURN source, key, name, role, first_seen, last_seen, current, agency, is_worker
