// Mentions -> shared Address nodes (normalised key).
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})
MERGE (a:Address {address_key: row.key})
  ON CREATE SET a.postcode = row.postcode, a.line = row.name, a.street_key = row.street_key
MERGE (m)-[r:REFERS_TO]->(a)
SET r.confidence = row.confidence, r.method = row.method
SET m.resolution = row.method
