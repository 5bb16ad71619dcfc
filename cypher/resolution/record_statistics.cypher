// The file-level statistics of record linkage fitted at the last full run (JSON,
// linkage.file_weights.FileStatistics) and the linker they were fitted with.
OPTIONAL MATCH (s:ResolutionState {step: 'records'})
RETURN s.statistics AS statistics, s.statistics_model AS model, s.statistics_at AS fitted_at
