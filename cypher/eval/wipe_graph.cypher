// Deletes EVERYTHING in the graph: only through evaluation.wipe.wipe_graph, which refuses
// unless the caller allowed it (--wipe or KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1).
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
