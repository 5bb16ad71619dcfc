// A child's chronology: every note and document about the child the user may read, oldest first
// (event date; undated last), with an opening of its text for the one-line summary and the people
// it mentions who may be shown on the child's map (rule visible_member; before the network is built:
// a person resolved from the child's own records or allocations). A mention of anyone else (a child
// the user may not see, a person known only from hidden records) is left out: not named, not counted.
// Restricted records are listed only for users who may read them (rule visible_record).
// Parameters: $child_id, $teams, $allocation_valid_from, $limit, $opening.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted, EXISTS { (c)-[:NETWORK]->() } AS has_network
MATCH (c)<-[:ABOUT]-(r)
WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
WITH c, sees_restricted, has_network, r, coalesce(r.event_date, r.document_date) AS d
ORDER BY d IS NULL, d, coalesce(r.note_id, r.document_id)
LIMIT $limit
OPTIONAL MATCH (r)-[:WRITTEN_BY]->(w:Worker)
RETURN CASE WHEN r:CaseNote THEN 'note' ELSE 'document' END AS kind,
       coalesce(r.note_id, r.document_id) AS record_id, d AS date,
       coalesce(r.note_type, r.document_type) AS record_type, coalesce(r.subject, r.title) AS title,
       left(coalesce(r.body, r.text, ''), $opening) AS opening, w.display_name AS author,
       COLLECT {
         MATCH (r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m:Person)
         WHERE m <> c AND (
           EXISTS { MATCH (c)-[n:NETWORK]->(m) WHERE {{ visible_member(c, n, m, sees_restricted) }} }
           OR (NOT has_network AND NOT m:Child
               AND (EXISTS { (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(m) }
                    OR EXISTS { (c)<-[:ALLOCATION_FOR]-(:AllocationRecord)-[:RESOLVED_TO]->(m) })))
         RETURN DISTINCT {key: m.person_id, text: mn.text}
       } AS involved
