// Child-level mention clusters by key, light: what pair scoring and block flags read (no mention
// ids, texts or confidences), for the members of an increment's name blocks outside its closure.
UNWIND $keys AS k
MATCH (c:MentionCluster {key: k})
RETURN c.key AS key, c.child_id AS child_id, c.forms AS forms, c.roles AS roles, c.agencies AS agencies,
       c.context AS context, c.final_id AS final_id, coalesce(c.needs_link, true) AS needs_link
ORDER BY key
