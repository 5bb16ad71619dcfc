// One batch of child-level mention clusters: what the cross-child step links (forms: JSON
// [given, family, initials, title, prefix_role] per mention; context: the phones, addresses,
// places and people of the notes the cluster is mentioned in). needs_link: the cluster's
// mentions wait for the cross-child step to point them at their person.
UNWIND $rows AS row
CREATE (c:MentionCluster {key: row.key})
SET c += row.props, c.needs_link = true
