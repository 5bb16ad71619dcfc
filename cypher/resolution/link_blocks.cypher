// One batch of records' blocking keys (the linker's fingerprints, 'related:' keys for grading):
// (:AdultRecord)-[:IN_BLOCK]->(:LinkBlock {key}); keys a record no longer has are removed. link_keyed:
// the model that made the keys (linkage.resolve_records.model_id).
UNWIND $rows AS row
MATCH (r:AdultRecord {relationship_id: row.relationship_id})
OPTIONAL MATCH (r)-[old:IN_BLOCK]->(b:LinkBlock) WHERE NOT b.key IN row.keys
DELETE old
WITH DISTINCT r, row
FOREACH (k IN row.keys | MERGE (b:LinkBlock {key: k}) MERGE (r)-[:IN_BLOCK]->(b))
SET r.link_keyed = row.model
