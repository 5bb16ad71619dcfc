// Practitioner input (risk/protective flags, hide, confirm/split, corrections) about members of one
// child's map. Only asked for after the child passed the visibility check. A "same person" or
// "not the same" correction is also returned for the other person it names (key_id: the member it
// is returned for). A role correction whose member's key is gone (a resolution run gave the person
// another id) follows the mentions or adult records it named to the member they belong to now.
// Parameters: $child_id, $keys.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
CALL {
  MATCH (d:PractitionerDecision)
  WHERE (d.target_id IN $keys OR (d.kind IN ['same_person', 'not_same'] AND d.other_id IN $keys))
    AND (d.child_id IS NULL OR d.child_id = $child_id)
  RETURN d, CASE WHEN d.target_id IN $keys THEN d.target_id ELSE d.other_id END AS key
  UNION
  MATCH (d:PractitionerDecision {kind: 'role', child_id: $child_id})
  WHERE NOT d.target_id IN $keys AND d.mention_ids IS NOT NULL
  MATCH (m:Mention)-[:REFERS_TO]->(p:Person)
  WHERE m.mention_id IN d.mention_ids AND p.person_id IN $keys
  RETURN d, p.person_id AS key
  UNION
  MATCH (d:PractitionerDecision {kind: 'role', child_id: $child_id})
  WHERE NOT d.target_id IN $keys AND d.records IS NOT NULL
  MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
  WHERE r.relationship_id IN d.records AND p.person_id IN $keys
  RETURN d, p.person_id AS key
}
RETURN key AS target_id, d.kind AS kind, d.reason AS reason, d.value AS value, d.category AS category,
       d.decided_by AS decided_by, d.decided_at AS decided_at
ORDER BY d.decided_at
