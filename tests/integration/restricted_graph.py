"""A graph in which a restricted child touches visible children from every side (test data only).

Benedikt Duda (C-85) is restricted to the team "Sensitive Cases". He shares with his visible
sister Anya (C-86): a mother (Marta Duda, recorded on both files), a home address, a place, a
cohort and a mention in Anya's own notes ("Her brother Benedikt"). His father (recorded only on
his file) lives at the shared address; a man named in his notes (Quentin Secretperson) is named
in Anya's notes only as "Q". Anya has a restricted note of her own (Rita Restrictednote), read by
her allocated team only; an old allocation of the outsider's team ended long ago. There are
quarantine items, practitioner decisions and audit events about Benedikt.

The outsider (team MASH, roles practitioner + admin) must never meet any of ``FORBIDDEN``.
"""

from __future__ import annotations

import re
from datetime import date

SECRET_TEAM = "Sensitive Cases"
ANYA_TEAM = "Eastfield Safeguarding"
OUTSIDER_TEAM = "MASH"
COHORT = "cohort:5a1f0c9e2b7d4e11"
HOME = "AB12CD|4|MILL LANE"

NOTE_ANYA = "Home visit. Her brother Benedikt was at home with mum Marta Duda. Anya said Q gives her lifts."
NOTE_ANYA_RESTRICTED = "Police disclosure: Rita Restrictednote has contact with Anya."
NOTE_BENEDIKT = "Benedikt Duda said Quentin Secretperson meets him at Kelderby Bus Station."
DOC_BENEDIKT = "Strategy discussion about Benedikt Duda: Quentin Secretperson and Krzysztof Secretfather."

FORBIDDEN = (
    "C-85", "Benedikt Duda", "Quentin", "Secretperson", "Krzysztof", "Secretfather", "Rita", "Restrictednote",
    "N-85", "D-85", "N-86R", "R-85", "Secretsearch", "Secretoldevent", "Secretunloaded", "C-999",
    "Secretdecision", "Secretrefuge", "ZZ9 9ZZ", "900855", "secretmail",
)
"""Strings the outsider must never see: the restricted child's id and canonical name, people and
records known only from restricted records, what insiders typed or decided about him, the contact
details his file records for the shared mother. (The
visible sister's own note says "Benedikt": that note, and only that, may show the word.)"""

DATABASE_ID = re.compile(r"\b(?:\d+:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::\d+)?\b", re.I)
"""An id the database or the app generates (a Neo4j element id ``4:<uuid>:6``, a UUID). It is
random per install, so it can hold "d-85" or "c-85" by chance ("4d5d-8534"); it is masked before
the check, and says nothing about the restricted child."""


def leaks(text: str) -> list[str]:
    """The FORBIDDEN strings ``text`` contains (case-insensitive), generated ids masked."""
    shown = DATABASE_ID.sub("<id>", text).lower()
    return [s for s in FORBIDDEN if s.lower() in shown]


