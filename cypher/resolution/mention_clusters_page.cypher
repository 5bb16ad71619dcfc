// One page of child-level mention clusters (keyset order), for the cross-child step.
MATCH (c:MentionCluster)
WHERE $after IS NULL OR c.key > $after
RETURN c.key AS key, c.child_id AS child_id, c.mention_ids AS mention_ids, c.forms AS forms,
       c.texts AS texts, c.roles AS roles, c.agencies AS agencies, c.context AS context,
       c.confidences AS confidences, c.final_id AS final_id, coalesce(c.needs_link, true) AS needs_link
ORDER BY c.key
LIMIT $limit
