// One child's header: details, current allocations, counts of the records this user may see.
// Returns no row when the child does not exist or is restricted from the user's teams.
// A restricted note/document is visible to users in the child's restricted_to_teams or in a team
// allocated to the child. Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
RETURN c.child_id AS child_id, c.display_name AS display_name, c.given_name AS given_name,
       c.family_name AS family_name, c.preferred_name AS preferred_name,
       c.date_of_birth AS date_of_birth, c.gender AS gender, c.postcode AS postcode,
       c.legal_status AS legal_status, c.open_date AS open_date, c.close_date AS close_date,
       coalesce(c.restricted, false) AS restricted, c.network_ranked_as_of AS ranked_as_of,
       coalesce(c.network_stale, false) AS network_stale,
       COUNT { (c)<-[:ABOUT]-(n:CaseNote) WHERE {{ visible_record(n, sees_restricted) }} } AS notes,
       COUNT { (c)<-[:ABOUT]-(d:Document) WHERE {{ visible_record(d, sees_restricted) }} } AS documents,
       [(c)<-[:ALLOCATION_FOR]-(a:AllocationRecord) WHERE a.end_date IS NULL |
          {worker: a.worker_name, role: a.role, team: a.team}] AS allocations
