// Replace the mentions of one batch of case notes / documents (run in one transaction per
// batch): old mentions and their REFERS_TO links go, the new ones are created, and the
// record is marked done. A record whose content changed since it was read is skipped
// (it stays pending). mention_id = "<note|doc>:<record id>:<start>-<end>".
UNWIND $records AS rec
CALL (rec) {
  MATCH (n:CaseNote {note_id: rec.id}) WHERE rec.kind = 'note' RETURN n AS r
  UNION
  MATCH (d:Document {document_id: rec.id}) WHERE rec.kind = 'doc' RETURN d AS r
}
WITH rec, r WHERE r.content_hash = rec.content_hash
OPTIONAL MATCH (old:Mention)-[:IN]->(r)
WITH rec, r, collect(old) AS olds
FOREACH (m IN olds | DETACH DELETE m)
SET r.extraction_status = 'done', r.mentions_extracted_at = datetime(), r.mention_count = size(rec.mentions)
WITH rec, r
UNWIND rec.mentions AS mp
CREATE (m:Mention)
SET m = mp
CREATE (m)-[:IN]->(r)
