// Mentions to resolve (people, roles, places), with the record they were found in and, for a
// PERSON mention that is another name for one beside it ("known as 'Tiny'"), that mention's id.
// $children = null means every child.
MATCH (m:Mention)
WHERE m.label IN ['PERSON', 'ROLE', 'ADDRESS', 'POSTCODE', 'PHONE', 'PLACE', 'ORG']
  AND ($children IS NULL OR m.child_id IN $children)
RETURN m.mention_id AS mention_id, m.label AS label, m.text AS text, m.start AS start, m.end AS end,
       m.role AS role, m.relation_to AS relation_to, m.agency AS agency, m.confidence AS confidence,
       m.child_id AS child_id, m.record_date AS record_date, m.record_type AS record_type,
       m.record_id AS record_id, m.alias_of AS alias_of
ORDER BY child_id, record_type, record_id, start, end, label, mention_id
