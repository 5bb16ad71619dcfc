// Each child's predicted network for evaluation: persons reached through its significant-adult
// records, its allocations and the mentions in its notes/documents (the child itself excluded).
MATCH (c:Child)
CALL (c) {
  MATCH (r:AdultRecord)-[:RECORDED_FOR]->(c) MATCH (r)-[:RESOLVED_TO]->(p:Person) RETURN p.person_id AS pid
  UNION
  MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c) MATCH (a)-[:RESOLVED_TO]->(p:Person) RETURN p.person_id AS pid
  UNION
  MATCH (x)-[:ABOUT]->(c) MATCH (m:Mention)-[:IN]->(x) MATCH (m)-[:REFERS_TO]->(p:Person) RETURN p.person_id AS pid
}
WITH c, pid WHERE pid <> c.person_id
RETURN c.child_id AS child_id, collect(DISTINCT pid) AS members
