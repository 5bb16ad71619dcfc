// Keep the file-level statistics a full run fitted on every record (read back by increments).
MERGE (s:ResolutionState {step: 'records'})
SET s.statistics = $statistics, s.statistics_model = $model, s.statistics_at = datetime()
