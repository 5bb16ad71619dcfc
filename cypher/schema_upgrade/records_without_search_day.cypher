// Case notes and documents loaded before they carried the search_day token of the full-text index
// (graph_model.search_index.backfill_search_days streams these and sets the tokens in batches).
MATCH (n:CaseNote|Document) WHERE n.search_day IS NULL
RETURN elementId(n) AS id, coalesce(n.event_date, n.document_date) AS day
