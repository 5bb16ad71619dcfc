// One case note for the in-app viewer, with its mentions (character offsets into body).
// Returns no row when the note's child or the note itself is restricted from the user.
// Parameters: $record_id, $teams.
MATCH (r:CaseNote {note_id: $record_id})-[:ABOUT]->(c:Child)
WHERE (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams))
  AND (NOT coalesce(r.restricted, false)
       OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
       OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.team IN $teams })
OPTIONAL MATCH (r)-[:WRITTEN_BY]->(w:Worker)
RETURN 'note' AS kind, r.note_id AS record_id, c.child_id AS child_id, c.display_name AS child_name,
       r.subject AS title, r.note_type AS record_type, r.event_date AS date, r.recorded_at AS recorded_at,
       w.display_name AS author, coalesce(r.restricted, false) AS restricted, r.body AS text,
       [(mn:Mention)-[:IN]->(r) | mn {.mention_id, .start, .end, .text, .label, .role,
          person: head([(mn)-[:REFERS_TO]->(t) | coalesce(t.person_id, t.address_key, t.place_key)])}] AS mentions
