// The viewer may read the child's restricted notes and documents: in its restricted_to_teams, or in
// a team allocated to the child (open, or ended on/after $allocation_valid_from: the grace period).
// args: c
any(rule_team IN coalesce({c}.restricted_to_teams, []) WHERE rule_team IN $teams)
OR EXISTS { MATCH ({c})<-[:ALLOCATION_FOR]-(rule_al:AllocationRecord)
            WHERE rule_al.team IN $teams AND (rule_al.end_date IS NULL OR rule_al.end_date >= $allocation_valid_from) }
