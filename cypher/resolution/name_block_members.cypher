// The clusters in these name blocks.
UNWIND $blocks AS k
MATCH (:NameBlock {key: k})<-[:IN_NAME_BLOCK]-(c:MentionCluster)
RETURN collect(DISTINCT c.key) AS keys
