"""Restricted records stay restricted in every read the app makes; hostile input is just text;
every audit call appends an event. Real Neo4j (the test server)."""

from __future__ import annotations

import json
import logging

import pytest

import app_graph as g
from graph_model import queries as q
from ranking.viewer_network import ecomap_members
from graph_model.audit import record_event

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

INSIDER = q.Viewer("asha", frozenset({g.TEAM_A}), frozenset({"practitioner"}))
OUTSIDER = q.Viewer("ben", frozenset({g.TEAM_B}), frozenset({"practitioner"}))
ADMIN_VIEW = q.Viewer("admin", frozenset({g.TEAM_A}), frozenset({"admin"}))  # reads every audit event
NOBODY = q.Viewer("nobody", frozenset())


@pytest.fixture(scope="module")
def graph(app_graph_ids):
    return app_graph_ids


def _dump(obj) -> str:
    return json.dumps(obj, default=str)


def test_find_a_child_hides_restricted_children(driver, graph):
    assert [r["child_id"] for r in q.find_children(driver, INSIDER, "Zara")] == ["C-900"]
    for viewer in (OUTSIDER, NOBODY):
        assert q.find_children(driver, viewer, "Zara") == []
        assert q.find_children(driver, viewer, "Hidden") == []
        assert q.find_children(driver, viewer, "C-900") == []
        assert q.find_children(driver, viewer, "", dob="2010-10-10") == []
        assert q.find_children(driver, viewer, "Zara", dob="2010") == []
        assert q.child_summary(driver, viewer, "C-900") is None


def test_same_name_children_are_told_apart(driver, graph):
    rows = q.find_children(driver, OUTSIDER, "Isla Owen")
    assert {r["child_id"] for r in rows} == {"C-100", "C-101"}
    by_id = {r["child_id"]: r for r in rows}
    assert by_id["C-100"]["locality"] == "KX5" and by_id["C-101"]["locality"] == "EF6"
    assert by_id["C-100"]["legal_status"] == "LAC" and by_id["C-101"]["legal_status"] == "CIN"
    assert by_id["C-100"]["age"] != by_id["C-101"]["age"]
    assert "postcode" not in by_id["C-100"]  # the district only, never the full postcode
    assert [r["child_id"] for r in q.find_children(driver, OUTSIDER, "c-100")][:1] == ["C-100"]


def test_ecomap_evidence_timeline_of_restricted_child_are_empty(driver, graph):
    inside = ecomap_members(driver, INSIDER, "C-900")
    assert [m["key"] for m in inside["members"]] == ["P-S"]
    for viewer in (OUTSIDER, NOBODY):
        out = ecomap_members(driver, viewer, "C-900")
        assert out == {"source": "none", "members": []}
        assert q.evidence_timeline(driver, viewer, "C-900") == []
        assert q.member_evidence(driver, viewer, "C-900", "P-S") is None
        assert q.open_record(driver, viewer, "note", "N-9") is None
        assert "Quentin" not in _dump(ecomap_members(driver, viewer, "C-100"))


def test_restricted_note_and_its_people_hidden_from_other_teams(driver, graph):
    inside = {m["key"] for m in ecomap_members(driver, INSIDER, "C-100")["members"]}
    outside = {m["key"] for m in ecomap_members(driver, OUTSIDER, "C-100")["members"]}
    assert "P-R" in inside and "P-R" not in outside
    assert inside - outside == {"P-R"}
    assert q.open_record(driver, OUTSIDER, "note", "N-3") is None
    assert q.open_record(driver, INSIDER, "note", "N-3")["text"] == g.NOTE3
    ev_out = q.member_evidence(driver, OUTSIDER, "C-100", "P-R")
    assert ev_out["mentions"] == [] and ev_out["mention_total"] == 0 and ev_out["record_total"] == 0
    assert q.member_evidence(driver, INSIDER, "C-100", "P-R")["record_total"] == 1
    assert q.child_summary(driver, OUTSIDER, "C-100")["notes"] == 3
    assert q.child_summary(driver, INSIDER, "C-100")["notes"] == 4
    months_out = {t["month"]: t["records"] for t in q.evidence_timeline(driver, OUTSIDER, "C-100")}
    assert "2024-02" not in months_out


