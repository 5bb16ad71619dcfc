// One document for the in-app viewer, as its extracted text, with its mentions.
// Returns no row when the document's child or the document itself is restricted from the user.
// Parameters: $record_id, $teams.
MATCH (r:Document {document_id: $record_id})-[:ABOUT]->(c:Child)
WHERE (NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams))
  AND (NOT coalesce(r.restricted, false)
       OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
       OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.team IN $teams })
RETURN 'document' AS kind, r.document_id AS record_id, c.child_id AS child_id, c.display_name AS child_name,
       r.title AS title, r.document_type AS record_type, r.document_date AS date, r.uploaded_at AS recorded_at,
       null AS author, coalesce(r.restricted, false) AS restricted, r.text AS text,
       r.text_status AS text_status, r.file_name AS file_name,
       [(mn:Mention)-[:IN]->(r) | mn {.mention_id, .start, .end, .text, .label, .role,
          person: head([(mn)-[:REFERS_TO]->(t) | coalesce(t.person_id, t.address_key, t.place_key)])}] AS mentions
