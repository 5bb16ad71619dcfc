// An audit event the viewer may read (admins only reach the query): not about a restricted child,
// or the viewer is in one of the teams stored on the event when it was written; an older event
// without that record is checked against the child its target names (fail closed).
// args: e
(NOT coalesce({e}.restricted, false) OR any(rule_team IN coalesce({e}.restricted_to_teams, []) WHERE rule_team IN $teams))
AND NOT EXISTS { MATCH (rule_ac:Child)
                 WHERE (rule_ac.child_id IN coalesce({e}.about_children, []) OR {e}.target = 'child:' + rule_ac.child_id)
                   AND NOT {{ visible_child(rule_ac) }} }
