// Recorded contact details (address, postcode, phone, email) of people on one child's map or FGC
// list, each with the date its record was recorded (updated_at), for users whose role permits them
// ($contact_roles). The person must be a recorded adult of the child, a member the viewer may see on
// the child's map (rule visible_member), or a relative recorded for a visible sibling; the details
// come only from records on children the viewer may see, so an adult shared with a restricted child
// never shows what that child's record says.
// Parameters: $child_id, $keys, $contact_roles, $teams, $allocation_valid_from, $viewer_roles.
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }} AND any(rule_role IN $viewer_roles WHERE rule_role IN $contact_roles)
WITH c, {{ sees_restricted_records(c) }} AS sees_restricted
UNWIND $keys AS key
MATCH (p:Person {person_id: key})
WHERE NOT p:Child AND NOT p:Worker
  AND (EXISTS { (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(p) }
       OR EXISTS { MATCH (c)-[n:NETWORK]->(p) WHERE {{ visible_member(c, n, p, sees_restricted) }} }
       OR EXISTS { MATCH (c)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(:Person)<-[:RESOLVED_TO]-(:AdultRecord)
                         -[:RECORDED_FOR]->(sib:Child)<-[:RECORDED_FOR]-(:AdultRecord)-[:RESOLVED_TO]->(p)
                   WHERE sib <> c AND {{ visible_child(sib) }} })
MATCH (p)<-[:RESOLVED_TO]-(r:AdultRecord)-[:RECORDED_FOR]->(x:Child)
WHERE {{ visible_child(x) }}
  AND (r.address_line IS NOT NULL OR r.postcode IS NOT NULL OR r.phone IS NOT NULL OR r.email IS NOT NULL)
WITH key, r, x ORDER BY r.updated_at DESC, r.relationship_id
RETURN key, collect({relationship_id: r.relationship_id, child_id: x.child_id, relationship: r.relationship,
                     address_line: r.address_line, postcode: r.postcode, phone: r.phone, email: r.email,
                     recorded: r.updated_at}) AS details
