// Every PERSON / ROLE mention and the person it refers to, if any (evaluation).
MATCH (m:Mention) WHERE m.label IN ['PERSON', 'ROLE']
OPTIONAL MATCH (m)-[:REFERS_TO]->(p:Person)
RETURN m.mention_id AS mention_id, m.record_type AS record_type, m.record_id AS record_id,
       m.start AS start, m.end AS end, m.text AS text, p.person_id AS pid
