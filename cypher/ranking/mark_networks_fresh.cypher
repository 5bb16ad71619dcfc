// The given children's networks are materialised: clear network_stale and store the fingerprint
// of the inputs they were built from ($inputs: child_id -> fingerprint; see
// ranking.materialise.network_inputs).
// Parameters: $child_ids, $inputs. Returns: marked.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})
SET c.network_stale = false, c.network_inputs = $inputs[cid]
RETURN count(c) AS marked
