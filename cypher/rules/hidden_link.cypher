// A person tied to a child the viewer may not see: that child itself, a person with a recorded
// relationship to one, or a person mentioned in one's notes or documents. Workers are not tied
// (their names come from allocations, not from the child's records).
// args: m
(({m}:Child) AND NOT {{ visible_child({m}) }})
OR (NOT {m}:Worker AND (
     EXISTS { MATCH ({m})<-[:RESOLVED_TO]-(:AdultRecord)-[:RECORDED_FOR]->(rule_hc:Child) WHERE NOT {{ visible_child(rule_hc) }} }
  OR EXISTS { MATCH ({m})<-[:REFERS_TO]-(:Mention)-[:IN]->()-[:ABOUT]->(rule_hc:Child) WHERE NOT {{ visible_child(rule_hc) }} }))
