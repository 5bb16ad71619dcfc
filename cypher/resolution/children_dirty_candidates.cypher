// Children whose mentions must be resolved again, found from what changed (index lookups, no
// scan of every child): those the records step marked (resolution_dirty: a linked person or a
// record changed) or a failed run left, those the loader marked network_stale (a row of theirs
// new, changed or deleted), and those with a note or document whose mentions were extracted at or
// after $since (the start of the last run that finished; a document's text read later). Of these,
// the ones the conditions of children_dirty hold for, and their siblings: the children sharing a
// person who is a parent on both files (parent_role, linkage.mention_step.parent_role; a record
// linked before it was kept counts as one), the only children whose contexts read theirs. A
// change to a person's names or records reaches that person's other children through the records
// step's resolution_dirty marks, not through this.
CALL () {
  MATCH (c:Child) WHERE c.resolution_dirty = true
  RETURN c
  UNION
  MATCH (c:Child) WHERE c.network_stale = true
  RETURN c
  UNION
  MATCH (n:CaseNote) WHERE n.mentions_extracted_at >= $since
  MATCH (c:Child {child_id: n.child_id})
  RETURN c
  UNION
  MATCH (d:Document) WHERE d.mentions_extracted_at >= $since
  MATCH (c:Child {child_id: d.child_id})
  RETURN c
}
WITH DISTINCT c
WHERE coalesce(c.resolution_dirty, false)
   OR c.resolved_hash IS NULL OR c.resolved_hash <> c.content_hash
   OR c.resolved_sources <> COUNT { (x)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR]->(c) }
   OR EXISTS { MATCH (x)-[:ABOUT|RECORDED_FOR|ALLOCATION_FOR]->(c)
               WHERE x.resolved_hash IS NULL OR x.resolved_hash <> x.content_hash }
   OR c.resolved_mentions <> COUNT { MATCH (m:Mention) WHERE m.child_id = c.child_id }
WITH collect(c) AS dirty
CALL (dirty) {
  UNWIND dirty AS c
  MATCH (c)<-[:RECORDED_FOR]-(r:AdultRecord)-[:RESOLVED_TO]->(:Person)<-[:RESOLVED_TO]-(o:AdultRecord)
        -[:RECORDED_FOR]->(s:Child)
  WHERE coalesce(r.parent_role, true) AND coalesce(o.parent_role, true)
  RETURN collect(DISTINCT s) AS siblings
}
UNWIND dirty + siblings AS c
WITH DISTINCT c
RETURN c.child_id AS child_id
ORDER BY child_id
