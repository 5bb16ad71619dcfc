// Children whose mentions must be resolved again: marked by the records step (a linked person
// changed) or a failed run, never resolved, their own row or one of their notes, documents, records
// or allocations new, changed or deleted since they were last resolved, or their mentions changed
// in number (a document's text read later). With them, the children sharing a person with one of
// them (a sibling's context holds their adults and names). $all: every child.
MATCH (c:Child)
WHERE $all OR coalesce(c.resolution_dirty, false)
   OR c.resolved_hash IS NULL OR c.resolved_hash <> c.content_hash
   OR c.resolved_sources <> COUNT { (x)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR]->(c) }
   OR EXISTS { MATCH (x)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR]->(c)
               WHERE x.resolved_hash IS NULL OR x.resolved_hash <> x.content_hash }
   OR c.resolved_mentions <> COUNT { MATCH (m:Mention) WHERE m.child_id = c.child_id }
WITH collect(c) AS dirty
CALL (dirty) {
  UNWIND dirty AS c
  MATCH (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(:Person)<-[:RESOLVED_TO]-(:AdultRecord)
        -[:RECORDED_FOR]->(s:Child)
  RETURN collect(DISTINCT s) AS siblings
}
UNWIND dirty + siblings AS c
WITH DISTINCT c
RETURN c.child_id AS child_id
ORDER BY child_id
