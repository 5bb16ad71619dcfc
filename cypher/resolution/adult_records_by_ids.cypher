// Significant-adult records (the fields the record linker compares) by relationship id.
UNWIND $ids AS id
MATCH (r:AdultRecord {relationship_id: id})
RETURN r.relationship_id AS relationship_id, r.child_id AS child_id, r.person_ref AS person_ref,
       r.given_name AS given_name, r.family_name AS family_name,
       toString(r.date_of_birth) AS date_of_birth, r.gender AS gender, r.relationship AS relationship,
       r.address_line AS address_line, r.postcode AS postcode, r.phone AS phone, r.email AS email,
       toString(r.start_date) AS start_date, toString(r.end_date) AS end_date,
       toString(date(r.updated_at)) AS updated_date
ORDER BY relationship_id
