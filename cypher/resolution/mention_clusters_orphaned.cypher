// Child-level clusters whose child is gone, or whose mentions all are (deleted notes): removed,
// their persons marked regroup and their name blocks changed. Clusters whose person is gone (the
// loader deleted a record's person) wait for a link again. Returns the persons to check for orphans.
CALL () {
  MATCH (c:MentionCluster)
  WHERE NOT EXISTS { MATCH (:Child {child_id: c.child_id}) }
     OR NOT EXISTS { MATCH (m:Mention {cluster_key: c.key}) }
  OPTIONAL MATCH (p:Person {person_id: c.final_id})
  SET p.regroup = true
  WITH DISTINCT c
  OPTIONAL MATCH (c)-[:IN_NAME_BLOCK]->(b:NameBlock)
  SET b.changed = true
  WITH DISTINCT c
  WITH c, c.final_id AS final
  DETACH DELETE c
  RETURN collect(DISTINCT final) AS persons
}
CALL () {
  MATCH (c:MentionCluster)
  WHERE c.final_id IS NOT NULL AND NOT EXISTS { MATCH (:Person {person_id: c.final_id}) }
  SET c.needs_link = true
  RETURN count(c) AS unlinked
}
RETURN persons, unlinked
