// The name blocks whose records changed since the last cross-child step (index lookup), each with
// the first given names of its changed records (changed_givens) and whether any cluster of it may
// be joined to them (changed_all; a block marked without either, as before they were kept: any).
MATCH (b:NameBlock) WHERE b.records_changed = true
RETURN b.key AS block, coalesce(b.changed_all, b.changed_givens IS NULL) AS any_cluster,
       coalesce(b.changed_givens, []) AS givens
