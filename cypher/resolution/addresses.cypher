// Every Address node (to attach postcode-less mentions to a unique known address).
MATCH (a:Address)
RETURN a.address_key AS address_key, a.street_key AS street_key, a.postcode AS postcode
