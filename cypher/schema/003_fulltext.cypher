// Full-text search over case note and document text (Lucene syntax), and over names for "find a child".
CREATE FULLTEXT INDEX record_text IF NOT EXISTS
FOR (n:CaseNote|Document) ON EACH [n.subject, n.body, n.title, n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE FULLTEXT INDEX child_names IF NOT EXISTS
FOR (c:Child) ON EACH [c.given_name, c.family_name, c.preferred_name, c.child_id];
