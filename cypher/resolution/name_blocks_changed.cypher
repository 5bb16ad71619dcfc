// The name blocks whose clusters changed since the last cross-child step (index lookup), each
// with its size now and the flags it paired its clusters with at the last run (null: unknown).
MATCH (b:NameBlock) WHERE b.changed = true
RETURN b.key AS block, COUNT { (b)<-[:IN_NAME_BLOCK]-() } AS size, b.flags AS flags
