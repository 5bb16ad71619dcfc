// One batch of "possibly the same" record pairs (scored between the review and same-person
// thresholds, or left apart by the clustering or a practitioner's split): shown for review,
// never merged. reasons is a JSON string (which fields agreed / disagreed). graded_at is
// kept from the first time the pair was graded.
UNWIND $rows AS row
MATCH (a:AdultRecord {relationship_id: row.record_1})
MATCH (b:AdultRecord {relationship_id: row.record_2})
MERGE (a)-[e:POSSIBLY_SAME]->(b)
  ON CREATE SET e.graded_at = datetime()
SET e.score = row.score, e.reasons = row.reasons, e.grade = row.grade, e.pair_key = row.pair_key
