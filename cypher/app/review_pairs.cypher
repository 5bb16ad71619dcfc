// The "Review possible duplicates" queue: POSSIBLY_SAME record pairs where BOTH records' children
// are visible to the viewer (a pair touching a child the viewer may not see is left out before
// counting), not yet answered: no confirm_merge / split decision about the two records (by anyone),
// and no 'unsure' answer by this user. All of them, the higher score first, then the newest
// graded (graph_model.decisions.review_pairs orders them by dedupe's uncertain-pair sampling and
// pages them). Parameters: $user, $teams.
MATCH (a:AdultRecord)-[e:POSSIBLY_SAME]->(b:AdultRecord)
MATCH (a)-[:RECORDED_FOR]->(ca:Child), (b)-[:RECORDED_FOR]->(cb:Child)
WHERE {{ visible_child(ca) }} AND {{ visible_child(cb) }}
  AND NOT EXISTS {
    MATCH (d:PractitionerDecision)
    WHERE ((d.target_id = a.relationship_id AND d.other_id = b.relationship_id)
        OR (d.target_id = b.relationship_id AND d.other_id = a.relationship_id))
      AND (d.kind IN ['confirm_merge', 'split'] OR (d.kind = 'unsure' AND d.decided_by = $user))
  }
WITH a, b, ca, cb, e
ORDER BY e.score DESC, e.graded_at DESC, a.relationship_id,
         b.relationship_id
WITH collect({pair_key: e.pair_key, score: e.score, reasons: e.reasons, graded_at: e.graded_at,
              record_1: {relationship_id: a.relationship_id, child_id: ca.child_id, given_name: a.given_name,
                         family_name: a.family_name, date_of_birth: a.date_of_birth, relationship: a.relationship},
              record_2: {relationship_id: b.relationship_id, child_id: cb.child_id, given_name: b.given_name,
                         family_name: b.family_name, date_of_birth: b.date_of_birth, relationship: b.relationship}}) AS pairs
RETURN pairs
