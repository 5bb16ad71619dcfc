// Where persons and children live (from their records): shared Address nodes keyed by the
// normalised address; a person's LIVES_AT links not in row.keys are removed.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
FOREACH (a IN row.addresses |
  MERGE (ad:Address {address_key: a.address_key})
    ON CREATE SET ad.postcode = a.postcode, ad.line = a.line, ad.street_key = a.street_key
  MERGE (p)-[l:LIVES_AT]->(ad)
  SET l.first_seen = a.first_seen, l.last_seen = a.last_seen)
WITH p, row
OPTIONAL MATCH (p)-[old:LIVES_AT]->(x:Address) WHERE NOT x.address_key IN row.keys
DELETE old
