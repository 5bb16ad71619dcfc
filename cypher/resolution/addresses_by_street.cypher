// Known addresses of these street keys (to attach postcode-less mentions to a unique one).
UNWIND $keys AS k
MATCH (a:Address {street_key: k})
RETURN a.address_key AS address_key, a.street_key AS street_key, a.postcode AS postcode
