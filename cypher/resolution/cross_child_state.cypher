// Whether the graph keeps the name blocks of clusters and records (version $version): an
// increment can then link only the components that changed.
OPTIONAL MATCH (s:ResolutionState {step: 'cross_child'})
RETURN coalesce(s.keyed = $version, false) AS keyed
