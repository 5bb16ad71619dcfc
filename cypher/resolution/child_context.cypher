// What each child's known people are: the child, its resolved adults (with the records as
// recorded), its allocated workers and note authors. $children = null means every child.
MATCH (c:Child)
WHERE $children IS NULL OR c.child_id IN $children
CALL (c) {
  OPTIONAL MATCH (r:AdultRecord)-[:RECORDED_FOR]->(c)
  OPTIONAL MATCH (r)-[:RESOLVED_TO]->(p:Person)
  // the names of the person's other records (on other children's files) too
  CALL (p) {
    OPTIONAL MATCH (o:AdultRecord)-[:RESOLVED_TO]->(p)
    RETURN collect(DISTINCT {given: o.given_name, family: o.family_name}) AS person_names
  }
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {person_id: p.person_id, relationship_id: r.relationship_id,
         given_name: r.given_name, family_name: r.family_name, gender: r.gender,
         relationship: r.relationship, start_date: toString(r.start_date),
         end_date: toString(r.end_date), person_names: person_names} END) AS adults
}
CALL (c) {
  OPTIONAL MATCH (a:AllocationRecord)-[:ALLOCATION_FOR]->(c)
  OPTIONAL MATCH (a)-[:RESOLVED_TO]->(w:Worker)
  RETURN collect(CASE WHEN w IS NULL THEN null ELSE {person_id: w.person_id, worker_id: w.worker_id,
         name: coalesce(a.worker_name, w.display_name), role: a.role,
         start_date: toString(a.start_date), end_date: toString(a.end_date)} END) AS allocations
}
CALL (c) {
  OPTIONAL MATCH (n:CaseNote)-[:ABOUT]->(c)
  OPTIONAL MATCH (n)-[:WRITTEN_BY]->(w:Worker)
  WITH DISTINCT w WHERE w IS NOT NULL
  RETURN collect({person_id: w.person_id, worker_id: w.worker_id, name: w.display_name}) AS authors
}
RETURN c.child_id AS child_id, c.person_id AS person_id, c.given_name AS given_name,
       c.family_name AS family_name, c.preferred_name AS preferred_name, c.gender AS gender,
       c.address_line AS address_line, c.postcode AS postcode,
       toString(c.open_date) AS open_date, toString(date(c.updated_at)) AS updated_date,
       adults, allocations, authors
ORDER BY child_id
