// After a correction about mentions: the child's mentions are resolved again at the next pipeline
// run (the incremental resolution re-reads only children marked or changed). Only for a child the
// user may see. Parameters: $child_id, $teams.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
SET c.resolution_dirty = true
RETURN count(c) AS marked
