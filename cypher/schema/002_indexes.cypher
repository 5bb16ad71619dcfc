// Lookup indexes for the filters the loaders, pipeline and app use.
CREATE INDEX adult_record_child IF NOT EXISTS FOR (r:AdultRecord) ON (r.child_id);
CREATE INDEX adult_record_link_component IF NOT EXISTS FOR (r:AdultRecord) ON (r.link_component);
CREATE INDEX allocation_child IF NOT EXISTS FOR (r:AllocationRecord) ON (r.child_id);
CREATE INDEX case_note_child IF NOT EXISTS FOR (n:CaseNote) ON (n.child_id);
CREATE INDEX case_note_event_date IF NOT EXISTS FOR (n:CaseNote) ON (n.event_date);
CREATE INDEX case_note_extraction_status IF NOT EXISTS FOR (n:CaseNote) ON (n.extraction_status);
CREATE INDEX document_child IF NOT EXISTS FOR (d:Document) ON (d.child_id);
CREATE INDEX document_type IF NOT EXISTS FOR (d:Document) ON (d.document_type);
CREATE INDEX document_date IF NOT EXISTS FOR (d:Document) ON (d.document_date);
CREATE INDEX document_text_status IF NOT EXISTS FOR (d:Document) ON (d.text_status);
CREATE INDEX child_family_name IF NOT EXISTS FOR (c:Child) ON (c.family_name);
CREATE INDEX child_date_of_birth IF NOT EXISTS FOR (c:Child) ON (c.date_of_birth);
CREATE INDEX quarantine_run IF NOT EXISTS FOR (q:QuarantineItem) ON (q.run_id);
