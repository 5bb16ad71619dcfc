// Other children who share a recorded parent with the given children: for each pair, the parent
// persons and relationships recorded on both files (the caller keeps pairs where both records name
// a parent and decides brother / half-sister / sibling). Siblings refine the category of members
// found by other evidence (a mention, co-residence); they do not add members on their own.
// Parameters: $child_ids. Returns one row per child and other child: child_id, target (elementId),
// target_key, target_kind, source, evidence_key, gender, shared, mine, theirs.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})<-[:RECORDED_FOR]-(r:AdultRecord)-[:RESOLVED_TO]->(p:Person)
      <-[:RESOLVED_TO]-(r2:AdultRecord)-[:RECORDED_FOR]->(s:Child)
WHERE s <> c AND p <> s AND p <> c
WITH cid, c, s, collect(DISTINCT {parent: p.person_id, mine: r.relationship, theirs: r2.relationship}) AS shared
RETURN cid AS child_id, elementId(s) AS target, s.person_id AS target_key, 'person' AS target_kind,
       'sibling' AS source, 'sibling:' + s.child_id AS evidence_key, s.gender AS gender, shared,
       [(c)<-[:RECORDED_FOR]-(x:AdultRecord)-[:RESOLVED_TO]->(xp:Person) | {parent: xp.person_id, relationship: x.relationship}] AS mine,
       [(s)<-[:RECORDED_FOR]-(x:AdultRecord)-[:RESOLVED_TO]->(xp:Person) | {parent: xp.person_id, relationship: x.relationship}] AS theirs
