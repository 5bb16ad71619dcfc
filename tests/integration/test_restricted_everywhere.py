"""Restricted means restricted everywhere: every app query, every gateway function, every page,
callback and CSV, for a user outside a restricted child's teams (restricted_graph.py).

The query walk picks up every file in `cypher/app/` by itself: a new query is run against the
fixture graph with every value of its parameters, and fails the test if any output names the
restricted child or what only its records say, or if it has a parameter the walk has no values
for (add them to ``POOLS``)."""

from __future__ import annotations

import itertools
import json
import logging
import re
from datetime import date

import neo4j
import pytest

import restricted_graph as rg
from graph_model import decisions as dm
from graph_model import queries as q
from graph_model.audit import record_event
from graph_model.cypher import CYPHER_DIR, cypher, raw_text
from graph_model.gateway import Viewer
from ranking.viewer_network import ecomap_members

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

OUTSIDER = Viewer("ben", frozenset({rg.OUTSIDER_TEAM}), frozenset({"practitioner", "admin"}))
INSIDER = Viewer("sam", frozenset({rg.SECRET_TEAM, rg.ANYA_TEAM}), frozenset({"practitioner", "admin"}))
CHILDREN = ["C-85", "C-86", "C-87", "C-999"]
MENTION_IDS = [f"{kind}:{rid}:{s}-{e}" for kind, rid, text, needle in (
    ("note", "N-85a", rg.NOTE_BENEDIKT, "Quentin Secretperson"), ("doc", "D-85", rg.DOC_BENEDIKT, "Krzysztof Secretfather"),
    ("note", "N-86r", rg.NOTE_ANYA_RESTRICTED, "Rita Restrictednote"), ("note", "N-86a", rg.NOTE_ANYA, "Q"))
    for s, e in [rg._span(text, needle)]]
KEYS = ["child:C-85", "child:C-86", "P-M", "P-F", "P-Q", "P-R", "worker:W-1", rg.HOME, "place:kelderby-bus-station"]

POOLS: dict[str, list] = {
    "child_id": CHILDREN, "a": CHILDREN[:3], "b": CHILDREN[:3], "child_ids": [CHILDREN],
    "key": KEYS, "person_id": KEYS, "keys": [KEYS], "ids": [["R-85M", "R-86M", "R-85F"], MENTION_IDS],
    "record_id": ["N-86a", "N-86r", "N-85a", "D-85"], "lucene": ["Benedikt", "Quentin", "Duda", "Secretperson"],
    "count_lucene": ["Benedikt", "Secretperson", None],
    "raw": ["C-85", "Benedikt"], "dob": [None, "2012"], "cohort": [rg.COHORT, None],
    "user": [None, "insider"], "action": [None], "target": [None, "C-85"], "date_from": [None], "date_to": [None],
    "stage": [None], "reason": [None], "kind": [None, "risk"], "record_type": [None], "limit": [1000],
    "candidates": [2000], "excerpt_before": [120], "excerpt_length": [320], "max_text": [200_000],
    "opening": [400], "skip": [0], "same_person": [0.5], "order": ["newest", "oldest", "relevance"],
    # writes (run in a transaction that is rolled back); values that would only be echoed back are neutral
    "decision_id": ["PD-test"], "target_id": ["P-M"], "other_id": [None], "detail": ["{}"],
    "about_children": [CHILDREN], "teams": [None], "correction": [None],
    "contact_roles": [["practitioner", "fgc_coordinator"]],
    # corrections: the same-person search and the mentions a correction may name
    "text": ["Quentin", "Secretperson", "Rita", "Duda", "e"],
}
ACCESS_PARAMS = set(OUTSIDER.access_params())


@pytest.fixture(scope="module")
def graph(restricted_graph_driver):
    driver = restricted_graph_driver
    record_event(driver, "insider", "search", "records", {"text": "Secretsearch Benedikt"},
                 teams=[rg.SECRET_TEAM], about_children=["C-85"])
    driver.execute_query("CALL db.awaitIndexes(60)")
    return driver


def _dump(value) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def _app_queries() -> list[str]:
    return sorted(p.relative_to(CYPHER_DIR).with_suffix("").as_posix() for p in (CYPHER_DIR / "app").glob("*.cypher"))