def _span(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def build(driver) -> None:
    """Create the graph (on a clean database)."""
    run = lambda q, **p: driver.execute_query(q, p)  # noqa: E731
    run("""
    CREATE (:Team {name: $secret}), (:Team {name: $anya_team}), (:Team {name: $outsider})
    CREATE (c85:Person:Child {child_id: 'C-85', person_id: 'child:C-85', given_name: 'Benedikt', family_name: 'Duda',
            display_name: 'Benedikt Duda', date_of_birth: '2012-04-01', postcode: 'AB12 3CD', legal_status: 'CP',
            restricted: true, restricted_to_teams: [$secret], cohort_id: $cohort, cohort_size: 3})
    CREATE (c86:Person:Child {child_id: 'C-86', person_id: 'child:C-86', given_name: 'Anya', family_name: 'Duda',
            display_name: 'Anya Duda', date_of_birth: '2014-06-01', postcode: 'AB12 3CD', legal_status: 'CIN',
            restricted: false, restricted_to_teams: [], cohort_id: $cohort, cohort_size: 3})
    CREATE (c87:Person:Child {child_id: 'C-87', person_id: 'child:C-87', given_name: 'Tomasz', family_name: 'Nowak',
            display_name: 'Tomasz Nowak', date_of_birth: '2011-02-01', postcode: 'AB14 1XY', legal_status: 'CIN',
            restricted: false, restricted_to_teams: [], cohort_id: $cohort, cohort_size: 3})
    CREATE (c88:Person:Child {child_id: 'C-88', person_id: 'child:C-88', given_name: 'Lena', family_name: 'Kowalska',
            display_name: 'Lena Kowalska', date_of_birth: '2012-08-01', postcode: 'AB15 2XY', legal_status: 'CIN',
            restricted: false, restricted_to_teams: [], cohort_id: $cohort, cohort_size: 4})
    CREATE (m:Person {person_id: 'P-M', display_name: 'Marta Duda', names: ['Marta Duda'], roles: ['mother']})
    CREATE (f:Person {person_id: 'P-F', display_name: 'Krzysztof Secretfather', names: ['Krzysztof Secretfather'],
            roles: ['father']})
    CREATE (q:Person {person_id: 'P-Q', display_name: 'Quentin Secretperson', names: ['Quentin Secretperson', 'Q'],
            roles: ['older associate']})
    CREATE (r:Person {person_id: 'P-R', display_name: 'Rita Restrictednote', names: ['Rita Restrictednote']})
    CREATE (w:Person:Worker {worker_id: 'W-1', person_id: 'worker:W-1', display_name: 'Jo Bloggs'})
    CREATE (a:Address {address_key: $home, postcode: 'AB12 3CD', line: '4 Mill Lane'})
    CREATE (pl:Place {place_key: 'place:kelderby-bus-station', name: 'Kelderby Bus Station', kind: 'bus station'})
    CREATE (c85)-[:LIVES_AT {first_seen: date('2020-01-01')}]->(a), (c86)-[:LIVES_AT {first_seen: date('2020-01-01')}]->(a),
           (m)-[:LIVES_AT {first_seen: date('2020-01-01')}]->(a), (f)-[:LIVES_AT {first_seen: date('2020-01-01')}]->(a)
    CREATE (r85m:SourceRecord:AdultRecord {record_key: 'significant_adults:R-85M', relationship_id: 'R-85M', child_id: 'C-85',
            given_name: 'Marta', family_name: 'Duda', relationship: 'Mother', updated_at: datetime('2024-01-01T00:00:00Z'),
            address_line: '9 Secretrefuge Close', postcode: 'ZZ9 9ZZ', phone: '07700 900855', email: 'marta@secretmail.example'})
    CREATE (r86m:SourceRecord:AdultRecord {record_key: 'significant_adults:R-86M', relationship_id: 'R-86M', child_id: 'C-86',
            given_name: 'Marta', family_name: 'Duda', relationship: 'Mother', updated_at: datetime('2024-01-01T00:00:00Z'),
            address_line: '4 Mill Lane', postcode: 'AB12 3CD', phone: '07700 900866'})
    CREATE (r85f:SourceRecord:AdultRecord {record_key: 'significant_adults:R-85F', relationship_id: 'R-85F', child_id: 'C-85',
            given_name: 'Krzysztof', family_name: 'Secretfather', relationship: 'Father',
            updated_at: datetime('2024-01-01T00:00:00Z')})
    CREATE (r85m)-[:RECORDED_FOR]->(c85), (r86m)-[:RECORDED_FOR]->(c86), (r85f)-[:RECORDED_FOR]->(c85)
    CREATE (r85m)-[:RESOLVED_TO {confidence: 0.97, method: 'dedupe'}]->(m), (r86m)-[:RESOLVED_TO {confidence: 0.97, method: 'dedupe'}]->(m),
           (r85f)-[:RESOLVED_TO {confidence: 1.0, method: 'dedupe'}]->(f)
    CREATE (al:SourceRecord:AllocationRecord {record_key: 'worker_allocations:A-1', allocation_id: 'A-1', child_id: 'C-86',
            worker_id: 'W-1', worker_name: 'Jo Bloggs', role: 'Social Worker', team: $anya_team, start_date: date('2023-01-01')})
    CREATE (al)-[:ALLOCATION_FOR]->(c86), (al)-[:RESOLVED_TO]->(w)
    CREATE (old:SourceRecord:AllocationRecord {record_key: 'worker_allocations:A-0', allocation_id: 'A-0', child_id: 'C-86',
            worker_id: 'W-0', worker_name: 'Old Worker', role: 'Duty worker', team: $outsider,
            start_date: date('2019-01-01'), end_date: date('2020-01-31')})
    CREATE (old)-[:ALLOCATION_FOR]->(c86)
    """, secret=SECRET_TEAM, anya_team=ANYA_TEAM, outsider=OUTSIDER_TEAM, cohort=COHORT, home=HOME)
    records = [
        ("N-86a", "CaseNote", "C-86", NOTE_ANYA, False, date(2024, 5, 1),
         [("Benedikt", "child:C-85", "brother"), ("Marta Duda", "P-M", "mother"), ("Q", "P-Q", None)]),
        ("N-86r", "CaseNote", "C-86", NOTE_ANYA_RESTRICTED, True, date(2024, 5, 3),
         [("Rita Restrictednote", "P-R", None), ("Anya", "child:C-86", None)]),
        ("N-85a", "CaseNote", "C-85", NOTE_BENEDIKT, False, date(2024, 5, 2),
         [("Quentin Secretperson", "P-Q", None), ("Kelderby Bus Station", "place:kelderby-bus-station", None)]),
        ("D-85", "Document", "C-85", DOC_BENEDIKT, False, date(2024, 5, 4),
         [("Quentin Secretperson", "P-Q", None), ("Krzysztof Secretfather", "P-F", "father")]),
    ]
    for rid, label, child_id, text, restricted, d, mentions in records:
        rows = []
        for needle, target, role in mentions:
            s, e = _span(text, needle)
            rows.append({"id": f"{'note' if label == 'CaseNote' else 'doc'}:{rid}:{s}-{e}", "text": needle,
                         "target": target, "role": role, "s": s, "e": e,
                         "label": "PLACE" if target.startswith("place:") else "PERSON"})
        run(f"""
        MATCH (c:Child {{child_id: $child_id}})
        CREATE (r:{label} {{note_id: CASE WHEN $label = 'CaseNote' THEN $rid END,
                             document_id: CASE WHEN $label = 'Document' THEN $rid END,
                             child_id: $child_id, body: CASE WHEN $label = 'CaseNote' THEN $text END,
                             text: CASE WHEN $label = 'Document' THEN $text END, subject: 'Visit', title: 'Strategy',
                             note_type: 'Case note', document_type: 'Minutes', file_name: 'minutes.docx',
                             event_date: CASE WHEN $label = 'CaseNote' THEN $d END,
                             document_date: CASE WHEN $label = 'Document' THEN $d END,
                             restricted: $restricted, text_status: 'done'}})-[:ABOUT]->(c)
        WITH r
        UNWIND $mentions AS mn
        MATCH (t) WHERE t.person_id = mn.target OR t.place_key = mn.target
        CREATE (m:Mention {{mention_id: mn.id, label: mn.label, text: mn.text, start: mn.s, end: mn.e, role: mn.role,
                            confidence: 0.9, source: 'ner', child_id: $child_id, record_date: $d}})-[:IN]->(r)
        CREATE (m)-[:REFERS_TO {{confidence: 0.9, method: 'cluster'}}]->(t)
        """, child_id=child_id, label=label, rid=rid, text=text, restricted=restricted, d=d, mentions=rows)
    edges = [
        # child, target key, category, roles, rank, sources
        ("C-86", "P-M", "family", ["mother"], 1, ["record", "mention", "address"]),
        ("C-86", "child:C-85", "family", ["brother"], 2, ["mention", "address"]),
        ("C-86", "P-F", "household", ["lives with the child"], 3, ["address"]),
        ("C-86", "P-Q", "associate_or_risk", ["older associate"], 4, ["mention"]),
        ("C-86", "P-R", "community", ["mentioned"], 5, ["mention"]),
        ("C-86", "worker:W-1", "professional", ["social worker"], 6, ["allocation"]),
        ("C-86", HOME, "place", ["home address"], 7, ["address"]),
        ("C-86", "place:kelderby-bus-station", "place", ["place"], 8, ["record"]),
        ("C-85", "P-M", "family", ["mother"], 1, ["record"]),
        ("C-85", "P-F", "family", ["father"], 2, ["record", "mention"]),
        ("C-85", "P-Q", "associate_or_risk", ["older associate"], 3, ["mention"]),
        ("C-85", "child:C-86", "family", ["sister"], 4, ["address"]),
        ("C-85", "place:kelderby-bus-station", "place", ["place"], 5, ["mention"]),
        ("C-85", HOME, "place", ["home address"], 6, ["address"]),
        ("C-87", "place:kelderby-bus-station", "place", ["place"], 1, ["record"]),
        ("C-87", "P-Q", "associate_or_risk", ["older associate"], 2, ["record"]),
        # Lena is in the cohort only through Benedikt: for outsiders she is not a cohort member
        ("C-88", "child:C-85", "friend_or_peer", ["friend"], 1, ["record"]),
    ]
    run("""
    UNWIND $edges AS e
    MATCH (c:Child {child_id: e.child})
    MATCH (t) WHERE t.person_id = e.target OR t.place_key = e.target OR t.address_key = e.target
    CREATE (c)-[:NETWORK {category: e.category, roles: e.roles, rank: e.rank, rank_score: 1.0 / e.rank,
            sources: e.sources, evidence_count: 2, confidence: 0.9, first_seen: date('2024-01-01'),
            last_seen: date('2024-05-04'),
            rank_components: '{"rank": ' + toString(e.rank) + ', "notes": 2, "documents": 1, "records": 0, "allocations": 0}'}]->(t)
    """, edges=[{"child": c, "target": t, "category": cat, "roles": roles, "rank": rank, "sources": src}
                for c, t, cat, roles, rank, src in edges])
    run("""
    CREATE (:PractitionerDecision {decision_id: 'PD-1', kind: 'risk', target_id: 'P-Q', child_id: 'C-85',
            reason: 'Secretdecision: grooming concern', decided_by: 'insider', decided_at: datetime('2024-05-05T10:00:00Z')})
    CREATE (run:LoadRun {run_id: 'run-r', started_at: datetime('2024-05-06T01:00:00Z'), status: 'done'})
    CREATE (run)-[:REJECTED]->(:QuarantineItem {run_id: 'run-r', file: 'significant_adults.csv', line: 4,
            reason: 'bad_date', detail: 'Benedikt Duda start_date', record_id: 'R-85X', child_id: 'C-85',
            restricted: true, restricted_to_teams: [$secret]})
    CREATE (run)-[:REJECTED]->(:QuarantineItem {run_id: 'run-r', file: 'children.csv', line: 9,
            reason: 'bad_date', detail: 'Secretunloaded', record_id: 'C-999', child_id: 'C-999',
            restricted: true, restricted_to_teams: [$secret]})
    CREATE (:AuditEvent {at: datetime('2024-05-05T09:00:00Z'), user: 'insider', action: 'view',
            target: 'child:C-85', detail: 'Secretoldevent', teams: [$secret]})
    """, secret=SECRET_TEAM)
