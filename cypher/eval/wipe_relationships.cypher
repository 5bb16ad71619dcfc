// The relationships first, in batches: a node's DETACH DELETE takes all of its relationships in
// one transaction, and a block or worker linked to a hundred thousand mentions overflowed the
// memory pool (a 2,000-child graph, 1 GiB heap). Only through evaluation.wipe.wipe_graph.
MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS
