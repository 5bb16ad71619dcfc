// Audit events, newest first, with optional filters (admin page and CSV export). Events about a
// restricted child are left out for admins outside its teams (rule visible_audit_event).
// Parameters: $user, $action, $target (substring), $date_from, $date_to (dates or null), $limit, $teams.
MATCH (e:AuditEvent)
WHERE ($user IS NULL OR e.user = $user)
  AND ($action IS NULL OR e.action = $action)
  AND ($target IS NULL OR e.target CONTAINS $target)
  AND ($date_from IS NULL OR date(e.at) >= $date_from)
  AND ($date_to IS NULL OR date(e.at) <= $date_to)
  AND {{ visible_audit_event(e) }}
RETURN e.at AS at, e.user AS user, e.action AS action, e.target AS target, e.detail AS detail
ORDER BY e.at DESC
LIMIT $limit
