// A restricted child: flagged restricted, or with teams listed and no readable flag (fail closed).
// args: c
coalesce({c}.restricted, size(coalesce({c}.restricted_to_teams, [])) > 0)
