// Load runs left 'running' by a process or server that died before the run completed: they are
// marked 'interrupted' when the next load starts (loads of one graph run one at a time), so no
// reader takes them for a finished load. Parameters: $run_id (the new run). Returns the runs marked.
MATCH (r:LoadRun {status: 'running'})
WHERE r.run_id <> $run_id
SET r.status = 'interrupted', r.interrupted_noticed_by = $run_id, r.interrupted_noticed_at = datetime()
RETURN r.run_id AS run_id, r.export_dir AS export_dir
