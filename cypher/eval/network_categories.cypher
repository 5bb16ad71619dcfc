// The category the ecomap draws for each materialised network member (evaluation).
MATCH (c:Child)-[n:NETWORK]->(p:Person)
RETURN c.child_id AS child_id, p.person_id AS pid, n.category AS category
