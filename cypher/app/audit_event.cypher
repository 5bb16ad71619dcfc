// Append one audit event (never updated or deleted by the application). The restriction of the
// children it is about is stored on it when written (restricted, restricted_to_teams: the teams
// in every restricted child's list), so the audit page can hide it from admins outside them.
// Parameters: $user, $action, $target, $detail (JSON string or null), $teams, $about_children,
// $record_id (the note/document a target 'note:<id>'/'document:<id>' names, or null).
// visibility: a write; returns only the new event's id and time
CALL () {
  OPTIONAL MATCH (c:Child)
  WHERE (c.child_id IN $about_children
         OR ($record_id IS NOT NULL AND EXISTS { MATCH (c)<-[:ABOUT]-(r) WHERE r.note_id = $record_id OR r.document_id = $record_id }))
    AND {{ restricted_child(c) }}
  WITH collect(c) AS hidden
  RETURN size(hidden) > 0 AS restricted,
         CASE WHEN size(hidden) = 0 THEN []
              ELSE [t IN coalesce(head(hidden).restricted_to_teams, [])
                    WHERE all(h IN hidden WHERE t IN coalesce(h.restricted_to_teams, []))] END AS restricted_to_teams
}
CREATE (e:AuditEvent {at: datetime(), user: $user, action: $action, target: $target,
                      detail: $detail, teams: $teams, about_children: $about_children,
                      restricted: restricted, restricted_to_teams: restricted_to_teams})
RETURN elementId(e) AS id, e.at AS at
