// Children sharing a person resolved from records with one of $children (for their contexts).
UNWIND $children AS cid
MATCH (:Child {child_id: cid})<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(:Person)
      <-[:RESOLVED_TO]-(:AdultRecord)-[:RECORDED_FOR]->(s:Child)
RETURN collect(DISTINCT s.child_id) AS ids
