// Find a child by exact case reference (as typed or upper-cased), optionally narrowed by date of
// birth. Restricted children are filtered by the user's teams. Parameters: $raw, $dob, $teams, $limit.
MATCH (c:Child)
WHERE c.child_id IN [$raw, toUpper($raw)]
  AND {{ visible_child(c) }}
  AND ($dob IS NULL OR c.date_of_birth STARTS WITH $dob)
RETURN c.child_id AS child_id, c.display_name AS display_name, c.given_name AS given_name,
       c.family_name AS family_name, c.preferred_name AS preferred_name,
       c.date_of_birth AS date_of_birth, c.gender AS gender, c.postcode AS postcode,
       c.legal_status AS legal_status, c.open_date AS open_date, c.close_date AS close_date,
       coalesce(c.restricted, false) AS restricted, 1000.0 AS score
LIMIT $limit
