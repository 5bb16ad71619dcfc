// Rejected rows of a load run, without their content (that stays in the quarantine files).
UNWIND $rows AS row
MATCH (r:LoadRun {run_id: $run_id})
CREATE (q:QuarantineItem {run_id: $run_id, file: row.file, line: row.line, reason: row.reason,
                          detail: row.detail, record_id: row.record_id})
CREATE (r)-[:REJECTED]->(q)
