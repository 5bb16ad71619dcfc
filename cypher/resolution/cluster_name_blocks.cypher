// The name blocks of these clusters, each with its size (clusters in it), for the connected
// components the cross-child step links.
UNWIND $keys AS k
MATCH (:MentionCluster {key: k})-[:IN_NAME_BLOCK]->(b:NameBlock)
WITH DISTINCT b
RETURN b.key AS block, COUNT { (b)<-[:IN_NAME_BLOCK]-() } AS size
