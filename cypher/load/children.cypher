// One batch of children.csv rows. A child is a Person identified by case reference;
// the row itself is kept as a SourceRecord for provenance. Older rows never overwrite newer ones,
// and a row no newer than its deletion does not bring a deleted child back.
// Restriction fails closed: `restricted` is always written as a boolean (never null), and a child
// already restricted stays restricted unless the row says "not restricted" explicitly
// (row.restriction_explicit); then the kept restriction keeps its teams when the row names none.
// $rows: [{id, record_key, props, content_hash, restriction_explicit}]
// Returns: id, event ('restriction_lifted' | 'restriction_kept') for rows that changed or kept one.
UNWIND $rows AS row
OPTIONAL MATCH (gone:Tombstone {key: row.record_key})
WITH row, gone WHERE gone IS NULL OR gone.deleted_at < row.props.updated_at
MERGE (c:Person:Child {child_id: row.id})
  ON CREATE SET c.person_id = 'child:' + row.id
WITH c, row WHERE c.updated_at IS NULL OR c.updated_at < row.props.updated_at
   OR (c.updated_at = row.props.updated_at AND (c.content_hash <> row.content_hash))
WITH c, row, coalesce(c.restricted, false) AS was_restricted, coalesce(c.restricted_to_teams, []) AS old_teams
WITH c, row, was_restricted, old_teams, was_restricted AND NOT row.restriction_explicit AS keep
WITH c, row, was_restricted, keep, keep OR row.props.restricted AS restricted,
     CASE WHEN keep AND size(row.props.restricted_to_teams) = 0 THEN old_teams
          ELSE row.props.restricted_to_teams END AS teams
SET c += row.props
SET c.restricted = restricted, c.restricted_to_teams = teams, c.restricted_raw = row.props.restricted_raw
SET c.display_name = coalesce(row.props.preferred_name, row.props.given_name) + ' ' + row.props.family_name
SET c.network_stale = CASE WHEN c.content_hash = row.content_hash THEN c.network_stale ELSE true END
SET c.content_hash = row.content_hash
MERGE (r:SourceRecord:ChildRecord {record_key: row.record_key})
SET r += row.props, r.source_table = 'children'
SET r.restricted = restricted, r.restricted_to_teams = teams, r.restricted_raw = row.props.restricted_raw
MERGE (r)-[rt:RESOLVED_TO]->(c)
  ON CREATE SET rt.confidence = 1.0, rt.method = 'case_reference', rt.decided_by = 'loader'
WITH c, CASE WHEN was_restricted AND NOT restricted THEN 'restriction_lifted'
             WHEN keep AND NOT row.props.restricted THEN 'restriction_kept' END AS event
WHERE event IS NOT NULL
RETURN c.child_id AS id, event
