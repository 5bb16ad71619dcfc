// Mentions (by id) in notes/documents the user may read, on children the user may see: what a
// practitioner's correction may name (anything else is dropped before it is stored).
// Parameters: $ids, $teams, $allocation_valid_from.
MATCH (mn:Mention)-[:IN]->(r)-[:ABOUT]->(c:Child)
WHERE mn.mention_id IN $ids AND (r:CaseNote OR r:Document) AND {{ visible_child(c) }}
WITH mn, r, c, {{ sees_restricted_records(c) }} AS sees_restricted
WHERE {{ visible_record(r, sees_restricted) }}
RETURN mn.mention_id AS mention_id, mn.text AS text, mn.label AS label, c.child_id AS child_id
ORDER BY mention_id
