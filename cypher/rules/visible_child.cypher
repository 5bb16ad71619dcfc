// A child the viewer may see: not restricted, or the viewer is in one of its restricted_to_teams.
// args: c
NOT {{ restricted_child({c}) }} OR any(rule_team IN coalesce({c}.restricted_to_teams, []) WHERE rule_team IN $teams)
