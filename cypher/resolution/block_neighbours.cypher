// Records sharing a block with the given keys, skipping blocks of more than $max records (the
// linker skips them too); with the number of blocks looked at.
UNWIND $keys AS k
MATCH (b:LinkBlock {key: k})
WITH b, COUNT { (b)<-[:IN_BLOCK]-() } AS size
WHERE size <= $max
MATCH (b)<-[:IN_BLOCK]-(o:AdultRecord)
RETURN collect(DISTINCT o.relationship_id) AS ids, count(DISTINCT b) AS blocks
