// Practitioner input (risk/protective flags, hide, confirm/split, corrections) about members of one
// child's map. Only asked for after the child passed the visibility check. A "same person" or
// "not the same" correction is also returned for the other person it names (key_id: the member it
// is returned for). Parameters: $child_id, $keys.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
MATCH (d:PractitionerDecision)
WHERE (d.target_id IN $keys OR (d.kind IN ['same_person', 'not_same'] AND d.other_id IN $keys))
  AND (d.child_id IS NULL OR d.child_id = $child_id)
RETURN CASE WHEN d.target_id IN $keys THEN d.target_id ELSE d.other_id END AS target_id,
       d.kind AS kind, d.reason AS reason, d.value AS value, d.category AS category,
       d.decided_by AS decided_by, d.decided_at AS decided_at
ORDER BY d.decided_at
