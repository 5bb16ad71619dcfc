// Mentions -> persons (adults, mention-only people, children, workers).
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})
MATCH (p:Person {person_id: row.key})
MERGE (m)-[r:REFERS_TO]->(p)
SET r.confidence = row.confidence, r.method = row.method
SET m.resolution = row.method
