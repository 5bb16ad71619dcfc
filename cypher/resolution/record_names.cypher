// Every adult record's name (the name blocks of a graph resolved before they were kept).
MATCH (r:AdultRecord)
RETURN r.relationship_id AS relationship_id, r.given_name AS given, r.family_name AS family
