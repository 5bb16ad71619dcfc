// One batch of "possibly related" persons: different persons resolved from records that share
// a family name and an address or postcode. basis says which. graded_at is kept from the
// first time the pair was graded.
UNWIND $rows AS row
MATCH (a:Person {person_id: row.person_1})
MATCH (b:Person {person_id: row.person_2})
MERGE (a)-[e:POSSIBLY_RELATED]->(b)
  ON CREATE SET e.graded_at = datetime()
SET e.basis = row.basis, e.family_name = row.family_name, e.shared = row.shared,
    e.grade = 'possibly related', e.pair_key = row.pair_key
