// The name blocks are kept (version $version).
MERGE (s:ResolutionState {step: 'cross_child'})
SET s.keyed = $version
