// The run finished (the cross-child step wrote its links): the next run lists from its first listing.
MATCH (s:ResolutionState {step: 'children'}) WHERE s.listed_at IS NOT NULL
SET s.since = s.listed_at, s.listed_at = null
