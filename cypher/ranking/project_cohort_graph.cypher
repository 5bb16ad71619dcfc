// Project children, the persons, addresses and places in their networks, and where those people
// live, as one undirected GDS graph for cohort analysis (MACE). Professionals are left out unless
// asked for: one social worker would otherwise join a whole caseload into one cohort.
// Parameters: $graph_name, $include_professionals. Returns: the gds.graph.project result.
CALL () {
  MATCH (c:Child)-[n:NETWORK]->(t)
  WHERE $include_professionals OR (n.category <> 'professional' AND NOT t:Worker)
  RETURN c AS source, t AS target
  UNION
  MATCH (p:Person)-[:LIVES_AT]->(a:Address)
  WHERE ($include_professionals OR NOT p:Worker)
    AND (p:Child OR EXISTS { (:Child)-[:NETWORK]->(p) })
  RETURN p AS source, a AS target
}
RETURN gds.graph.project($graph_name, source, target, {}, {undirectedRelationshipTypes: ['*']})
