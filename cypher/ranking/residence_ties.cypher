// LIVES_AT ties of each given child and its network members: who lives where (co-residence).
// Parameters: $child_ids. Returns one row per child: child_id, rows (list of maps: child_id, resident
// (elementId), address (elementId), last_seen).
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})
CALL (c) {
  MATCH (c)-[:NETWORK]->(p:Person) RETURN p AS resident
  UNION
  RETURN c AS resident
}
MATCH (resident)-[l:LIVES_AT]->(a:Address)
RETURN cid AS child_id, collect({child_id: cid, resident: elementId(resident), address: elementId(a),
                               last_seen: l.last_seen}) AS rows
