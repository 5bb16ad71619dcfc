"""`search_page` against a brute-force filter: Lucene's raw hits, the access rule written out in
Python, sorted in Python. On a small graph of notes and documents that all match one word — a
visible child, a restricted child (seen by its team only), a child whose restricted records the
viewer's allocated team may read, one whose allocation expired, undated records and tied dates —
every total (exact, or the cap with ``total_capped``) and every page, for each order, viewer and
filter, must be the brute force's. The newest records are the hidden ones, so the first candidates
of a newest-first page are all hidden from the outsider (the query must widen its candidates).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from graph_model.gateway import Viewer
from graph_model.queries import record_lucene, search_page
from graph_model.search_index import day_token

pytestmark = pytest.mark.integration

WORD = "kestrel"
LIMIT = 10
CAP = 1000  # the count stops this far past the page (cypher/app/search_records.cypher)
OUTSIDER = Viewer("outsider", frozenset({"T-A"}), roles=frozenset({"practitioner"}))
INSIDER = Viewer("insider", frozenset({"T-A", "T-S"}), roles=frozenset({"practitioner"}))
CHILDREN = [
    {"child_id": "C-1", "display_name": "Open Child", "restricted": False, "restricted_to_teams": []},
    {"child_id": "C-2", "display_name": "Secret Child", "restricted": True, "restricted_to_teams": ["T-S"]},
    {"child_id": "C-3", "display_name": "Allocated Child", "restricted": False, "restricted_to_teams": []},
    {"child_id": "C-4", "display_name": "Expired Child", "restricted": False, "restricted_to_teams": []},
]
ALLOCATIONS = [{"child_id": "C-3", "team": "T-A", "end": None},
               {"child_id": "C-4", "team": "T-A", "end": date(2001, 1, 1)}]


def _records() -> list[dict]:
    rng = random.Random(7)
    out = []
    for i in range(1400):
        child = rng.choice(["C-1", "C-1", "C-2", "C-3", "C-4"])
        undated = rng.random() < 0.05
        day = None if undated else date(2010, 1, 1) + timedelta(days=rng.randrange(0, 3000, 3))  # ties
        out.append({"id": f"N-{i:04d}", "doc": i % 7 == 0, "child_id": child, "date": day,
                    "restricted": rng.random() < 0.3, "type": rng.choice(["Visit", "Review"]),
                    "body": f"{WORD} " + " ".join(["seen"] * rng.randrange(1, 6))})
    for i in range(260):  # the newest of all, hidden from the outsider
        out.append({"id": f"N-H{i:03d}", "doc": False, "child_id": "C-4" if i % 2 else "C-2",
                    "date": date(2020, 1, 1) + timedelta(days=i), "restricted": True, "type": "Visit",
                    "body": f"{WORD} hidden"})
    return out


RECORDS = _records()


@pytest.fixture(scope="module")
def graph(clean_graph_module):
    driver = clean_graph_module
    driver.execute_query("UNWIND $children AS c CREATE (:Person:Child {child_id: c.child_id, "
                         "display_name: c.display_name, restricted: c.restricted, "
                         "restricted_to_teams: c.restricted_to_teams})", children=CHILDREN)
    driver.execute_query("UNWIND $rows AS a MATCH (c:Child {child_id: a.child_id}) "
                         "CREATE (c)<-[:ALLOCATION_FOR]-(:AllocationRecord {team: a.team, end_date: a.end})",
                         rows=ALLOCATIONS)
    rows = [{**r, "search_day": day_token(r["date"])} for r in RECORDS]  # as the loaders write it
    notes = [r for r in rows if not r["doc"]]
    docs = [r for r in rows if r["doc"]]
    driver.execute_query("UNWIND $rows AS r MATCH (c:Child {child_id: r.child_id}) "
                         "CREATE (c)<-[:ABOUT]-(:CaseNote {note_id: r.id, child_id: r.child_id, event_date: r.date, "
                         "search_day: r.search_day, restricted: r.restricted, note_type: r.type, subject: 'Note', body: r.body})", rows=notes)
    driver.execute_query("UNWIND $rows AS r MATCH (c:Child {child_id: r.child_id}) "
                         "CREATE (c)<-[:ABOUT]-(:Document {document_id: r.id, child_id: r.child_id, "
                         "document_date: r.date, search_day: r.search_day, restricted: r.restricted, document_type: r.type, "
                         "title: 'Document', text: r.body})", rows=docs)
    driver.execute_query("CALL db.awaitIndexes(60)")
    return driver


def visible(viewer: Viewer, rec: dict) -> bool:
    """The access rule (cypher/rules/), written out for this graph."""
    child = next(c for c in CHILDREN if c["child_id"] == rec["child_id"])
    in_team = bool(set(child["restricted_to_teams"]) & viewer.teams)
    if child["restricted"] and not in_team:
        return False
    valid_from = viewer.access_params()["allocation_valid_from"]
    allocated = any(a["child_id"] == rec["child_id"] and a["team"] in viewer.teams
                    and (a["end"] is None or a["end"] >= valid_from) for a in ALLOCATIONS)
    return not rec["restricted"] or in_team or allocated


def brute_force(driver, viewer: Viewer, order: str, *, child_id=None, kind=None, record_type=None,
                date_from=None, date_to=None) -> list[str]:
    """The ids of every hit the viewer may see, filtered and sorted in Python."""
    rows, _, _ = driver.execute_query(
        "CALL db.index.fulltext.queryNodes('record_fulltext', $q) YIELD node, score "
        "RETURN coalesce(node.note_id, node.document_id) AS id, score",
        q=record_lucene(WORD, child_id=child_id, kind=kind, record_type=record_type))
    score = {r["id"]: r["score"] for r in rows}
    hits = []
    for rec in RECORDS:
        if rec["id"] not in score or not visible(viewer, rec):
            continue
        if (child_id and rec["child_id"] != child_id) or (record_type and rec["type"] != record_type):
            continue
        if kind and rec["doc"] != (kind == "document"):
            continue
        if (date_from and (rec["date"] is None or rec["date"] < date_from)) or \
                (date_to and (rec["date"] is None or rec["date"] > date_to)):
            continue
        hits.append(rec)

    def key(rec):
        day = rec["date"].toordinal() if rec["date"] else 0
        by_date = (rec["date"] is None, day if order == "oldest" else -day)
        first = (-score[rec["id"]],) if order == "relevance" else ()
        return (*first, *by_date, -score[rec["id"]], rec["id"])

    return [r["id"] for r in sorted(hits, key=key)]


FILTERS = [{}, {"child_id": "C-3"}, {"child_id": "C-2"}, {"kind": "document"},
           {"record_type": "Review", "date_from": date(2012, 1, 1), "date_to": date(2016, 12, 31)}]


@pytest.mark.parametrize("order", ["newest", "oldest", "relevance"])
@pytest.mark.parametrize("viewer", [OUTSIDER, INSIDER], ids=["outsider", "insider"])
def test_totals_and_pages_are_the_brute_force(graph, viewer, order):
    checked_capped = False
    for filters in FILTERS:
        expected = brute_force(graph, viewer, order, **filters)
        if filters.get("child_id") == "C-2" and viewer is OUTSIDER:
            assert expected == []
        last = max(0, (len(expected) - 1) // LIMIT * LIMIT)
        for skip in sorted({0, LIMIT, 300, last}):
            page = search_page(graph, viewer, WORD, order=order, skip=skip, limit=LIMIT, **filters)
            cap = skip + LIMIT + CAP
            assert page["total_capped"] == (len(expected) > cap), (filters, skip)
            assert page["total"] == min(len(expected), cap), (filters, skip)
            assert [h["record_id"] for h in page["hits"]] == expected[skip:skip + LIMIT], (filters, skip)
            checked_capped |= page["total_capped"]
    assert checked_capped == (viewer is INSIDER)  # the outsider sees fewer than the cap, the insider more


def test_outsiders_first_page_is_past_the_hidden_newest(graph):
    """The 260 newest records are hidden from the outsider: more than the first page's candidates."""
    page = search_page(graph, OUTSIDER, WORD, order="newest", limit=LIMIT)
    newest_visible = max(r["date"] for r in RECORDS if r["date"] and visible(OUTSIDER, r))
    assert page["hits"][0]["date"] == newest_visible < date(2020, 1, 1)
    assert all(visible(OUTSIDER, next(r for r in RECORDS if r["id"] == h["record_id"])) for h in page["hits"])
