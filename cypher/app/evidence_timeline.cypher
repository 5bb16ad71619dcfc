// How many notes/documents about a child the user may see, by month of the event date
// (note event_date, document document_date). Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
MATCH (c)<-[:ABOUT]-(r)
WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
WITH coalesce(r.event_date, r.document_date) AS d
WHERE d IS NOT NULL
RETURN substring(toString(d), 0, 7) AS month, count(*) AS records
ORDER BY month
