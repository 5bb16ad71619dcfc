// Data quality: rows rejected by loads ((:LoadRun)-[:REJECTED]->(:QuarantineItem)) and files the
// text extraction could not read ((:QuarantineItem {stage: 'document_text'})-[:CONCERNS]->(:Document)).
// An item about a record of a restricted child is left out (not counted) for users outside the
// child's restricted_to_teams; an item about a restricted note/document also for users not
// allocated to the child. The item's record_id is matched against the ids of loaded records
// (children, notes, documents, significant adults, allocations) to find its child.
// Parameters: $teams, $stage ('load'|'document_text'|null), $reason (or null), $limit.
MATCH (q:QuarantineItem)
WHERE $stage IS NULL OR $stage = CASE WHEN q.stage = 'document_text' THEN 'document_text' ELSE 'load' END
WITH q WHERE $reason IS NULL OR q.reason = $reason
OPTIONAL MATCH (run:LoadRun)-[:REJECTED]->(q)
WITH q, run,
     COLLECT { MATCH (q)-[:CONCERNS]->(d:Document)-[:ABOUT]->(c:Child) RETURN {child: c.child_id, ok: (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)) AND (NOT coalesce(d.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams) OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(al:AllocationRecord) WHERE al.team IN $teams })} AS x } +
     COLLECT { MATCH (c:Child) WHERE c.child_id IN [q.child_id, q.record_id] RETURN {child: c.child_id, ok: (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams))} AS x } +
     COLLECT { MATCH (n:CaseNote)-[:ABOUT]->(c:Child) WHERE n.note_id = q.record_id RETURN {child: c.child_id, ok: (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)) AND (NOT coalesce(n.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams) OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(al:AllocationRecord) WHERE al.team IN $teams })} AS x } +
     COLLECT { MATCH (d:Document)-[:ABOUT]->(c:Child) WHERE d.document_id = q.record_id RETURN {child: c.child_id, ok: (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)) AND (NOT coalesce(d.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams) OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(al:AllocationRecord) WHERE al.team IN $teams })} AS x } +
     COLLECT { MATCH (a:AdultRecord)-[:RECORDED_FOR]->(c:Child) WHERE a.relationship_id = q.record_id RETURN {child: c.child_id, ok: (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams))} AS x } +
     COLLECT { MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c:Child) WHERE a.allocation_id = q.record_id RETURN {child: c.child_id, ok: (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams))} AS x }
     AS about
WHERE all(x IN about WHERE x.ok)
RETURN CASE WHEN q.stage = 'document_text' THEN 'document_text' ELSE 'load' END AS stage,
       q.file AS file, q.line AS line, q.reason AS reason, q.detail AS detail, q.record_id AS record_id,
       run.run_id AS run_id, coalesce(q.quarantined_at, run.started_at) AS at,
       head([x IN about | x.child]) AS child_id
ORDER BY at DESC, file, line
LIMIT $limit
