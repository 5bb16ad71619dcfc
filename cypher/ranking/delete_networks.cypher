// Remove the NETWORK edges of the given children (they are rebuilt in the same transaction).
// Practitioner input (PractitionerDecision nodes) is never touched.
// Parameters: $child_ids. Returns: deleted.
UNWIND $child_ids AS cid
MATCH (c:Child {child_id: cid})-[n:NETWORK]->()
DELETE n
RETURN count(*) AS deleted
