// Find children by date of birth alone (partial ISO prefix: 2012, 2012-05, 2012-05-03).
// Restricted children are filtered by the user's teams before anything is returned.
// Parameters: $dob, $teams, $limit.
MATCH (c:Child)
WHERE c.date_of_birth STARTS WITH $dob
  AND {{ visible_child(c) }}
RETURN c.child_id AS child_id, c.display_name AS display_name, c.given_name AS given_name,
       c.family_name AS family_name, c.preferred_name AS preferred_name,
       c.date_of_birth AS date_of_birth, c.gender AS gender, c.postcode AS postcode,
       c.legal_status AS legal_status, c.open_date AS open_date, c.close_date AS close_date,
       coalesce(c.restricted, false) AS restricted, 1.0 AS score
ORDER BY c.family_name, c.given_name, c.child_id
LIMIT $limit
