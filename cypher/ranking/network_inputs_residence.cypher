// Where the members of the given children's networks (and the children) live: what the
// ranking's co-residence ties read (ranking/residence_ties.cypher), by key rather than
// element id, for the network inputs fingerprint (ranking.materialise.network_inputs).
// Parameters: $child_ids. Returns: child_id, resident, address, first_seen, last_seen.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})
CALL (c) {
  MATCH (c)-[:NETWORK]->(p:Person) RETURN p AS resident
  UNION
  RETURN c AS resident
}
MATCH (resident)-[l:LIVES_AT]->(a:Address)
RETURN cid AS child_id, resident.person_id AS resident, a.address_key AS address,
       toString(l.first_seen) AS first_seen, toString(l.last_seen) AS last_seen
