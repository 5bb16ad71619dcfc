// One batch of child-level mention clusters: what the cross-child step links (forms: JSON
// [given, family, initials, title, prefix_role] per mention; context: the phones, addresses,
// places and people of the notes the cluster is mentioned in). needs_link: the cluster's
// mentions wait for the cross-child step to point them at their person. blocks: its name
// blocks (linkage.cross_child.name_block_keys), marked changed for the next cross-child step.
UNWIND $rows AS row
CREATE (c:MentionCluster {key: row.key})
SET c += row.props, c.needs_link = true
WITH c, row
UNWIND row.blocks AS k
MERGE (b:NameBlock {key: k})
SET b.changed = true
CREATE (c)-[:IN_NAME_BLOCK]->(b)
