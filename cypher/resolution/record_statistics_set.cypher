// Keep the file-level statistics a run fitted on every record (read back by later runs).
MERGE (s:ResolutionState {step: 'records'})
SET s.statistics = $statistics, s.statistics_model = $model, s.statistics_at = datetime(),
    s.changed_since_fit = 0
