// Mentions -> shared Organisation nodes (schools, police forces, GP surgeries, agencies).
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})
MERGE (o:Organisation {organisation_key: row.key})
  ON CREATE SET o.name = row.name, o.kind = row.kind
MERGE (m)-[r:REFERS_TO]->(o)
SET r.confidence = row.confidence, r.method = row.method
SET m.resolution = row.method
