// Practitioner input (risk/protective flags, hide, confirm/split) about members of one child's map.
// Only asked for after the child passed the visibility check. Parameters: $child_id, $keys.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
MATCH (d:PractitionerDecision)
WHERE d.target_id IN $keys AND (d.child_id IS NULL OR d.child_id = $child_id)
RETURN d.target_id AS target_id, d.kind AS kind, d.reason AS reason, d.decided_by AS decided_by,
       d.decided_at AS decided_at
ORDER BY d.decided_at
