"""Practitioner decisions made in the app: stored with who and when, audited as 'change', read
by the linker at the next entity-resolution run (a split is respected), and refused for records
or children the user may not see. The contract example (docs/contract/example) on the test server."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from dashboards import ecomap
from graph_model import decisions as dm
from graph_model import queries as q
from ranking.viewer_network import ecomap_members
from graph_model.loader import load_export
from linkage.stage_resolve import resolve_people

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
INSIDER = q.Viewer("asha", frozenset({"Scarborough Safeguarding"}), frozenset({"practitioner"}))   # sees C-1002 (restricted)
OUTSIDER = q.Viewer("ben", frozenset({"MASH"}), frozenset({"practitioner"}))
ADMIN_VIEW = q.Viewer("admin", frozenset({"Scarborough Safeguarding"}), frozenset({"admin"}))  # reads every audit event


def rows(driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, **params)
    return [r.data() for r in records]


def person_of(driver, relationship_id: str) -> str:
    return rows(driver, "MATCH (:AdultRecord {relationship_id: $r})-[:RESOLVED_TO]->(p:Person) RETURN p.person_id AS p",
                r=relationship_id)[0]["p"]


@pytest.fixture
def resolved(clean_graph, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(EXAMPLE, export)
    load_export(clean_graph, export, report_dir=tmp_path / "load")
    resolve_people(clean_graph, progress=False)
    return clean_graph


def test_split_is_stored_audited_and_respected_by_the_linker(resolved):
    driver = resolved
    danielle = person_of(driver, "R-1")
    assert person_of(driver, "R-2") == danielle  # the model merged the two Danielle Marsh records
    # the outsider sees only the record on the unrestricted child, and cannot split the other
    assert [r["relationship_id"] for r in dm.person_records(driver, OUTSIDER, danielle)] == ["R-1"]
    with pytest.raises(dm.DecisionError):
        dm.record_decision(driver, OUTSIDER, "split", "R-2", other_id="R-1", child_id="C-1001", reason="x")
    assert rows(driver, "MATCH (d:PractitionerDecision) RETURN count(d) AS n")[0]["n"] == 0
    assert {r["relationship_id"] for r in dm.person_records(driver, INSIDER, danielle)} == {"R-1", "R-2"}

    stored = dm.record_decision(driver, INSIDER, "split", "R-2", other_id="R-1", child_id="C-1001",
                                reason="different dates of birth <script>")
    assert stored["decided_by"] == "asha" and stored["decided_at"] is not None
    assert stored["reason"] == "different dates of birth <script>"
    node = rows(driver, "MATCH (d:PractitionerDecision) RETURN d")[0]["d"]
    assert node["kind"] == "split" and node["target_id"] == "R-2" and node["other_id"] == "R-1"
    assert node["decision_id"].startswith("PD-") and node["child_id"] == "C-1001"
    # the shape the linker reads (cypher/resolution/practitioner_decisions.cypher)
    from graph_model.cypher import cypher
    read = rows(driver, cypher("resolution/practitioner_decisions"))
    assert [(d["kind"], d["target_id"], d["other_id"], d["decided_by"]) for d in read] == [("split", "R-2", "R-1", "asha")]
    # audited as a change, with who
    audit = q.audit_events(driver, ADMIN_VIEW, action="change")
    assert audit[0]["user"] == "asha" and audit[0]["target"] == "child:C-1001"
    assert json.loads(audit[0]["detail"])["decision_id"] == stored["decision_id"]

    # the next pipeline run keeps the records apart, and says who decided
    resolve_people(driver, progress=False)
    assert person_of(driver, "R-1") != person_of(driver, "R-2")
    link = rows(driver, "MATCH (:AdultRecord {relationship_id: 'R-2'})-[x:RESOLVED_TO]->() RETURN x.decided_by AS who, x.method AS m")
    assert link[0] == {"who": "asha", "m": "practitioner"}
    # and again: idempotent, the decision still holds
    resolve_people(driver, progress=False)
    assert person_of(driver, "R-1") != person_of(driver, "R-2")

    # a later confirmed merge (newer decision) puts them back together
    dm.record_decision(driver, INSIDER, "confirm_merge", "R-1", other_id="R-2", child_id="C-1001", reason="checked")
    resolve_people(driver, progress=False)
    assert person_of(driver, "R-1") == person_of(driver, "R-2")


def test_flags_are_stored_shown_and_scoped_to_visible_children(resolved):
    driver = resolved
    pat = person_of(driver, "R-3")  # Jonathan Pickering, father of C-1001
    with pytest.raises(dm.DecisionError):
        dm.record_decision(driver, OUTSIDER, "risk", pat, child_id="C-1001", reason="")  # no reason
    with pytest.raises(dm.DecisionError):
        dm.record_decision(driver, OUTSIDER, "risk", pat, child_id="C-1002", reason="r")  # restricted child
    with pytest.raises(dm.DecisionError):
        dm.record_decision(driver, OUTSIDER, "delete", pat, child_id="C-1001", reason="r")
    hostile = "'}) DETACH DELETE n //"
    before = rows(driver, "MATCH (n) RETURN count(n) AS n")[0]["n"]
    dm.record_decision(driver, OUTSIDER, "risk", pat, child_id="C-1001", reason=hostile)
    assert rows(driver, "MATCH (n) RETURN count(n) AS n")[0]["n"] == before + 2  # decision + audit event
    members = {m["key"]: m for m in ecomap_members(driver, OUTSIDER, "C-1001")["members"]}
    assert ecomap.flags(members[pat]) == {"risk"}
    assert members[pat]["decisions"][0]["reason"] == hostile
    dm.record_decision(driver, OUTSIDER, "protective", pat, child_id="C-1001", reason="changed view")
    dm.record_decision(driver, OUTSIDER, "hide", pat, child_id="C-1001", reason="not for the family")
    members = {m["key"]: m for m in ecomap_members(driver, OUTSIDER, "C-1001")["members"]}
    assert ecomap.flags(members[pat]) == {"protective", "hidden"}
    shown = ecomap.select_members(members.values(), ecomap.View(top_n=100)).shown
    assert pat not in {m["key"] for m in shown}  # hidden from the shared view
    assert pat in {m["key"] for m in ecomap.select_members(members.values(), ecomap.View(top_n=100, show_hidden=True)).shown}
    dm.record_decision(driver, OUTSIDER, "clear_flag", pat, child_id="C-1001", reason="")
    dm.record_decision(driver, OUTSIDER, "unhide", pat, child_id="C-1001", reason="")
    members = {m["key"]: m for m in ecomap_members(driver, OUTSIDER, "C-1001")["members"]}
    assert ecomap.flags(members[pat]) == set()
    # a flag on one child's map does not show on another child's map
    assert all(not m["decisions"] for m in ecomap_members(driver, INSIDER, "C-1002")["members"])
    # flags survive re-resolution (the pipeline never writes PractitionerDecision)
    resolve_people(driver, progress=False)
    assert rows(driver, "MATCH (d:PractitionerDecision) RETURN count(d) AS n")[0]["n"] == 5
    assert len(dm.decisions_for_child(driver, OUTSIDER, "C-1001")) == 5
    assert dm.decisions_for_child(driver, OUTSIDER, "C-1002") == []
