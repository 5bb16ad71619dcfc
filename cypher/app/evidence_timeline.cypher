// How many notes/documents about a child the user may see, by month of the event date
// (note event_date, document document_date). Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE NOT coalesce(c.restricted, false) OR any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
WITH c, (any(t IN coalesce(c.restricted_to_teams, []) WHERE t IN $teams)
         OR EXISTS { MATCH (c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.team IN $teams }) AS sees_restricted
MATCH (c)<-[:ABOUT]-(r)
WHERE (r:CaseNote OR r:Document) AND (sees_restricted OR NOT coalesce(r.restricted, false))
WITH coalesce(r.event_date, r.document_date) AS d
WHERE d IS NOT NULL
RETURN substring(toString(d), 0, 7) AS month, count(*) AS records
ORDER BY month
