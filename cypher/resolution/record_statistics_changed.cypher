// A run that kept the statistics: how many records were new or changed since they were fitted.
MATCH (s:ResolutionState {step: 'records'})
SET s.changed_since_fit = $changed
