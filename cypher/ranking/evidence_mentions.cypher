// Resolved mentions in the given children's case notes and documents, aggregated per child,
// referent and role cue: which notes/documents name them, and when (note event date / document date).
// Mentions dated after $as_of (when given) are left out.
// Parameters: $child_ids, $as_of. Returns one row per child, target and role cue: child_id, target
// (elementId), target_key, target_kind, source, role_text, relation_to, child_names, note_keys,
// document_keys, mentions, first_seen, last_seen, confidence, known_roles, is_worker, is_child, place_kind,
// mention_texts (the names as written: a role given only by a title in the name is weaker) and
// agencies (an agency written next to the name, "Eleanor Thwaite (CAMHS)").
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})<-[:ABOUT]-(rec)
WHERE rec:CaseNote OR rec:Document
MATCH (m:Mention)-[:IN]->(rec)
MATCH (m)-[ref:REFERS_TO]->(t)
WHERE (t:Person OR t:Address OR t:Place) AND t <> c
WITH cid, c, rec, m, ref, t, coalesce(m.record_date, rec.event_date, rec.document_date) AS seen_on
WHERE $as_of IS NULL OR seen_on IS NULL OR seen_on <= $as_of
WITH cid, c, t, m.role AS role_text, m.relation_to AS relation_to,
     collect(DISTINCT CASE WHEN rec:CaseNote THEN 'note:' + rec.note_id END) AS note_keys,
     collect(DISTINCT CASE WHEN rec:Document THEN 'document:' + rec.document_id END) AS document_keys,
     collect(DISTINCT m.text) AS mention_texts, collect(DISTINCT m.agency) AS agencies,
     count(m) AS mentions, min(seen_on) AS first_seen, max(seen_on) AS last_seen,
     max(coalesce(ref.confidence, 1.0) * coalesce(m.confidence, 1.0)) AS confidence
RETURN cid AS child_id, elementId(t) AS target,
       coalesce(t.person_id, t.address_key, t.place_key) AS target_key,
       CASE WHEN t:Person THEN 'person' WHEN t:Address THEN 'address' ELSE 'place' END AS target_kind,
       'mention' AS source, role_text, relation_to,
       [x IN [c.given_name, c.preferred_name] WHERE x IS NOT NULL] AS child_names,
       note_keys, document_keys, mentions, first_seen, last_seen, confidence,
       t.roles AS known_roles, t:Worker AS is_worker, t:Child AS is_child, t.kind AS place_kind,
       mention_texts, agencies
