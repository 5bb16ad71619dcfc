// One batch of records' name blocks (linkage.name_blocks.record_name_keys): what the cross-child
// step links mention-only persons to records by. The blocks a record leaves or joins -- and all of
// them for the records linked again (their person may have changed) -- are marked records_changed.
UNWIND $rows AS row
MATCH (r:AdultRecord {relationship_id: row.relationship_id})
OPTIONAL MATCH (r)-[old:NAMED]->(b:NameBlock)
SET b.records_changed = true
DELETE old
WITH DISTINCT r, row
FOREACH (k IN row.keys | MERGE (b:NameBlock {key: k}) SET b.records_changed = true MERGE (r)-[:NAMED]->(b))
