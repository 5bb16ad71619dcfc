// Where the given children live (LIVES_AT an Address) and who else lives there in an
// overlapping period (co-residence makes someone household).
// Parameters: $child_ids. Returns one row per address or co-resident: child_id, target, target_key,
// target_kind, source, evidence_key, first_seen, last_seen, known_roles, is_worker.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})-[home:LIVES_AT]->(a:Address)
CALL (c, home, a) {
  RETURN elementId(a) AS target, a.address_key AS target_key, 'address' AS target_kind,
         home.first_seen AS first_seen, home.last_seen AS last_seen, null AS known_roles, false AS is_worker
  UNION
  MATCH (a)<-[other:LIVES_AT]-(p:Person)
  WHERE p <> c
    AND (home.first_seen IS NULL OR other.last_seen IS NULL OR other.last_seen >= home.first_seen)
    AND (other.first_seen IS NULL OR home.last_seen IS NULL OR other.first_seen <= home.last_seen)
  RETURN elementId(p) AS target, p.person_id AS target_key, 'person' AS target_kind,
         other.first_seen AS first_seen, other.last_seen AS last_seen, p.roles AS known_roles,
         p:Worker AS is_worker
}
RETURN cid AS child_id, target, target_key, target_kind, 'address' AS source,
       'address:' + a.address_key AS evidence_key, first_seen, last_seen, known_roles, is_worker