def test_the_leak_check_masks_generated_ids_only():
    """A random element id holding "d-85" is not a leak; the same string anywhere else is."""
    assert rg.leaks('{"id": "4:5e617ffb-b356-4d5d-8534-5bb586d810f7:6"}') == []
    assert rg.leaks('{"id": "4:5e617ffb-b356-4d5d-8534-5bb586d810f7:6", "record": "D-85"}') == ["D-85"]
    assert rg.leaks("about c-85, by quentin") == ["C-85", "Quentin"]


def test_every_app_query_states_its_access_rule():
    """Each app statement includes a rule from cypher/rules/ or says why it needs none."""
    for name in _app_queries():
        text = raw_text(name)
        assert "{{" in text or re.search(r"^// visibility: \S", text, re.M), \
            f"{name}: include an access rule ({{{{ visible_child(c) }}}}, ...) or state '// visibility: <why none>'"
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        # the access predicate itself lives in cypher/rules/ only: no query compares teams itself
        assert "$teams" not in body.replace("teams: $teams", ""), \
            f"{name}: write access rules in cypher/rules/, not inline"


@pytest.mark.parametrize("name", _app_queries())
def test_no_app_query_tells_an_outsider_about_the_restricted_child(graph, name):
    text = cypher(name)
    params = sorted(set(re.findall(r"\$(\w+)", text)) - ACCESS_PARAMS - {"viewer_roles", "teams"})
    missing = [p for p in params if p not in POOLS]
    assert not missing, f"{name}: add values for {missing} to POOLS in this test"
    combos = list(itertools.product(*(POOLS[p] for p in params)))[:400]
    seen_rows = 0
    with graph.session() as session:
        for combo in combos:
            values = {**dict(zip(params, combo, strict=True)), **OUTSIDER.access_params(),
                      "viewer_roles": sorted(OUTSIDER.roles), "user": "ben"}
            if "user" in params:
                values["user"] = dict(zip(params, combo, strict=True))["user"]
            tx = session.begin_transaction()
            try:
                rows = [r.data() for r in tx.run(text, values)]
            finally:
                tx.rollback()
            seen_rows += len(rows)
            out = _dump(rows)
            if name in ("app/open_note", "app/search_records"):  # the sister's own note may say "Benedikt"
                out = out.replace(rg.NOTE_ANYA, "")
            assert not rg.leaks(out), f"{name} {values}: {rg.leaks(out)} in {out[:600]}"
    assert combos


def test_insider_sees_what_the_outsider_does_not(graph):
    """The fixture really holds the restricted data (so the outsider's silence means something)."""
    out = _dump(ecomap_members(graph, INSIDER, "C-86"))
    assert "Benedikt Duda" in out and "Quentin Secretperson" in out and "Rita Restrictednote" in out
    assert _dump(q.child_summary(graph, INSIDER, "C-85"))
    assert [c["child_id"] for c in q.mace_children(graph, INSIDER, [], rg.COHORT)] == ["C-85", "C-86", "C-87", "C-88"]


def test_outsider_map_of_the_visible_sister(graph):
    data = ecomap_members(graph, OUTSIDER, "C-86")
    members = {m["key"]: m for m in data["members"]}
    assert set(members) == {"P-M", "P-Q", "worker:W-1", rg.HOME, "place:kelderby-bus-station"}
    assert not rg.leaks(_dump(data)) and "Benedikt" not in _dump(data)
    assert members["P-Q"]["name"] == "Q" and members["P-Q"]["names"] == ["Q"]
    # "older associate" was learnt from the brother's file, not from anything the outsider may read
    assert members["P-Q"]["roles"] == ["mentioned"] and members["P-Q"]["category"] == "community"
    assert members["P-M"]["roles"] == ["mother"]
    assert members["P-M"]["name"] == "Marta Duda"
    # ranks 1..N over what the outsider sees: no gap where the brother and father were
    assert sorted(m["rank"] for m in members.values()) == [1, 2, 3, 4, 5]
    # counts over the records the outsider may read (the restricted note and the brother's are not)
    summary = q.child_summary(graph, OUTSIDER, "C-86")
    assert summary["notes"] == 1 and summary["documents"] == 0
    assert [t["records"] for t in q.evidence_timeline(graph, OUTSIDER, "C-86")] == [1]


