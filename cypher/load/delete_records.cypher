// Delete records named in deletions.csv and everything derived from them: mentions found in a
// deleted note or document, resolution links, and persons no other record or mention supports.
// A record updated after its deletion time was re-created at source and stays.
// Children lose their network edges and are marked stale so the pipeline re-ranks them.
UNWIND $rows AS row
CALL (row) {
  OPTIONAL MATCH (n:CaseNote {note_id: row.id}) WHERE row.table = 'case_notes' AND n.updated_at <= row.deleted_at
  RETURN n AS target
  UNION
  OPTIONAL MATCH (d:Document {document_id: row.id}) WHERE row.table = 'documents' AND d.updated_at <= row.deleted_at
  RETURN d AS target
  UNION
  OPTIONAL MATCH (r:SourceRecord {record_key: row.record_key})
    WHERE row.table IN ['significant_adults', 'worker_allocations'] AND r.updated_at <= row.deleted_at
  RETURN r AS target
  UNION
  OPTIONAL MATCH (c:Child {child_id: row.id}) WHERE row.table = 'children' AND c.updated_at <= row.deleted_at
  OPTIONAL MATCH (x)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR|RESOLVED_TO]->(c)
  UNWIND [c, x] AS target
  RETURN target
}
WITH row, target WHERE target IS NOT NULL
OPTIONAL MATCH (target)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR]->(owner:Child)
SET owner.network_stale = true
WITH row, target
OPTIONAL MATCH (m:Mention)-[:IN]->(target)
OPTIONAL MATCH (target)-[:RESOLVED_TO]->(p:Person) WHERE NOT p:Child AND NOT p:Worker
OPTIONAL MATCH (m)-[:REFERS_TO]->(q:Person) WHERE NOT q:Child AND NOT q:Worker
WITH row, target, collect(DISTINCT m) AS mentions, collect(DISTINCT p) + collect(DISTINCT q) AS people
FOREACH (m IN mentions | DETACH DELETE m)
DETACH DELETE target
WITH row, people
UNWIND people AS person
WITH DISTINCT row, person
WHERE person IS NOT NULL AND NOT EXISTS { ()-[:RESOLVED_TO|REFERS_TO]->(person) }
DETACH DELETE person
RETURN count(*) AS orphans_removed
