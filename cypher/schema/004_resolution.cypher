// What incremental resolution looks up by key (linkage.resolve_records, linkage.cross_child): blocks of
// records, child-level mention clusters, mentions by child and by cluster.
CREATE CONSTRAINT link_block_key_unique IF NOT EXISTS FOR (b:LinkBlock) REQUIRE b.key IS UNIQUE;
CREATE CONSTRAINT mention_cluster_key_unique IF NOT EXISTS FOR (c:MentionCluster) REQUIRE c.key IS UNIQUE;
CREATE INDEX mention_cluster_child IF NOT EXISTS FOR (c:MentionCluster) ON (c.child_id);
CREATE INDEX mention_child IF NOT EXISTS FOR (m:Mention) ON (m.child_id);
CREATE INDEX mention_by_cluster IF NOT EXISTS FOR (m:Mention) ON (m.cluster_key);
