// When each member of a child's map was known as what, for the time slider ("the network as it
// was"): for every member the viewer may see on the map (rule visible_member), the child's recorded
// relationships and allocations with their periods and the dated role cues of the mentions in
// records the viewer may read (rule visible_record), each with its record's id (the slider counts
// a member's independent evidence by then). Nothing from records the viewer may not read.
// Parameters: $child_id, $teams, $allocation_valid_from.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
MATCH (c)-[n:NETWORK]->(m)
WHERE {{ visible_member(c, n, m, sees_restricted) }}
RETURN coalesce(m.person_id, m.address_key, m.place_key, elementId(m)) AS key,
       [(c)<-[:RECORDED_FOR]-(ar:AdultRecord)-[:RESOLVED_TO]->(m) |
          {source: 'record', text: ar.relationship, start: coalesce(ar.start_date, date(ar.updated_at)), end: ar.end_date}]
       + [(c)<-[:ALLOCATION_FOR]-(al:AllocationRecord)-[:RESOLVED_TO]->(m) |
          {source: 'allocation', text: al.role, start: al.start_date, end: al.end_date}]
       + COLLECT { MATCH (c)<-[:ABOUT]-(r)<-[:IN]-(mn:Mention)-[:REFERS_TO]->(m)
                   WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees_restricted) }}
                   RETURN DISTINCT {source: 'mention', text: mn.role, start: coalesce(r.event_date, r.document_date),
                                    end: null, record: coalesce(r.note_id, r.document_id, elementId(r))} } AS dated
