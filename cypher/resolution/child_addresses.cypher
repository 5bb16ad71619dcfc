// Children's current addresses (children.csv), so a child shares Address nodes with the adults
// recorded at the same address (co-residence: the "household" of the ecomap). Only children whose
// address changed since it was last written (lives_at_source), or every child with $all; a child
// with no address any more comes back with nulls (its old LIVES_AT is removed).
MATCH (c:Child)
WITH c, coalesce(c.address_line, '') + '|' + coalesce(c.postcode, '') + '|' +
        coalesce(toString(date(c.updated_at)), '') AS source
WHERE ($all AND (c.address_line IS NOT NULL OR c.postcode IS NOT NULL))
   OR coalesce(c.lives_at_source, '') <> source
RETURN c.person_id AS person_id, c.address_line AS address_line, c.postcode AS postcode,
       toString(date(c.updated_at)) AS seen, source
