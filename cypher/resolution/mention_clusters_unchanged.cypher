// Of a batch's clusters as just resolved, those already in the graph exactly so (same digest:
// a hash of what the cross-child step reads from a cluster) whose mentions all still refer to
// its person (a note read again gets new mention nodes, without links): they are kept as they
// are, person and links; only the others wait for the cross-child step.
UNWIND $rows AS row
MATCH (c:MentionCluster {key: row.key})
WHERE c.digest = row.digest AND c.final_id IS NOT NULL
  AND all(mid IN row.mentions WHERE EXISTS {
        MATCH (:Mention {mention_id: mid})-[:REFERS_TO]->(:Person {person_id: c.final_id}) })
RETURN collect(c.key) AS keys
