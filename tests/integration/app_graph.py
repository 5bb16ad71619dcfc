"""A small graph in the agreed shape for the app's tests (children, persons, NETWORK edges with
ranks and components, notes and a document with mentions, practitioner flags, a restricted
child, a restricted note, hostile names). Built with plain Cypher here — test data only."""

from __future__ import annotations

import json
from datetime import date

TEAM_A = "Eastfield Safeguarding"   # allocated to C-100; the restricted child's team
TEAM_B = "MASH"                     # an ordinary team with no access to restricted records
HOSTILE_CYPHER = "'}) DETACH DELETE n //"
HOSTILE_HTML = "<script>alert(1)</script>"

NOTE1 = ("Home visit to Isla. Karen Owen (mum) was present and said Dave Smith has not been to the "
         "house since March. Jo Bloggs SW discussed the safety plan with Karen.")
NOTE2 = ("Isla said she goes to the retail park with Kyle. Karen Owen agreed to keep to the safety "
         "plan. Aunty Bev will collect Isla from school on Fridays.")
NOTE3 = "Restricted: Rita Restricted disclosed information about the family to the police."
NOTE_SECRET = "Safety plan agreed for Zara. Quentin Secretperson must not have contact."
DOC1 = "Safety plan v2. People who will keep Isla safe: Karen Owen (mum), Aunty Bev. " + HOSTILE_HTML


