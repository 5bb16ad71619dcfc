// The NETWORK edges of the given children with what ranking weighs.
// One row per child (fewer Bolt messages than one per edge).
// Parameters: $child_ids. Returns: child_id, rows (list of maps: child_id, child (elementId), edge
// (elementId), target (elementId), target_key, category, roles, last_seen, current, evidence_count, note_count, document_count,
// record_count, allocation_count, sources, confidence).
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})-[n:NETWORK]->(t)
RETURN cid AS child_id, collect({child_id: cid, child: elementId(c), edge: elementId(n), target: elementId(t),
       target_key: coalesce(n.target_key, t.person_id, t.address_key, t.place_key, elementId(t)),
       category: n.category, roles: n.roles, last_seen: n.last_seen, current: n.current,
       evidence_count: n.evidence_count, note_count: n.note_count, document_count: n.document_count,
       record_count: n.record_count, allocation_count: n.allocation_count, sources: n.sources,
       confidence: n.confidence}) AS rows
