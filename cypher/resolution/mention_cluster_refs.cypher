// Which child-level cluster these mentions refer to (role and alias mentions included), with the
// confidence and method of the per-child step.
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})
SET m.cluster_key = row.cluster_key, m.cluster_method = row.method, m.cluster_confidence = row.confidence
