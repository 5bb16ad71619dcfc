// One batch of search_day tokens (graph_model.search_index): $rows [{id: elementId, search_day}].
UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row.id
SET n.search_day = row.search_day
