// Before a batch of children's clusters are written: their old child-level clusters are removed
// (except $keep: those that come out exactly as they were, which keep their person and links),
// the persons the removed ones were part of marked regroup (the cross-child step writes them
// again) and their name blocks marked changed; their mentions lose the cluster they referred to
// (the batch sets it again on every mention of a cluster).
UNWIND $children AS cid
CALL (cid) {
  MATCH (old:MentionCluster {child_id: cid}) WHERE NOT old.key IN $keep
  OPTIONAL MATCH (p:Person {person_id: old.final_id})
  SET p.regroup = true
  WITH DISTINCT old
  OPTIONAL MATCH (old)-[:IN_NAME_BLOCK]->(b:NameBlock)
  SET b.changed = true
  WITH DISTINCT old
  DETACH DELETE old
}
CALL (cid) {
  MATCH (m:Mention {child_id: cid}) WHERE m.cluster_key IS NOT NULL
  REMOVE m.cluster_key, m.cluster_method, m.cluster_confidence
}
