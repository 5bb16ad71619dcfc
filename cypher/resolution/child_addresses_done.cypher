// The children's addresses as written (see child_addresses).
UNWIND $rows AS row
MATCH (c:Child {person_id: row.person_id})
SET c.lives_at_source = row.source
