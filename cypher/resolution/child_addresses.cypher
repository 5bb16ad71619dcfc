// Children's current addresses (children.csv), so a child shares Address nodes with the adults
// recorded at the same address (co-residence: the "household" of the ecomap).
MATCH (c:Child)
WHERE c.address_line IS NOT NULL OR c.postcode IS NOT NULL
RETURN c.person_id AS person_id, c.address_line AS address_line, c.postcode AS postcode,
       toString(date(c.updated_at)) AS seen
