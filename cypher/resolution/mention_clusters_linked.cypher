// Child-level clusters whose mentions now point at their person.
UNWIND $rows AS row
MATCH (c:MentionCluster {key: row.key})
SET c.final_id = row.final, c.needs_link = false
