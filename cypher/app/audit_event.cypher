// Append one audit event (never updated or deleted by the application).
// Parameters: $user, $action, $target, $detail (JSON string or null), $teams.
CREATE (e:AuditEvent {at: datetime(), user: $user, action: $action, target: $target,
                      detail: $detail, teams: $teams})
RETURN elementId(e) AS id, e.at AS at
