// How many nodes the database holds (from the count store: instant at any size).
// `kinscope load --initial` imports only into an empty database.
MATCH (n) RETURN count(n) AS nodes
