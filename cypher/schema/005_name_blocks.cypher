// What an increment's cross-child step looks up (linkage.cross_child_step): the name blocks of
// child-level clusters and records, the blocks changed since the last run, the clusters waiting
// for a link or pointing at a person, and the persons to write again.
CREATE CONSTRAINT name_block_key_unique IF NOT EXISTS FOR (b:NameBlock) REQUIRE b.key IS UNIQUE;
CREATE INDEX name_block_changed IF NOT EXISTS FOR (b:NameBlock) ON (b.changed);
CREATE INDEX name_block_records_changed IF NOT EXISTS FOR (b:NameBlock) ON (b.records_changed);
CREATE INDEX mention_cluster_needs_link IF NOT EXISTS FOR (c:MentionCluster) ON (c.needs_link);
CREATE INDEX mention_cluster_final IF NOT EXISTS FOR (c:MentionCluster) ON (c.final_id);
CREATE INDEX person_regroup IF NOT EXISTS FOR (p:Person) ON (p.regroup);
// The children an increment resolves again, found from what changed (resolution/children_dirty_candidates).
CREATE INDEX child_resolution_dirty IF NOT EXISTS FOR (c:Child) ON (c.resolution_dirty);
CREATE INDEX child_network_stale IF NOT EXISTS FOR (c:Child) ON (c.network_stale);
CREATE INDEX case_note_mentions_extracted IF NOT EXISTS FOR (n:CaseNote) ON (n.mentions_extracted_at);
CREATE INDEX document_mentions_extracted IF NOT EXISTS FOR (d:Document) ON (d.mentions_extracted_at);
