// A member m of child c's network (edge n) that the viewer may see on c's map, given sees =
// sees_restricted_records(c): never a child the viewer may not see; otherwise one with a recorded
// relationship or allocation on c's own file, or a mention in a record of c the viewer may read, or
// (co-residence only) a person with no tie to a child the viewer may not see.
// args: c, n, m, sees
(NOT {m}:Child OR {{ visible_child({m}) }})
AND (any(rule_src IN coalesce({n}.sources, []) WHERE rule_src IN ['record', 'allocation'])
     OR EXISTS { MATCH ({c})<-[:ABOUT]-(rule_vr)<-[:IN]-(:Mention)-[:REFERS_TO]->({m})
                 WHERE (rule_vr:CaseNote OR rule_vr:Document) AND {{ visible_record(rule_vr, {sees}) }} }
     OR ('address' IN coalesce({n}.sources, []) AND NOT {{ hidden_link({m}) }}))
