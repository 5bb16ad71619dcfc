// The child-level clusters that pointed at these persons at the last run (index on final_id):
// a group an increment touches is linked again whole.
UNWIND $ids AS pid
MATCH (c:MentionCluster {final_id: pid})
RETURN collect(DISTINCT c.key) AS keys
