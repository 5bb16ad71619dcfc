// Data quality: rows rejected by loads ((:LoadRun)-[:REJECTED]->(:QuarantineItem)) and files the
// text extraction could not read ((:QuarantineItem {stage: 'document_text'})-[:CONCERNS]->(:Document)).
// An item about a record of a restricted child is left out (not counted) for users outside the
// child's restricted_to_teams; an item about a restricted note/document also for users not
// allocated to the child. The item's record_id is matched against the ids of loaded records
// (children, notes, documents, significant adults, allocations) to find its child.
// Fail closed: an item about no loaded child (a row that never loaded) is for admins only, and an
// item the loader marked restricted (q.restricted, q.restricted_to_teams) needs one of its teams.
// Parameters: $teams, $allocation_valid_from, $viewer_roles, $stage ('load'|'document_text'|null), $reason (or null), $limit.
MATCH (q:QuarantineItem)
WHERE $stage IS NULL OR $stage = CASE WHEN q.stage = 'document_text' THEN 'document_text' ELSE 'load' END
WITH q WHERE $reason IS NULL OR q.reason = $reason
OPTIONAL MATCH (run:LoadRun)-[:REJECTED]->(q)
WITH q, run,
     COLLECT { MATCH (q)-[:CONCERNS]->(d:Document)-[:ABOUT]->(c:Child) RETURN {child: c.child_id, ok: {{ visible_child(c) }} AND {{ visible_record(d, {{ sees_restricted_records(c) }}) }}} AS x } +
     COLLECT { MATCH (c:Child) WHERE c.child_id IN [q.child_id, q.record_id] RETURN {child: c.child_id, ok: {{ visible_child(c) }}} AS x } +
     COLLECT { MATCH (n:CaseNote)-[:ABOUT]->(c:Child) WHERE n.note_id = q.record_id RETURN {child: c.child_id, ok: {{ visible_child(c) }} AND {{ visible_record(n, {{ sees_restricted_records(c) }}) }}} AS x } +
     COLLECT { MATCH (d:Document)-[:ABOUT]->(c:Child) WHERE d.document_id = q.record_id RETURN {child: c.child_id, ok: {{ visible_child(c) }} AND {{ visible_record(d, {{ sees_restricted_records(c) }}) }}} AS x } +
     COLLECT { MATCH (a:AdultRecord)-[:RECORDED_FOR]->(c:Child) WHERE a.relationship_id = q.record_id RETURN {child: c.child_id, ok: {{ visible_child(c) }}} AS x } +
     COLLECT { MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c:Child) WHERE a.allocation_id = q.record_id RETURN {child: c.child_id, ok: {{ visible_child(c) }}} AS x }
     AS about
WHERE CASE WHEN size(about) > 0 THEN all(x IN about WHERE x.ok)
           ELSE 'admin' IN $viewer_roles END
  AND {{ visible_child(q) }}  // the loader stores the row's restriction on the item as on a child
RETURN CASE WHEN q.stage = 'document_text' THEN 'document_text' ELSE 'load' END AS stage,
       q.file AS file, q.line AS line, q.reason AS reason, q.detail AS detail, q.record_id AS record_id,
       run.run_id AS run_id, coalesce(q.quarantined_at, run.started_at) AS at,
       head([x IN about | x.child]) AS child_id
ORDER BY at DESC, file, line
LIMIT $limit