def _off(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def _components(rank: int, category: str, roles: list[str], notes: int, age_days: int) -> str:
    return json.dumps({"rank": rank, "category": category, "roles": roles, "role_weight": 1.0,
                       "recency": 0.8, "evidence": 1.5, "confidence": 1.0, "weight": 1.2,
                       "age_days": age_days, "current": False, "notes": notes, "documents": 0,
                       "records": 0, "allocations": 0, "evidence_count": notes}, sort_keys=True)


def build(driver, n_oneoff: int = 60) -> dict:
    """Create the graph (on a clean database). Returns ids the tests use."""
    run = lambda q, **p: driver.execute_query(q, p)  # noqa: E731
    run("""
    CREATE (:Team {name: $a}), (:Team {name: $b})
    CREATE (c1:Person:Child {child_id: 'C-100', person_id: 'child:C-100', given_name: 'Isla', family_name: 'Owen',
            display_name: 'Isla Owen', date_of_birth: '2011-01-05', postcode: 'KX5 1AB', legal_status: 'LAC',
            gender: 'Female', restricted: false, restricted_to_teams: []})
    CREATE (c2:Person:Child {child_id: 'C-101', person_id: 'child:C-101', given_name: 'Isla', family_name: 'Owen',
            display_name: 'Isla Owen', date_of_birth: '2015-03-02', postcode: 'EF6 2CD', legal_status: 'CIN',
            gender: 'Female', restricted: false, restricted_to_teams: []})
    CREATE (c9:Person:Child {child_id: 'C-900', person_id: 'child:C-900', given_name: 'Zara', family_name: 'Hidden',
            display_name: 'Zara Hidden', date_of_birth: '2010-10-10', postcode: 'TY1 9ZZ', legal_status: 'CP',
            gender: 'Female', restricted: true, restricted_to_teams: [$a]})
    CREATE (al:SourceRecord:AllocationRecord {record_key: 'worker_allocations:A-1', allocation_id: 'A-1',
            child_id: 'C-100', worker_id: 'W-1', worker_name: 'Jo Bloggs', role: 'Social Worker', team: $a,
            start_date: date('2023-01-01')})-[:ALLOCATION_FOR]->(c1)
    CREATE (ar:SourceRecord:AdultRecord {record_key: 'significant_adults:R-1', relationship_id: 'R-1', child_id: 'C-101',
            given_name: 'Mary', family_name: 'Owen', relationship: 'Mum', start_date: date('2015-03-02'),
            updated_at: datetime('2024-01-01T00:00:00Z')})-[:RECORDED_FOR]->(c2)
    """, a=TEAM_A, b=TEAM_B)
    people = [
        # key, name, category, roles, rank, first, last, evidence, confidence, sources
        ("P-1", "Karen Owen", "family", ["mother"], 1, "2022-01-10", "2024-05-01", 3, 0.95, ["record", "mention"]),
        ("W-1", "Jo Bloggs", "professional", ["social worker"], 2, "2023-01-01", "2024-05-01", 2, 1.0, ["allocation", "mention"]),
        ("P-2", "Dave Smith", "household", ["mother's partner"], 3, "2021-06-01", "2024-03-01", 1, 0.7, ["mention"]),
        ("P-3", "Aunty Bev", "family", ["maternal aunt"], 4, "2024-04-01", "2024-05-01", 2, 0.6, ["mention"]),
        ("P-4", "Kyle", "friend_or_peer", ["friend"], 5, "2024-04-20", "2024-04-20", 1, 0.4, ["mention"]),
        ("P-H1", HOSTILE_CYPHER, "community", ["mentioned"], 6, "2023-02-01", "2023-02-01", 1, 0.5, ["mention"]),
        ("P-H2", HOSTILE_HTML, "community", ["mentioned"], 7, "2023-02-01", "2023-02-01", 1, 0.5, ["mention"]),
        ("P-R", "Rita Restricted", "community", ["mentioned"], 8, "2024-02-02", "2024-02-02", 1, 0.9, ["mention"]),
    ]
    rows = []
    for key, name, cat, roles, rank, first, last, ev, conf, sources in people:
        rows.append({"key": key, "name": name, "cat": cat, "roles": roles, "rank": rank,
                     "first": date.fromisoformat(first), "last": date.fromisoformat(last), "ev": ev,
                     "conf": conf, "sources": sources,
                     "comp": _components(rank, cat, roles, ev, (date(2024, 6, 1) - date.fromisoformat(last)).days)})
    for i in range(n_oneoff):
        rows.append({"key": f"P-X{i:03d}", "name": f"Oneoff Person{i:03d}", "cat": "community", "roles": ["mentioned"],
                     "rank": 100 + i, "first": date(2023, 1 + i % 12, 1), "last": date(2023, 1 + i % 12, 1), "ev": 1,
                     "conf": 0.55, "sources": ["mention"], "comp": _components(100 + i, "community", ["mentioned"], 1, 400)})
    run("""
    MATCH (c:Child {child_id: 'C-100'})
    UNWIND $rows AS r
    CALL (r) {
      WITH r WHERE r.key STARTS WITH 'W-'
      MERGE (p:Person:Worker {worker_id: 'W-1'}) SET p.person_id = 'worker:W-1', p.display_name = r.name
      RETURN p
      UNION
      WITH r WHERE NOT r.key STARTS WITH 'W-'
      MERGE (p:Person {person_id: r.key}) SET p.display_name = r.name, p.names = [r.name], p.roles = r.roles
      RETURN p
    }
    CREATE (c)-[:NETWORK {category: r.cat, roles: r.roles, first_seen: r.first, last_seen: r.last,
                          evidence_count: r.ev, sources: r.sources, confidence: r.conf, rank: r.rank,
                          rank_score: 1.0 / r.rank, rank_components: r.comp}]->(p)
    """, rows=rows)
    run("""
    MATCH (c:Child {child_id: 'C-100'})
    CREATE (a:Address {address_key: 'KX51AB|12|HIGH STREET', postcode: 'KX5 1AB', line: '12 High Street'})
    CREATE (pl:Place {place_key: 'place:retail-park', name: 'Kelderby Retail Park', kind: 'retail park'})
    CREATE (c)-[:NETWORK {category: 'place', roles: ['home address'], first_seen: date('2020-01-01'),
            last_seen: date('2024-05-01'), evidence_count: 4, sources: ['record'], confidence: 1.0, rank: 9,
            rank_score: 0.1, current: true}]->(a)
    CREATE (c)-[:NETWORK {category: 'place', roles: ['place'], first_seen: date('2024-04-20'),
            last_seen: date('2024-04-20'), evidence_count: 1, sources: ['record'], confidence: 0.8, rank: 10,
            rank_score: 0.09}]->(pl)
    CREATE (:PractitionerDecision {kind: 'risk', target_id: 'P-2', child_id: 'C-100', reason: 'violent to mum',
            decided_by: 'asha', decided_at: datetime('2024-05-02T10:00:00Z')})
    // checked as shown ("Looks right"): Medium-confidence people the FGC list and family views may list
    CREATE (:PractitionerDecision {kind: 'role', target_id: 'P-3', child_id: 'C-100', value: 'maternal aunt',
            category: 'family', reason: 'checked', decided_by: 'asha', decided_at: datetime('2024-05-03T10:00:00Z')})
    CREATE (:PractitionerDecision {kind: 'role', target_id: 'P-X050', child_id: 'C-100', category: 'community',
            reason: 'checked', decided_by: 'asha', decided_at: datetime('2024-05-03T10:00:00Z')})
    """)
    notes = [
        ("N-1", "C-100", NOTE1, date(2024, 5, 1), False, "Home visit", "Home visit",
         [("P-1", "Karen Owen", "mother"), ("P-2", "Dave Smith", "mother's partner"), ("W-1", "Jo Bloggs", "social worker")]),
        ("N-2", "C-100", NOTE2, date(2024, 4, 20), False, "Direct work", "Direct work with Isla",
         [("P-1", "Karen Owen", "mother"), ("P-4", "Kyle", "friend"), ("P-3", "Aunty Bev", "maternal aunt")]),
        ("N-3", "C-100", NOTE3, date(2024, 2, 2), True, "Case note", "Restricted note",
         [("P-R", "Rita Restricted", None)]),
        ("N-9", "C-900", NOTE_SECRET, date(2024, 5, 5), False, "Case note", "Safety planning",
         [("P-S", "Quentin Secretperson", None)]),
    ]
    names4 = [g for g in (HOSTILE_CYPHER, HOSTILE_HTML)] + [f"Oneoff Person{i:03d}" for i in range(n_oneoff)]
    keys4 = ["P-H1", "P-H2"] + [f"P-X{i:03d}" for i in range(n_oneoff)]
    note4 = "Names from the family tree meeting: " + "; ".join(names4) + "."
    notes.append(("N-4", "C-100", note4, date(2023, 2, 1), False, "Meeting", "Family meeting",
                  [(k, n, None) for k, n in zip(keys4, names4)]))
    for note_id, child_id, body, d, restricted, ntype, subject, mentions in notes:
        mrows = []
        for key, text, role in mentions:
            s, e = _off(body, text)
            mrows.append({"id": f"note:{note_id}:{s}-{e}", "key": key, "text": text, "role": role, "s": s, "e": e})
        run("""
        MATCH (c:Child {child_id: $child_id})
        CREATE (n:CaseNote {note_id: $note_id, child_id: $child_id, body: $body, subject: $subject, note_type: $ntype,
                event_date: $d, recorded_at: datetime($rec), restricted: $restricted})-[:ABOUT]->(c)
        WITH n, c
        UNWIND $mentions AS m
        MERGE (p:Person {person_id: CASE WHEN m.key STARTS WITH 'W-' THEN 'worker:' + m.key ELSE m.key END})
          ON CREATE SET p.display_name = m.text
        CREATE (mn:Mention {mention_id: m.id, label: 'PERSON', text: m.text, start: m.s, end: m.e, role: m.role,
                confidence: 0.9, source: 'ner', child_id: $child_id, record_date: $d})-[:IN]->(n)
        CREATE (mn)-[:REFERS_TO {confidence: 0.9, method: 'cluster'}]->(p)
        """, child_id=child_id, note_id=note_id, body=body, subject=subject, ntype=ntype, d=d,
            rec=f"{d.isoformat()}T12:00:00Z", restricted=restricted, mentions=mrows)
    # the secret child's own network
    run("""
    MATCH (c:Child {child_id: 'C-900'}), (p:Person {person_id: 'P-S'})
    SET p.display_name = 'Quentin Secretperson'
    CREATE (c)-[:NETWORK {category: 'associate_or_risk', roles: ['older associate'], first_seen: date('2024-05-05'),
            last_seen: date('2024-05-05'), evidence_count: 1, sources: ['mention'], confidence: 0.9, rank: 1,
            rank_score: 1.0}]->(p)
    """)
    s, e = _off(DOC1, "Karen Owen")
    run("""
    MATCH (c:Child {child_id: 'C-100'}), (p:Person {person_id: 'P-1'})
    CREATE (d:Document {document_id: 'D-1', child_id: 'C-100', title: 'Safety plan v2', document_type: 'Safety plan',
            document_date: date('2024-05-10'), text: $text, text_status: 'done', restricted: false,
            file_name: 'safety-plan.docx'})-[:ABOUT]->(c)
    CREATE (mn:Mention {mention_id: 'doc:D-1:' + toString($s) + '-' + toString($e), label: 'PERSON', text: 'Karen Owen',
            start: $s, end: $e, role: 'mother', child_id: 'C-100', record_date: date('2024-05-10')})-[:IN]->(d)
    CREATE (mn)-[:REFERS_TO {confidence: 0.95, method: 'cluster'}]->(p)
    """, text=DOC1, s=s, e=e)
    return {"child": "C-100", "twin": "C-101", "secret": "C-900", "secret_person": "P-S",
            "restricted_note": "N-3", "restricted_person": "P-R", "secret_note": "N-9"}


def add_possibly_same(driver, pairs: list[tuple[str, str, float]]) -> None:
    """Write "possibly the same" edges between existing AdultRecords as the linker's grader does
    (`cypher/resolution/possibly_same.cypher`): (record_1, record_2, score) per pair."""
    from graph_model.cypher import cypher

    rows = [{"record_1": a, "record_2": b, "score": score, "pair_key": f"{a}|{b}", "grade": "possibly the same",
             "reasons": json.dumps({"agree": ["family_name"], "partial": ["given_name"], "disagree": ["date_of_birth"],
                                    "missing": [], "not_merged": "below the same-person threshold"})}
            for a, b, score in pairs]
    driver.execute_query(cypher("resolution/possibly_same"), rows=rows)
