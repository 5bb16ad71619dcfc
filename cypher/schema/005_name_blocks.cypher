// What an increment's cross-child step looks up (linkage.cross_child_step): the name blocks of
// child-level clusters and records, the blocks changed since the last run, the clusters waiting
// for a link or pointing at a person, and the persons to write again.
CREATE CONSTRAINT name_block_key_unique IF NOT EXISTS FOR (b:NameBlock) REQUIRE b.key IS UNIQUE;
CREATE INDEX name_block_changed IF NOT EXISTS FOR (b:NameBlock) ON (b.changed);
CREATE INDEX name_block_records_changed IF NOT EXISTS FOR (b:NameBlock) ON (b.records_changed);
CREATE INDEX mention_cluster_needs_link IF NOT EXISTS FOR (c:MentionCluster) ON (c.needs_link);
CREATE INDEX mention_cluster_final IF NOT EXISTS FOR (c:MentionCluster) ON (c.final_id);
CREATE INDEX person_regroup IF NOT EXISTS FOR (p:Person) ON (p.regroup);
