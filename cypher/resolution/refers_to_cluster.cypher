// The mentions of child-level clusters -> the person the cross-child step gave the cluster
// (row.final); a link to any other target is removed. method 'cluster+name' when that person was
// resolved from records (row.record_person), else the per-child step's method.
UNWIND $rows AS row
MATCH (m:Mention {cluster_key: row.key})
MATCH (p:Person {person_id: row.final})
OPTIONAL MATCH (m)-[old:REFERS_TO]->(t) WHERE t <> p
DELETE old
WITH DISTINCT m, p, row
MERGE (m)-[r:REFERS_TO]->(p)
WITH m, r, CASE WHEN row.record_person THEN 'cluster+name' ELSE m.cluster_method END AS method
SET r.confidence = m.cluster_confidence, r.method = method, m.resolution = method
