// One batch of records' name blocks (linkage.name_blocks.record_name_keys): what the cross-child
// step links mention-only persons to records by. row.mark (a record whose name or person changed):
// the blocks it leaves or joins, and those it stays in, are marked records_changed.
UNWIND $rows AS row
MATCH (r:AdultRecord {relationship_id: row.relationship_id})
OPTIONAL MATCH (r)-[old:NAMED]->(b:NameBlock)
SET b.records_changed = CASE WHEN coalesce(row.mark, true) THEN true ELSE b.records_changed END
DELETE old
WITH DISTINCT r, row
FOREACH (k IN row.keys | MERGE (b:NameBlock {key: k})
  SET b.records_changed = CASE WHEN coalesce(row.mark, true) THEN true ELSE b.records_changed END
  MERGE (r)-[:NAMED]->(b))