def test_the_time_slider_ranks_an_outsider_sees_come_from_what_they_may_read(graph):
    """As of May 2024 (the map's slider), member_dates and the as-of ranks: the restricted note
    (N-86r, Rita) and the brother's records are in the insider's dated evidence, not the outsider's,
    so they move no rank or size of the outsider's; the ranks are 1..N over what the outsider sees."""
    from dashboards.child_map import members_then
    from ranking.settings import RankingSettings

    day = date(2024, 5, 31)
    inside = q.member_dates(graph, INSIDER, "C-86")
    outside = q.member_dates(graph, OUTSIDER, "C-86")
    assert "N-86r" in _dump(inside) and "P-R" in inside  # the fixture holds what is hidden
    assert "N-86r" not in _dump(outside) and set(outside) <= {"P-M", "P-Q", "worker:W-1", rg.HOME,
                                                              "place:kelderby-bus-station"}
    assert not rg.leaks(_dump(outside))
    then = members_then(ecomap_members(graph, OUTSIDER, "C-86")["members"], outside, day, RankingSettings())
    assert sorted(m["rank"] for m in then if m.get("rank")) == list(range(1, len(then) + 1))
    assert not rg.leaks(_dump(then)) and "Benedikt" not in _dump(then)
    assert next(m for m in then if m["key"] == "P-Q")["rank_components"]["notes"] == 1  # N-86a only


def test_outsider_gets_nothing_through_any_gateway_function(graph):
    outputs = []
    for cid in CHILDREN:
        outputs += [q.child_summary(graph, OUTSIDER, cid), ecomap_members(graph, OUTSIDER, cid),
                    q.evidence_timeline(graph, OUTSIDER, cid), q.fgc_relatives_of_relatives(graph, OUTSIDER, cid),
                    dm.decisions_for_child(graph, OUTSIDER, cid)]
        for key in KEYS:
            ev = q.member_evidence(graph, OUTSIDER, cid, key)
            if ev:
                ev = {**ev, "mentions": [{**m, "excerpt": ""} for m in ev["mentions"]]}  # excerpts: the sister's note
            outputs.append(ev)
            outputs.append(dm.person_records(graph, OUTSIDER, key))
    for text in ("Benedikt", "Duda", "C-85", "Quentin", "2012"):
        outputs.append(q.find_children(graph, OUTSIDER, text))
        outputs.append([{**h, "snippet": None} for h in q.search_records(graph, OUTSIDER, text)])
        outputs.append(q.find_people(graph, OUTSIDER, text))  # person search from the find page
    outputs.append(q.find_children(graph, OUTSIDER, "", dob="2012"))
    kids = q.mace_children(graph, OUTSIDER, CHILDREN, rg.COHORT)
    assert [c["child_id"] for c in kids] == ["C-86", "C-87"]  # Lena (C-88) is linked only through him
    visible = [c["child_id"] for c in kids]
    outputs += [kids, q.mace_shared(graph, OUTSIDER, CHILDREN), q.mace_shared(graph, OUTSIDER, visible),
                q.mace_paths(graph, OUTSIDER, "C-86", "C-87"), q.mace_paths(graph, OUTSIDER, "C-85", "C-86"),
                q.audit_events(graph, OUTSIDER), q.audit_events(graph, OUTSIDER, target="C-85"),
                q.quarantine_items(graph, OUTSIDER)]
    for kind, rid in (("note", "N-86r"), ("note", "N-85a"), ("document", "D-85")):
        assert q.open_record(graph, OUTSIDER, kind, rid) is None
    note = q.open_record(graph, OUTSIDER, "note", "N-86a")
    assert note and all(m["person"] != "child:C-85" for m in note["mentions"])
    outputs.append({**note, "text": ""})
    leaks = rg.leaks(_dump(outputs))
    assert not leaks, leaks
    # the evidence panel of the brother, opened by key from the sister's map, is not there
    assert not q.member_evidence(graph, OUTSIDER, "C-86", "child:C-85")["found"]
    # nor can anyone else's shared views count him: the place is shared by the two visible children only
    shared = {s["key"]: s for s in q.mace_shared(graph, OUTSIDER, CHILDREN)}
    assert shared["place:kelderby-bus-station"]["children"] == ["C-86", "C-87"]
    assert shared["P-Q"]["name"] != "Quentin Secretperson"
    # the insider's audit trail keeps it all
    assert any("Secretsearch" in (e["detail"] or "") for e in q.audit_events(graph, INSIDER))


