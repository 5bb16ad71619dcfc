// The file-level statistics of record linkage fitted last (JSON, linkage.file_weights.FileStatistics),
// the linker they were fitted with, and how many records were new or changed in the runs since.
OPTIONAL MATCH (s:ResolutionState {step: 'records'})
RETURN s.statistics AS statistics, s.statistics_model AS model, s.statistics_at AS fitted_at,
       coalesce(s.changed_since_fit, 0) AS changed_since_fit
