// After the cross-child step: the changed name blocks settled, each keeping the size it was
// linked at (whether it paired its clusters); $all: every block (a full run).
MATCH (b:NameBlock)
WHERE $all OR b.changed = true
SET b.size = COUNT { (b)<-[:IN_NAME_BLOCK]-() }, b.changed = false
WITH count(*) AS settled
CALL () {
  MATCH (b:NameBlock) WHERE b.records_changed = true
  SET b.records_changed = false
  REMOVE b.changed_all, b.changed_givens
}
RETURN settled
