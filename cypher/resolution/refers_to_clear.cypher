// Remove REFERS_TO links of these mentions that are not the link now decided
// (row.target_uid: 'person:<id>', 'address:<key>', 'place:<key>', 'organisation:<key>', or null).
UNWIND $rows AS row
MATCH (m:Mention {mention_id: row.mention_id})-[old:REFERS_TO]->(t)
WITH row, old, CASE
  WHEN t:Person THEN 'person:' + t.person_id
  WHEN t:Address THEN 'address:' + t.address_key
  WHEN t:Place THEN 'place:' + t.place_key
  WHEN t:Organisation THEN 'organisation:' + t.organisation_key
  ELSE '' END AS uid
WHERE row.target_uid IS NULL OR uid <> row.target_uid
DELETE old
