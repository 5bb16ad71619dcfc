// Child-level clusters whose child is gone, or whose mentions all are (deleted notes).
MATCH (c:MentionCluster)
WHERE NOT EXISTS { MATCH (:Child {child_id: c.child_id}) }
   OR NOT EXISTS { MATCH (m:Mention {cluster_key: c.key}) }
DETACH DELETE c
RETURN count(*) AS removed
