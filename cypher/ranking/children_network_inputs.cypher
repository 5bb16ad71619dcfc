// Children whose network is not marked stale, with the fingerprint of the inputs their NETWORK
// edges were materialised from (null: materialised before fingerprints, or never).
// Parameters: none. Returns: child_id, network_inputs.
MATCH (c:Child)
WHERE NOT coalesce(c.network_stale, false)
RETURN c.child_id AS child_id, c.network_inputs AS network_inputs
ORDER BY child_id
