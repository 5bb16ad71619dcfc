// A run lists the children to resolve: the time of the first listing since the last finished run
// is kept (what children_dirty_candidates reads from next time), and the last finished run's returned.
MERGE (s:ResolutionState {step: 'children'})
SET s.listed_at = coalesce(s.listed_at, datetime())
RETURN s.since AS since
