// Records the record linker must look at again: new or changed since their last linking
// (resolution_status 'pending'), never blocked or blocked by another model (link_keyed <> $model), without a person or link component, the records
// of persons that lost a record (deleted), and the records named by a different number of
// practitioner decisions than when they were last linked (decisions_seen: a decision made or
// withdrawn since). Every run respects all decisions: a record in scope gets them all. $full:
// every record.
CALL () {
  CALL () {
  MATCH (r:AdultRecord)
  WHERE $full OR r.resolution_status = 'pending' OR coalesce(r.link_keyed, '') <> $model
     OR r.link_component IS NULL
     OR NOT EXISTS { (r)-[:RESOLVED_TO]->(:Person) }
  RETURN r.relationship_id AS id
  UNION
  MATCH (p:Person {origin: 'records'})
  WHERE p.record_count <> COUNT { (:AdultRecord)-[:RESOLVED_TO]->(p) }
  MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p)
  RETURN r.relationship_id AS id
  UNION
  MATCH (d:PractitionerDecision) WHERE d.kind IN ['split', 'confirm_merge']
  UNWIND [d.target_id, d.other_id] AS rid
  MATCH (r:AdultRecord {relationship_id: rid})
  WITH r, count(d) AS decisions
  WHERE coalesce(r.decisions_seen, 0) <> decisions
  RETURN r.relationship_id AS id
  UNION
  MATCH (r:AdultRecord) WHERE r.decisions_seen > 0
    AND r.decisions_seen <> COUNT { MATCH (d:PractitionerDecision)
                                    WHERE d.kind IN ['split', 'confirm_merge']
                                      AND r.relationship_id IN [d.target_id, d.other_id] }
  RETURN r.relationship_id AS id
  }
  RETURN collect(DISTINCT id) AS ids
}
CALL () { MATCH (r:AdultRecord) RETURN count(r) AS total }
RETURN ids, total
