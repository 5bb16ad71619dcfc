// Child-level mention clusters by key, for the cross-child step (an increment's components).
UNWIND $keys AS k
MATCH (c:MentionCluster {key: k})
RETURN c.key AS key, c.child_id AS child_id, c.mention_ids AS mention_ids, c.forms AS forms,
       c.texts AS texts, c.roles AS roles, c.agencies AS agencies, c.context AS context,
       c.confidences AS confidences, c.final_id AS final_id, coalesce(c.needs_link, true) AS needs_link
ORDER BY key
