// One batch of mention-only persons (people found only in notes and documents).
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
SET p += row.props, p.origin = 'mentions'
