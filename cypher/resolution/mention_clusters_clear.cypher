// Before a batch of children's clusters are written: their old child-level clusters are removed,
// the persons those were part of marked regroup (the cross-child step writes them again) and
// their name blocks marked changed; their mentions lose the cluster they referred to.
UNWIND $children AS cid
CALL (cid) {
  MATCH (old:MentionCluster {child_id: cid})
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
