// Remember every deletion, so a later (or repeated) export cannot bring a deleted record back.
UNWIND $rows AS row
MERGE (t:Tombstone {key: row.record_key})
  ON CREATE SET t.table = row.table, t.id = row.id, t.deleted_at = row.deleted_at
SET t.deleted_at = CASE WHEN t.deleted_at < row.deleted_at THEN row.deleted_at ELSE t.deleted_at END
