// Whether the index $name exists (graph_model.schema: upgrades run before an index first exists).
SHOW INDEXES YIELD name WHERE name = $name RETURN name
