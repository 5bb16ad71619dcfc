// The council's earliest and latest record day (case note event date, document date), from the
// range indexes: graph_model.queries.search_page anchors its newest/oldest date windows on them.
// visibility: two dates of the whole council, no record, child or person; never shown to the user
CALL () {
  MATCH (n:CaseNote) WHERE n.event_date IS NOT NULL WITH n.event_date AS d ORDER BY d ASC LIMIT 1 RETURN d
  UNION ALL
  MATCH (n:CaseNote) WHERE n.event_date IS NOT NULL WITH n.event_date AS d ORDER BY d DESC LIMIT 1 RETURN d
  UNION ALL
  MATCH (n:Document) WHERE n.document_date IS NOT NULL WITH n.document_date AS d ORDER BY d ASC LIMIT 1 RETURN d
  UNION ALL
  MATCH (n:Document) WHERE n.document_date IS NOT NULL WITH n.document_date AS d ORDER BY d DESC LIMIT 1 RETURN d
}
RETURN min(d) AS first_day, max(d) AS last_day
