// One batch of persons resolved from significant-adult records: the Person (origin 'records'),
// its RESOLVED_TO links (a record's link to any other person is removed) and the records
// marked resolved. decided_at is kept from the first time a link was made. grade is
// 'same person'; reasons (JSON) says how the record agrees with its person's other records.
// parent_role: the record makes its person a parent of the child (siblings share one).
// link_component: the records an increment links together (linkage.records.link_components).
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
SET p += row.props, p.origin = 'records'
WITH p, row
UNWIND row.members AS mem
MATCH (r:AdultRecord {relationship_id: mem.relationship_id})
MERGE (r)-[rt:RESOLVED_TO]->(p)
  ON CREATE SET rt.decided_at = coalesce(mem.decided_at, datetime())
SET rt.confidence = mem.confidence, rt.method = mem.method, rt.decided_by = mem.decided_by,
    rt.grade = 'same person', rt.reasons = mem.reasons
SET r.resolution_status = 'done', r.decisions_seen = mem.decisions_seen, r.parent_role = mem.parent_role,
    r.link_component = mem.component
WITH r, p
OPTIONAL MATCH (r)-[stale:RESOLVED_TO]->(q:Person) WHERE q <> p
DELETE stale
