// Practitioner decisions recorded on one child's page, newest first (after the visibility check).
// Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
MATCH (d:PractitionerDecision {child_id: $child_id})
RETURN d.decision_id AS decision_id, d.kind AS kind, d.target_id AS target_id, d.other_id AS other_id,
       d.reason AS reason, d.decided_by AS decided_by, d.decided_at AS decided_at
ORDER BY d.decided_at DESC