def test_expired_allocation_grants_no_access_after_the_grace_period(graph):
    """MASH's allocation to Anya ended 2020-01-31: with a grace period long enough it still counts."""
    assert q.open_record(graph, OUTSIDER, "note", "N-86r") is None
    days = (date.today() - date(2020, 1, 31)).days + 30
    graced = Viewer("ben", OUTSIDER.teams, OUTSIDER.roles, allocation_grace_days=days)
    assert q.open_record(graph, graced, "note", "N-86r") is not None


def test_decisions_need_the_practitioner_role_and_the_child(graph):
    reader = Viewer("rae", frozenset({rg.SECRET_TEAM}), frozenset())
    with pytest.raises(dm.DecisionError):
        dm.record_decision(graph, reader, "risk", "P-Q", child_id="C-85", reason="x")
    with pytest.raises(dm.DecisionError):
        dm.record_decision(graph, OUTSIDER, "risk", "P-Q", child_id="C-85", reason="x")
    # the Cypher refuses too, whatever Python let through
    text = cypher("app/record_decision")
    rows, _, _ = graph.execute_query(text, {
        "decision_id": "PD-x", "kind": "risk", "target_id": "P-Q", "other_id": None, "child_id": "C-86",
        "reason": "x", "user": "rae", "detail": "{}", "correction": None, **reader.access_params(), "viewer_roles": []},
        routing_=neo4j.RoutingControl.WRITE)
    assert rows == []


def test_audit_events_store_their_restriction(graph):
    record_event(graph, "sam", "view", "child:C-85", {"entry": "map"}, teams=[rg.SECRET_TEAM])
    record_event(graph, "sam", "open", "note:N-85a", None, teams=[rg.SECRET_TEAM])
    rows, _, _ = graph.execute_query(
        "MATCH (e:AuditEvent {user: 'sam'}) RETURN e.target AS t, e.restricted AS r, e.restricted_to_teams AS teams")
    assert {(r["t"], r["r"], tuple(r["teams"])) for r in rows} == {
        ("child:C-85", True, (rg.SECRET_TEAM,)), ("note:N-85a", True, (rg.SECRET_TEAM,))}


def test_audit_events_are_append_only_by_construction():
    """No statement or code path updates or deletes an AuditEvent (only the test server's whole-graph
    wipe removes them)."""
    writes = re.compile(r"\b(SET|REMOVE|DELETE|MERGE)\b")
    offenders = [str(p) for p in CYPHER_DIR.rglob("*.cypher")
                 if "AuditEvent" in p.read_text(encoding="utf-8") and writes.search(p.read_text(encoding="utf-8"))]
    root = CYPHER_DIR.parent
    for pkg in ("graph_model", "dashboards", "pipeline", "ranking", "linkage", "extraction", "kinscope", "dags"):
        for path in (root / pkg).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if "AuditEvent" in line and writes.search(line):
                    offenders.append(f"{path}: {line.strip()}")
    assert not offenders, offenders


def test_a_map_read_by_any_entry_point_is_audited_once_per_session(graph, settings, tmp_path):
    """The map-drawing and timeline callbacks read through AppContext.members / the timeline, which
    audit the read even when the page that normally audits it was never opened."""
    import flask

    from dashboards.app import create_app
    from dashboards.auth import User
    from dashboards.settings import AppSettings

    aset = AppSettings(app_env="dev", secret_key="k" * 32, users_file=tmp_path / "users.toml", secure_cookies=False)
    app = create_app(settings, aset, driver=graph)
    cx = app.kinscope
    user = User("callback-caller", "", frozenset({rg.OUTSIDER_TEAM}), frozenset({"practitioner"}))
    with app.server.test_request_context("/_dash-update-component"):
        flask.g.user = user
        flask.session["sid"] = "s-1"
        cx.members(user, "C-86")
        cx.members(user, "C-86")
        cx.audit_view_once(user, "C-87", "timeline")
    rows, _, _ = graph.execute_query(
        "MATCH (e:AuditEvent {user: 'callback-caller', action: 'view'}) RETURN e.target AS t ORDER BY t")
    assert [r["t"] for r in rows] == ["child:C-86", "child:C-87"]
