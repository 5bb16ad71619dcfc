// Every cluster of each of these name blocks (whole blocks: the cross-child step decides a
// cluster's pairs on the whole of each of its blocks).
UNWIND $blocks AS k
MATCH (:NameBlock {key: k})<-[:IN_NAME_BLOCK]-(c:MentionCluster)
RETURN k AS block, collect(c.key) AS keys
