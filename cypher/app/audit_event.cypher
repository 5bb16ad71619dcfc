// Append one audit event (never updated or deleted by the application). The restriction of the
// children and the restricted note/document it is about is stored on it when written (restricted,
// restricted_to_teams: the teams in every list: a restricted child's teams; for a restricted record,
// its child's teams and the teams allocated now), so the audit page hides it from admins outside them.
// Parameters: $user, $action, $target, $detail (JSON string or null), $teams, $about_children,
// $record_id (the note/document a target 'note:<id>'/'document:<id>' names, or null).
// visibility: a write; returns only the new event's id and time
CALL () {
  OPTIONAL MATCH (c:Child)
  WHERE (c.child_id IN $about_children
         OR ($record_id IS NOT NULL AND EXISTS { MATCH (c)<-[:ABOUT]-(r) WHERE r.note_id = $record_id OR r.document_id = $record_id }))
    AND {{ restricted_child(c) }}
  WITH collect(c) AS hidden
  OPTIONAL MATCH (rr)-[:ABOUT]->(rc:Child)
  WHERE $record_id IS NOT NULL AND (rr.note_id = $record_id OR rr.document_id = $record_id) AND coalesce(rr.restricted, false)
  WITH hidden, collect(DISTINCT CASE WHEN rr IS NOT NULL THEN coalesce(rc.restricted_to_teams, []) + COLLECT {
         MATCH (rc)<-[:ALLOCATION_FOR]-(al:AllocationRecord) WHERE al.end_date IS NULL RETURN al.team } END) AS record_teams
  WITH hidden, record_teams, [h IN hidden | coalesce(h.restricted_to_teams, [])] + record_teams AS lists
  RETURN size(lists) > 0 AS restricted,
         CASE WHEN size(lists) = 0 THEN []
              ELSE [t IN head(lists) WHERE all(l IN lists WHERE t IN l)] END AS restricted_to_teams
}
CREATE (e:AuditEvent {at: datetime(), user: $user, action: $action, target: $target,
                      detail: $detail, teams: $teams, about_children: $about_children,
                      restricted: restricted, restricted_to_teams: restricted_to_teams})
RETURN elementId(e) AS id, e.at AS at
