// How many child-level mention clusters the graph holds.
MATCH (c:MentionCluster)
RETURN count(c) AS clusters
