// Mentions -> shared Place nodes (named places: parks, stations, takeaways, blocks of flats).
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})
MERGE (p:Place {place_key: row.key})
  ON CREATE SET p.name = row.name, p.kind = row.kind
MERGE (m)-[r:REFERS_TO]->(p)
SET r.confidence = row.confidence, r.method = row.method
SET m.resolution = row.method
