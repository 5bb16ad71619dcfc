// Practitioner decisions about record merges (never written by the pipeline).
// kind 'split': target_id (a relationship_id) is not the same person as other_id, or, without
// other_id, is a person of its own. kind 'confirm_merge': target_id and other_id are one person.
MATCH (d:PractitionerDecision)
WHERE d.kind IN ['split', 'confirm_merge']
RETURN d.kind AS kind, d.target_id AS target_id, d.other_id AS other_id,
       d.decided_by AS decided_by, toString(d.decided_at) AS decided_at
ORDER BY decided_at
