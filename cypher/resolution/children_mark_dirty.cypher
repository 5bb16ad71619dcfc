// Children whose linked persons changed (the records step): their mentions are resolved again.
UNWIND $children AS cid
MATCH (c:Child {child_id: cid})
SET c.resolution_dirty = true
