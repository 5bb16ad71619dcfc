// After a bulk import: the importer cannot store an empty list, but the transactional loader
// writes `restricted_to_teams: []` on every child (and its record) that names no team.
MATCH (c) WHERE (c:Child OR c:ChildRecord) AND c.restricted_to_teams IS NULL
CALL (c) { SET c.restricted_to_teams = [] } IN TRANSACTIONS OF 10000 ROWS
