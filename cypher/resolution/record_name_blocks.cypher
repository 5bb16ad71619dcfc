// One batch of records' name blocks (linkage.name_blocks.record_name_keys): what the cross-child
// step links mention-only persons to records by. row.mark (a record whose name or person changed):
// the blocks it leaves, joins or stays in are marked records_changed, with what the cross-child
// step needs to find the clusters that may be joined to it: the record's first given name
// (changed_givens), or changed_all (any cluster of the block) for a record whose name may have
// changed (row.any_name: its blocks of before are left, its given name of before is not known) or
// that has no given name. A record's blocks follow from its name alone.
UNWIND $rows AS row
MATCH (r:AdultRecord {relationship_id: row.relationship_id})
OPTIONAL MATCH (r)-[old:NAMED]->(b:NameBlock)
SET b.records_changed = CASE WHEN coalesce(row.mark, true) THEN true ELSE b.records_changed END,
    b.changed_all = CASE WHEN coalesce(row.mark, true) AND coalesce(row.any_name, true) THEN true
                         ELSE b.changed_all END
DELETE old
WITH DISTINCT r, row
FOREACH (k IN row.keys | MERGE (b:NameBlock {key: k})
  MERGE (r)-[:NAMED]->(b))
WITH r, row WHERE coalesce(row.mark, true)
MATCH (r)-[:NAMED]->(b:NameBlock)
SET b.records_changed = true,
    b.changed_all = CASE WHEN coalesce(row.any_name, true) OR row.given IS NULL THEN true ELSE b.changed_all END,
    b.changed_givens = CASE WHEN row.given IS NULL OR row.given IN coalesce(b.changed_givens, []) THEN b.changed_givens
                            ELSE coalesce(b.changed_givens, []) + row.given END
