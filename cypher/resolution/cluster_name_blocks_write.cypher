// One batch of clusters' name blocks (a graph resolved before the blocks were kept).
UNWIND $rows AS row
MATCH (c:MentionCluster {key: row.key})
FOREACH (k IN row.blocks | MERGE (b:NameBlock {key: k}) MERGE (c)-[:IN_NAME_BLOCK]->(b))
