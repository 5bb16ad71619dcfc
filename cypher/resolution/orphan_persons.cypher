// Persons (not children or workers) that no record and no mention supports any more.
MATCH (p:Person)
WHERE NOT p:Child AND NOT p:Worker
  AND NOT EXISTS { (:AdultRecord)-[:RESOLVED_TO]->(p) }
  AND (p.origin = 'records' OR NOT EXISTS { (:Mention)-[:REFERS_TO]->(p) })
DETACH DELETE p
RETURN count(*) AS removed
