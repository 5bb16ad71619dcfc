// Grading edges of an increment's scope that its run no longer produces: POSSIBLY_SAME between two
// records of $records or touching a changed record ($changed); POSSIBLY_RELATED touching a person
// of $persons or between two persons of $related. $same_keys / $related_keys: this run's edges.
CALL () {
  MATCH (a:AdultRecord)-[e:POSSIBLY_SAME]->(b:AdultRecord)
  WHERE ((a.relationship_id IN $records AND b.relationship_id IN $records)
         OR a.relationship_id IN $changed OR b.relationship_id IN $changed)
    AND NOT e.pair_key IN $same_keys
  DELETE e
  RETURN count(*) AS same_removed
}
CALL () {
  MATCH (a:Person)-[e:POSSIBLY_RELATED]->(b:Person)
  WHERE (a.person_id IN $persons OR b.person_id IN $persons
         OR (a.person_id IN $related AND b.person_id IN $related))
    AND NOT e.pair_key IN $related_keys
  DELETE e
  RETURN count(*) AS related_removed
}
RETURN same_removed, related_removed
