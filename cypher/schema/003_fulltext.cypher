// Full-text search over case note and document text (Lucene syntax), and over names for "find a child".
// record_fulltext also holds the child, the record type and the day token (search_day, see
// graph_model.search_index), so the app's search applies those filters and its newest/oldest date
// windows inside the Lucene query (graph_model.queries.record_lucene). It replaces record_search
// (no day token) and record_text (text only); graph_model.schema gives older graphs' records their
// day token before it creates this index.
DROP INDEX record_text IF EXISTS;
DROP INDEX record_search IF EXISTS;
CREATE FULLTEXT INDEX record_fulltext IF NOT EXISTS
FOR (n:CaseNote|Document) ON EACH [n.subject, n.body, n.title, n.text, n.child_id, n.note_type, n.document_type,
                                   n.search_day]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE FULLTEXT INDEX child_names IF NOT EXISTS
FOR (c:Child) ON EACH [c.given_name, c.family_name, c.preferred_name, c.child_id];
