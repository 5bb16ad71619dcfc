// Grading edges that the current run no longer produces ($same_keys / $related_keys: the
// pair_key of every POSSIBLY_SAME / POSSIBLY_RELATED edge of this run) are removed.
CALL () {
  MATCH (:AdultRecord)-[e:POSSIBLY_SAME]->(:AdultRecord)
  WHERE NOT e.pair_key IN $same_keys
  DELETE e
  RETURN count(*) AS same_removed
}
CALL () {
  MATCH (:Person)-[e:POSSIBLY_RELATED]->(:Person)
  WHERE NOT e.pair_key IN $related_keys
  DELETE e
  RETURN count(*) AS related_removed
}
RETURN same_removed, related_removed
