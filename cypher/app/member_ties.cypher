// What the records say about how members of one child's map are related to each other (for the
// map's optional family lines): the adults recorded for the child (person key, relationship as
// recorded) and, for each sibling child on the map the viewer may see, the adults recorded for that
// sibling. Nothing from a child the viewer may not see; the caller draws a line only between two
// members already on the viewer's map (`dashboards.family_lines`).
// Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
CALL (c) {
  OPTIONAL MATCH (c)<-[:RECORDED_FOR]-(r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
  WHERE p <> c AND NOT p:Child
  WITH r, p ORDER BY p.person_id, r.relationship_id
  RETURN [x IN collect({key: p.person_id, relationship: r.relationship, end_date: r.end_date}) WHERE x.key IS NOT NULL] AS own
}
CALL (c) {
  OPTIONAL MATCH (c)-[:NETWORK]->(s:Child)<-[:RECORDED_FOR]-(r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
  WHERE s <> c AND {{ visible_child(s) }} AND p <> c AND NOT p:Child
  WITH s, r, p ORDER BY s.person_id, p.person_id, r.relationship_id
  RETURN [x IN collect({sibling: s.person_id, key: p.person_id, relationship: r.relationship}) WHERE x.key IS NOT NULL] AS siblings
}
RETURN own, siblings
