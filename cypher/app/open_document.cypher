// One document for the in-app viewer, as its extracted text, with its mentions (a mention of a child
// the user may not see is plain text: no link, no id).
// Returns no row when the document's child or the document itself is restricted from the user.
// Parameters: $record_id, $teams.
MATCH (r:Document {document_id: $record_id})-[:ABOUT]->(c:Child)
WHERE {{ visible_child(c) }}
  AND {{ visible_record(r, {{ sees_restricted_records(c) }}) }}
RETURN 'document' AS kind, r.document_id AS record_id, c.child_id AS child_id, c.display_name AS child_name,
       r.title AS title, r.document_type AS record_type, r.document_date AS date, r.uploaded_at AS recorded_at,
       null AS author, coalesce(r.restricted, false) AS restricted, r.text AS text,
       r.text_status AS text_status, r.file_name AS file_name,
       [(mn:Mention)-[:IN]->(r) | mn {.mention_id, .start, .end, .text, .label, .role,
          person: head([(mn)-[:REFERS_TO]->(t) WHERE NOT t:Child OR {{ visible_child(t) }}
                    | coalesce(t.person_id, t.address_key, t.place_key)])}] AS mentions
