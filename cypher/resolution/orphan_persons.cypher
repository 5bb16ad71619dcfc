// Persons (not children or workers) that no record and no mention supports any more: removed;
// the clusters pointing at one wait for a link again.
MATCH (p:Person)
WHERE NOT p:Child AND NOT p:Worker
  AND NOT EXISTS { (:AdultRecord)-[:RESOLVED_TO]->(p) }
  AND (p.origin = 'records' OR NOT EXISTS { (:Mention)-[:REFERS_TO]->(p) })
CALL (p) {
  MATCH (c:MentionCluster {final_id: p.person_id})
  SET c.needs_link = true
}
DETACH DELETE p
RETURN count(*) AS removed
