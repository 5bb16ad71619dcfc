// Pairs of a child's network members named in the same note or document about the child.
// Parameters: $child_ids. Returns one row per child: child_id, rows (list of maps: child_id, a, b
// (elementIds), shared (distinct notes/documents)).
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})<-[:ABOUT]-(rec)<-[:IN]-(m1:Mention)-[:REFERS_TO]->(t1)
WHERE (rec:CaseNote OR rec:Document) AND (c)-[:NETWORK]->(t1)
MATCH (rec)<-[:IN]-(m2:Mention)-[:REFERS_TO]->(t2)
WHERE elementId(t1) < elementId(t2) AND (c)-[:NETWORK]->(t2)
WITH cid, t1, t2, count(DISTINCT rec) AS shared
RETURN cid AS child_id, collect({child_id: cid, a: elementId(t1), b: elementId(t2), shared: shared}) AS rows
