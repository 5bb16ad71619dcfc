// Rejected rows of a load run, without their content (that stays in the quarantine files).
// Each item names its child (child_id, null when not known) and whether it is restricted, for
// the data-quality view to filter by the viewer: restricted when the row said so (or could not
// be read), or when the child already in the graph is restricted; its teams where known.
// $run_id; $rows: [{file, line, reason, detail, record_id, child_id, restricted, restricted_to_teams}]
UNWIND $rows AS row
MATCH (r:LoadRun {run_id: $run_id})
OPTIONAL MATCH (c:Child {child_id: row.child_id})
CREATE (q:QuarantineItem {run_id: $run_id, file: row.file, line: row.line, reason: row.reason,
                          detail: row.detail, record_id: row.record_id, child_id: row.child_id,
                          restricted: row.restricted OR coalesce(c.restricted, false),
                          restricted_to_teams: CASE WHEN size(row.restricted_to_teams) > 0 THEN row.restricted_to_teams
                                                    ELSE coalesce(c.restricted_to_teams, []) END})
CREATE (r)-[:REJECTED]->(q)
