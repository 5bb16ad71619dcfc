// Mentions left without a referent (e.g. an ambiguous role): marked, never linked.
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})
SET m.resolution = 'unresolved', m.resolution_confidence = row.confidence
