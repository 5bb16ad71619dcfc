// Every resolved person with what identifies children and workers (evaluation).
MATCH (p:Person) RETURN p.person_id AS pid, p.display_name AS name, p:Child AS is_child, p:Worker AS is_worker,
       p.child_id AS child_id
