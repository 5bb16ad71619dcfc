// The council's answers about record pairs, as training labels for its record model: every
// confirm_merge (same person) / split (not the same) decision that names two records still in
// the graph (review-queue answers and splits made on a child's page), oldest first, with the
// fields the linker compares. 'unsure' is no label. Read by linkage.council_model only.
MATCH (d:PractitionerDecision)
WHERE d.kind IN ['confirm_merge', 'split'] AND d.other_id IS NOT NULL
MATCH (a:AdultRecord {relationship_id: d.target_id})
MATCH (b:AdultRecord {relationship_id: d.other_id})
WITH d, [r IN [a, b] | r {.relationship_id, .child_id, .person_ref, .given_name, .family_name,
                          date_of_birth: toString(r.date_of_birth), .gender, .relationship,
                          .address_line, .postcode, .phone, .email}] AS recs
RETURN d.kind AS kind, d.decision_id AS decision_id, d.decided_by AS decided_by,
       toString(d.decided_at) AS decided_at, recs[0] AS record_1, recs[1] AS record_2
ORDER BY decided_at, decision_id
