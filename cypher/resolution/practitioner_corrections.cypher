// Practitioner corrections about mentions (never written by the pipeline), oldest first, for
// linkage.practitioner_constraints. kind 'not_person': mention_ids are not a person. 'same_person':
// the mention-only person of mention_ids is the person of other_mention_ids / other_records.
// 'not_same': mention_ids are not that person. other_persons: the persons the other side's adult
// records resolve to now (read after the records step has written RESOLVED_TO); other_referents:
// the persons the other side's mentions outside any child-level cluster refer to now.
MATCH (d:PractitionerDecision)
WHERE d.kind IN ['not_person', 'same_person', 'not_same']
RETURN d.kind AS kind, coalesce(d.mention_ids, []) AS mention_ids,
       coalesce(d.other_mention_ids, []) AS other_mention_ids,
       [(r:AdultRecord)-[:RESOLVED_TO]->(p:Person) WHERE r.relationship_id IN coalesce(d.other_records, []) | p.person_id]
         AS other_persons,
       [(m:Mention)-[:REFERS_TO]->(p:Person) WHERE m.mention_id IN coalesce(d.other_mention_ids, [])
                                                AND m.cluster_key IS NULL | p.person_id] AS other_referents,
       d.decided_by AS decided_by, toString(d.decided_at) AS decided_at
ORDER BY decided_at
