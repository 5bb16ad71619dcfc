// Where an increment's cross-child step starts (index lookups only): the clusters waiting for a
// link, those of persons marked regroup and the clusters of the mentions practitioner corrections
// name ($mentions). Name blocks whose clusters changed add their members only when they pair them
// otherwise now, and name blocks whose records changed the members that may be joined to those
// records (linkage.cross_child_step).
CALL () {
  MATCH (c:MentionCluster) WHERE c.needs_link = true
  RETURN c.key AS key
  UNION
  MATCH (p:Person) WHERE p.regroup = true
  MATCH (c:MentionCluster {final_id: p.person_id})
  RETURN c.key AS key
  UNION
  UNWIND $mentions AS mid
  MATCH (m:Mention {mention_id: mid}) WHERE m.cluster_key IS NOT NULL
  RETURN m.cluster_key AS key
}
RETURN collect(DISTINCT key) AS keys
