// A batch of children resolved: what children_dirty compares with is stored.
UNWIND $children AS cid
MATCH (c:Child {child_id: cid})
CALL (c) {
  OPTIONAL MATCH (x)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR]->(c)
  SET x.resolved_hash = x.content_hash
  RETURN count(x) AS sources
}
SET c.resolution_dirty = false, c.resolved_hash = c.content_hash, c.resolved_sources = sources,
    c.resolved_mentions = COUNT { MATCH (m:Mention) WHERE m.child_id = c.child_id }
