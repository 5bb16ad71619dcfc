// Texts practitioners marked "Not a person" (PractitionerDecision kind 'not_person'), as negative
// examples for the extractor's next training: each mention still in the graph with the record's
// text around it (context, starting at context_start of the record's text). A pipeline read, not an
// app read: the training data never reaches a viewer. Parameters: $around (characters each side).
MATCH (d:PractitionerDecision {kind: 'not_person'})
UNWIND coalesce(d.mention_ids, []) AS mid
MATCH (mn:Mention {mention_id: mid})-[:IN]->(r)
WITH d, mn, r, coalesce(r.body, r.text, '') AS text,
     CASE WHEN mn.start > $around THEN mn.start - $around ELSE 0 END AS from
RETURN mn.mention_id AS mention_id, mn.text AS text, mn.label AS label,
       CASE WHEN r:CaseNote THEN 'note' ELSE 'document' END AS record_type,
       coalesce(r.note_id, r.document_id) AS record_id, mn.start AS start, mn.end AS end,
       substring(text, from, mn.end - from + $around) AS context, from AS context_start,
       d.decided_by AS decided_by, toString(d.decided_at) AS decided_at
ORDER BY decided_at, mention_id
