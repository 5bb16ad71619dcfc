// Full-text search over case note and document text (Lucene syntax), and over names for "find a child".
// record_search also holds the child and the record type, so the app's search applies those filters
// inside the Lucene query (graph_model.queries.record_lucene); it replaces record_text (text only).
DROP INDEX record_text IF EXISTS;
CREATE FULLTEXT INDEX record_search IF NOT EXISTS
FOR (n:CaseNote|Document) ON EACH [n.subject, n.body, n.title, n.text, n.child_id, n.note_type, n.document_type]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE FULLTEXT INDEX child_names IF NOT EXISTS
FOR (c:Child) ON EACH [c.given_name, c.family_name, c.preferred_name, c.child_id];
