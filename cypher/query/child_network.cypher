// One child's resolved network: every member (Person, Address, Place) with its display name,
// every surface form (the names it carries and the texts of the mentions in this child's
// notes and documents that refer to it), labels and the NETWORK edge's properties (category,
// roles, first/last seen, evidence count, confidence, rank...).
// Parameters: $child_id; $edges: null to read the materialised NETWORK edges, or a list of
// {target (elementId), props} computed by the caller when the network is not materialised.
// Returns one row (none when the child does not exist): child, materialised, members.
// Not filtered by team and not audit-logged: an operator's query (see graph_model/network_view.py).
MATCH (c:Child {child_id: $child_id})
OPTIONAL CALL (c) {
  MATCH (c)-[n:NETWORK]->(t) WHERE $edges IS NULL
  RETURN t, properties(n) AS props
  UNION
  UNWIND coalesce($edges, []) AS e
  MATCH (t) WHERE elementId(t) = e.target
  RETURN t, e.props AS props
}
OPTIONAL CALL (c, t) {
  MATCH (m:Mention)-[:REFERS_TO]->(t)
  WHERE EXISTS { (m)-[:IN]->()-[:ABOUT]->(c) }
  RETURN collect(DISTINCT m.text) AS mention_texts, count(m) AS mention_count
}
WITH c, t, props, mention_texts, mention_count
ORDER BY coalesce(props.rank, 1000000), props.evidence_count DESC
WITH c, collect(CASE WHEN t IS NULL THEN null ELSE {
  id: coalesce(t.person_id, t.address_key, t.place_key, t.organisation_key, elementId(t)),
  labels: labels(t),
  display_name: coalesce(t.display_name, t.name, t.line, t.address_key, t.place_key),
  names: coalesce(t.names, []),
  mention_texts: coalesce(mention_texts, []),
  mention_count: coalesce(mention_count, 0),
  restricted: t.restricted,
  props: props
} END) AS members
RETURN c{.child_id, .display_name, .given_name, .family_name, .restricted, .restricted_to_teams,
         .network_stale} AS child,
       EXISTS { (c)-[:NETWORK]->() } AS materialised, members
