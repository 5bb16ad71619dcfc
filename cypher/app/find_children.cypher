// Find a child by name or case reference (full-text index child_names, plus an exact case
// reference match), optionally narrowed by date of birth (partial ISO: 2012, 2012-05, 2012-05-03).
// Restricted children are invisible unless the user is in one of restricted_to_teams: they are
// filtered before anything is returned or counted.
// Parameters: $lucene (escaped Lucene query), $raw (the text as typed), $dob (string or null),
// $teams (the user's teams), $limit.
CALL () {
  CALL db.index.fulltext.queryNodes('child_names', $lucene) YIELD node, score
  RETURN node AS c, score
  UNION
  MATCH (c:Child) WHERE c.child_id = $raw OR c.child_id = toUpper($raw)
  RETURN c, 1000.0 AS score
}
WITH c, max(score) AS score
WHERE {{ visible_child(c) }}
  AND ($dob IS NULL OR c.date_of_birth STARTS WITH $dob)
RETURN c.child_id AS child_id, c.display_name AS display_name, c.given_name AS given_name,
       c.family_name AS family_name, c.preferred_name AS preferred_name,
       c.date_of_birth AS date_of_birth, c.gender AS gender, c.postcode AS postcode,
       c.legal_status AS legal_status, c.open_date AS open_date, c.close_date AS close_date,
       coalesce(c.restricted, false) AS restricted, score
ORDER BY score DESC, c.family_name, c.given_name, c.child_id
LIMIT $limit
