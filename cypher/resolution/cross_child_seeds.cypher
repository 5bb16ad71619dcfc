// Where an increment's cross-child step starts (index lookups only), by source: the clusters
// waiting for a link (waiting), those of persons marked regroup (regrouped) and the clusters of
// the mentions practitioner corrections name ($mentions; named). Name blocks whose clusters
// changed add their members only when they pair them otherwise now, and name blocks whose records
// changed the members that may be joined to those records (linkage.cross_child_step).
CALL () {
  MATCH (c:MentionCluster) WHERE c.needs_link = true
  RETURN collect(c.key) AS waiting
}
CALL () {
  MATCH (p:Person) WHERE p.regroup = true
  MATCH (c:MentionCluster {final_id: p.person_id})
  RETURN collect(DISTINCT c.key) AS regrouped
}
CALL () {
  UNWIND $mentions AS mid
  MATCH (m:Mention {mention_id: mid}) WHERE m.cluster_key IS NOT NULL
  RETURN collect(DISTINCT m.cluster_key) AS named
}
RETURN waiting, regrouped, named
