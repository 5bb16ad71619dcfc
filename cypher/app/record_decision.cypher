// Store one practitioner decision and its audit event in one transaction. Only when the child
// is visible to the user (restricted children need one of restricted_to_teams) and the user has the
// practitioner role ($viewer_roles, checked here as well as in Python). Never updated or
// deleted by the pipeline; a later decision about the same target supersedes it (read in order).
// Parameters: $decision_id, $kind, $target_id, $other_id, $child_id, $reason, $user, $teams,
// $detail (JSON string for the audit event), $correction: null, or for a correction from the
// evidence panel a map of mention_ids, other_mention_ids, other_records, records (ids the user may
// see, checked before; records: the member's own adult records, for a role correction), value
// (the chosen role), category (the chosen group), texts (the mention texts).
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }} AND 'practitioner' IN $viewer_roles
CREATE (d:PractitionerDecision {decision_id: $decision_id, kind: $kind, target_id: $target_id,
                                other_id: $other_id, child_id: $child_id, reason: $reason,
                                mention_ids: $correction.mention_ids, other_mention_ids: $correction.other_mention_ids,
                                other_records: $correction.other_records, records: $correction.records, value: $correction.value,
                                category: $correction.category, texts: $correction.texts,
                                decided_by: $user, decided_at: datetime()})
CREATE (e:AuditEvent {at: d.decided_at, user: $user, action: 'change',
                      target: 'child:' + $child_id, detail: $detail, teams: $teams,
                      about_children: [$child_id], restricted: {{ restricted_child(c) }},
                      restricted_to_teams: CASE WHEN {{ restricted_child(c) }} THEN coalesce(c.restricted_to_teams, []) ELSE [] END})
RETURN d.decision_id AS decision_id, d.kind AS kind, d.target_id AS target_id, d.other_id AS other_id,
       d.child_id AS child_id, d.reason AS reason, d.value AS value, d.category AS category,
       d.decided_by AS decided_by, d.decided_at AS decided_at
