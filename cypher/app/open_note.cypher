// One case note for the in-app viewer, with its mentions (character offsets into body; a mention of
// a child the user may not see is plain text: no link, no id).
// Returns no row when the note's child or the note itself is restricted from the user.
// Parameters: $record_id, $teams.
MATCH (r:CaseNote {note_id: $record_id})-[:ABOUT]->(c:Child)
WHERE {{ visible_child(c) }}
  AND {{ visible_record(r, {{ sees_restricted_records(c) }}) }}
OPTIONAL MATCH (r)-[:WRITTEN_BY]->(w:Worker)
RETURN 'note' AS kind, r.note_id AS record_id, c.child_id AS child_id, c.display_name AS child_name,
       r.subject AS title, r.note_type AS record_type, r.event_date AS date, r.recorded_at AS recorded_at,
       w.display_name AS author, coalesce(r.restricted, false) AS restricted, r.body AS text,
       [(mn:Mention)-[:IN]->(r) | mn {.mention_id, .start, .end, .text, .label, .role,
          person: head([(mn)-[:REFERS_TO]->(t) WHERE NOT t:Child OR {{ visible_child(t) }}
                    | coalesce(t.person_id, t.address_key, t.place_key)])}] AS mentions
