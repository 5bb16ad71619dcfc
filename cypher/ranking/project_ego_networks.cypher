// Project the children's ego networks (built in Python, one disjoint copy per child, integer
// node ids) as one undirected weighted GDS graph.
// Parameters: $graph_name, $rels (list of {s, t, w}). Returns: the gds.graph.project result.
UNWIND $rels AS r
RETURN gds.graph.project($graph_name, r.s, r.t,
  {relationshipProperties: {weight: r.w}},
  {undirectedRelationshipTypes: ['*']})
