// Practitioners' "right role / group" corrections on the given children's maps (the app's
// `graph_model.decisions.correct_role`), for the person each one is about now: the member it was
// made on while that person still exists, else the person its mentions or adult records belong
// to after a resolution run gave them another id (as `cypher/app/practitioner_decisions.cypher`
// follows them for the map). A correction only says who a member *is*: it adds no member that no
// other evidence names and no piece of evidence (`ranking.corrections`).
// Parameters: $child_ids. Returns one row per correction and person: child_id, target (elementId),
// target_key, target_kind, source, evidence_key, role_text, category, decided_at.
UNWIND $child_ids AS cid
MATCH (d:PractitionerDecision {kind: 'role', child_id: cid})
OPTIONAL MATCH (same:Person {person_id: d.target_id})
CALL (d, same) {
  WITH d, same WHERE same IS NOT NULL
  RETURN same AS p
  UNION
  WITH d, same WHERE same IS NULL
  MATCH (m:Mention)-[:REFERS_TO]->(p:Person)
  WHERE m.mention_id IN coalesce(d.mention_ids, [])
  RETURN p
  UNION
  WITH d, same WHERE same IS NULL
  MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
  WHERE r.relationship_id IN coalesce(d.records, [])
  RETURN p
}
RETURN cid AS child_id, elementId(p) AS target, p.person_id AS target_key, 'person' AS target_kind,
       'correction' AS source, d.decision_id AS evidence_key, d.value AS role_text, d.category AS category,
       d.decided_at AS decided_at