def test_search_filters_restricted_records(driver, graph):
    inside = {r["record_id"] for r in q.search_records(driver, INSIDER, "safety plan")}
    outside = {r["record_id"] for r in q.search_records(driver, OUTSIDER, "safety plan")}
    assert "N-9" in inside and "N-9" not in outside
    assert {"N-1", "N-2", "D-1"} <= outside
    assert q.search_records(driver, OUTSIDER, "Quentin") == []
    assert q.search_records(driver, OUTSIDER, "Rita") == []
    assert q.search_records(driver, OUTSIDER, "Quentin", advanced=True) == []
    assert q.search_records(driver, OUTSIDER, "*:*", advanced=True) == [] or \
        all(r["child_id"] != "C-900" and r["record_id"] != "N-3" for r in q.search_records(driver, OUTSIDER, "*:*", advanced=True))


def test_search_is_newest_first_with_highlighted_snippets(driver, graph):
    rows = q.search_records(driver, OUTSIDER, "safety plan", child_id="C-100")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert rows[0]["record_id"] == "D-1"
    assert any(hit and piece.lower().startswith("safety") for piece, hit in rows[0]["snippet"])
    assert [r["record_id"] for r in q.search_records(driver, OUTSIDER, "safety plan", kind="note", child_id="C-100")] == ["N-1", "N-2"]


def test_evidence_newest_first_with_offsets(driver, graph):
    ev = q.member_evidence(driver, OUTSIDER, "C-100", "P-1")
    assert [m["record_id"] for m in ev["mentions"]] == ["D-1", "N-1", "N-2"]
    for m in ev["mentions"]:
        rec = q.open_record(driver, OUTSIDER, m["kind"], m["record_id"])
        assert rec["text"][m["start"]:m["end"]] == "Karen Owen"
        assert m["excerpt"][m["start"] - m["excerpt_from"]:m["end"] - m["excerpt_from"]] == "Karen Owen"
    assert ev["name_history"][0]["name"] == "Karen Owen"


HOSTILE = [g.HOSTILE_CYPHER, g.HOSTILE_HTML, '") OR 1=1 //', "*", "\\", "AND OR NOT", "title:x~ [a TO z]",
           "MATCH (n) DETACH DELETE n", "' OR '1'='1", "{}", "\u0000", "%00", "../../etc/passwd"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_just_text(driver, graph, text):
    before = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    q.find_children(driver, OUTSIDER, text)
    q.find_children(driver, OUTSIDER, "", dob=text)
    q.search_records(driver, OUTSIDER, text)
    q.search_records(driver, OUTSIDER, text, advanced=True)
    q.child_summary(driver, OUTSIDER, text)
    ecomap_members(driver, OUTSIDER, text)
    q.member_evidence(driver, OUTSIDER, "C-100", text)
    q.open_record(driver, OUTSIDER, "note", text)
    after = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert before == after


def test_hostile_names_come_back_verbatim(driver, graph):
    names = {m["name"] for m in ecomap_members(driver, OUTSIDER, "C-100")["members"]}
    assert g.HOSTILE_CYPHER in names and g.HOSTILE_HTML in names
    rows = q.search_records(driver, OUTSIDER, g.HOSTILE_HTML)
    assert {r["record_id"] for r in rows} == {"D-1", "N-4"}


def test_audit_events_are_appended(driver, graph):
    record_event(driver, "ben", "view", "child:C-100", {"members": 3}, teams=[g.TEAM_B])
    record_event(driver, "ben", "search", "records", {"text": g.HOSTILE_CYPHER})
    record_event(driver, "ben", "export", "child:C-100", {"format": "png"})
    with pytest.raises(ValueError):
        record_event(driver, "ben", "delete everything", "x")
    rows = q.audit_events(driver, ADMIN_VIEW, user="ben")
    assert [r["action"] for r in rows][:3] == ["export", "search", "view"]
    assert json.loads(rows[1]["detail"])["text"] == g.HOSTILE_CYPHER
    assert q.audit_events(driver, ADMIN_VIEW, user="ben", action="view")[0]["target"] == "child:C-100"
    assert q.audit_events(driver, ADMIN_VIEW, target="C-100", action="export")[0]["user"] == "ben"
