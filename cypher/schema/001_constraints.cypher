// Uniqueness constraints for every identifier the loaders MERGE on.
// Applied idempotently (IF NOT EXISTS) by graph_model.schema.apply_schema at loader start-up.
CREATE CONSTRAINT child_id_unique IF NOT EXISTS FOR (c:Child) REQUIRE c.child_id IS UNIQUE;
CREATE CONSTRAINT person_id_unique IF NOT EXISTS FOR (p:Person) REQUIRE p.person_id IS UNIQUE;
CREATE CONSTRAINT worker_id_unique IF NOT EXISTS FOR (w:Worker) REQUIRE w.worker_id IS UNIQUE;
CREATE CONSTRAINT source_record_key_unique IF NOT EXISTS FOR (r:SourceRecord) REQUIRE r.record_key IS UNIQUE;
CREATE CONSTRAINT adult_record_id_unique IF NOT EXISTS FOR (r:AdultRecord) REQUIRE r.relationship_id IS UNIQUE;
CREATE CONSTRAINT allocation_id_unique IF NOT EXISTS FOR (r:AllocationRecord) REQUIRE r.allocation_id IS UNIQUE;
CREATE CONSTRAINT case_note_id_unique IF NOT EXISTS FOR (n:CaseNote) REQUIRE n.note_id IS UNIQUE;
CREATE CONSTRAINT document_id_unique IF NOT EXISTS FOR (d:Document) REQUIRE d.document_id IS UNIQUE;
CREATE CONSTRAINT team_name_unique IF NOT EXISTS FOR (t:Team) REQUIRE t.name IS UNIQUE;
CREATE CONSTRAINT tombstone_key_unique IF NOT EXISTS FOR (t:Tombstone) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT load_run_id_unique IF NOT EXISTS FOR (r:LoadRun) REQUIRE r.run_id IS UNIQUE;
CREATE CONSTRAINT mention_id_unique IF NOT EXISTS FOR (m:Mention) REQUIRE m.mention_id IS UNIQUE;
CREATE CONSTRAINT address_key_unique IF NOT EXISTS FOR (a:Address) REQUIRE a.address_key IS UNIQUE;
CREATE CONSTRAINT place_key_unique IF NOT EXISTS FOR (p:Place) REQUIRE p.place_key IS UNIQUE;
CREATE CONSTRAINT organisation_key_unique IF NOT EXISTS FOR (o:Organisation) REQUIRE o.organisation_key IS UNIQUE;
