// Record one load run (what the data-quality page and the audit show).
MERGE (r:LoadRun {run_id: $run_id})
SET r += $props
