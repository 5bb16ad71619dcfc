"""The "Review possible duplicates" page in a real browser (Playwright + Debian's Chromium) on the
contract example after a resolution run: the pairs in the order of dedupe's uncertain-pair sampling; a
practitioner answers three pairs (Same person, Not the same, Not sure), resolution runs again,
respects every answer and has retrained the council's record model on the two that are labels
(the run report and the model's metadata in the home say so, with a new version), and the
answers are in the audit trail. A user outside the restricted child's team sees no pair touching
it."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import app_graph
import pytest
from app_server import serve_app
from test_app_browser import _sign_in, browser  # noqa: F401  (fixtures reused)

from graph_model import decisions as dm
from graph_model import queries as q
from graph_model.cypher import cypher
from graph_model.loader import load_export
from graph_model.review_sampling import uncertain_order, user_seed
from kinscope.settings import get_settings
from linkage import council_model
from linkage.stage_resolve import resolve_people

pytestmark = [pytest.mark.integration, pytest.mark.slow]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
PORT = int(os.environ.get("KINSCOPE_TEST_APP_PORT", "8053"))
TEAM = "Scarborough Safeguarding"  # sees C-1002 (restricted)
ASHA = q.Viewer("asha", frozenset({TEAM}), frozenset({"practitioner"}))
ADMIN = q.Viewer("admin", frozenset({TEAM}), frozenset({"admin"}))
# (record_1, record_2, score): merged by the model, R-3/R-4 and apart
PAIRS = [("R-1", "R-2", 0.6), ("R-3", "R-4", 0.5), ("R-1", "R-4", 0.4)]


def person_of(driver, relationship_id: str) -> str:
    records, _, _ = driver.execute_query(
        "MATCH (:AdultRecord {relationship_id: $r})-[:RESOLVED_TO]->(p:Person) RETURN p.person_id AS p", r=relationship_id)
    return records[0]["p"]


@pytest.fixture(scope="module")
def graph(clean_graph_module, tmp_path_factory):
    driver = clean_graph_module
    export = tmp_path_factory.mktemp("review") / "export"
    shutil.copytree(EXAMPLE, export)
    load_export(driver, export, report_dir=export.parent / "load")
    shutil.rmtree(council_model.CouncilModelSettings().directory(), ignore_errors=True)  # this home's council model
    first = resolve_people(driver, progress=False)
    assert first["record_model"]["model"] == "default" and first["record_model"]["council_labels"] == 0
    app_graph.add_possibly_same(driver, PAIRS)
    return driver


@pytest.fixture(scope="module")
def server(graph, chromium, tmp_path_factory, settings):
    from dashboards.auth import add_user

    users = tmp_path_factory.mktemp("review-app") / "users.toml"
    add_user(users, "asha", "asha-test-pass", name="Asha Patel", teams=[TEAM], roles=["practitioner"])
    add_user(users, "ben", "ben-test-pass", name="Ben Cole", teams=["MASH"], roles=["practitioner"])
    add_user(users, "ada", "ada-test-pass", name="Ada Admin", teams=[TEAM], roles=["admin"])
    with serve_app(graph, settings, users, PORT, "test-secret-" + "r" * 20) as base:
        yield base


def _answer(page, pair: str, button: str) -> None:
    row = page.locator(f"tr[data-pair='{pair}']")
    row.locator("button", has_text=button).click()
    page.wait_for_selector("#review-confirm-area:not([hidden])")
    assert page.locator("#review-choice").inner_text().startswith(button)
    page.click("#review-confirm")
    page.wait_for_function("(p) => !document.querySelector(`tr[data-pair='${p}']`)", arg=pair)
    assert page.locator("#review-status").inner_text().startswith(f"Saved: {button}")
    assert page.locator("#review-confirm-area").get_attribute("hidden") is not None


def test_outsider_sees_no_pair_touching_the_restricted_child(server, browser, graph):  # noqa: F811
    page = _sign_in(browser, server, "ben", "ben-test-pass")
    page.click("#link-review")
    page.wait_for_selector("#review-none")
    assert "C-1002" not in page.content() and "R-2" not in page.locator("#page-content").inner_text()
    assert dm.review_pairs(graph, q.Viewer("ben", frozenset({"MASH"}), frozenset({"practitioner"})))["total"] == 0
    page.context.close()


def test_non_practitioner_gets_no_queue(server, browser):  # noqa: F811
    page = _sign_in(browser, server, "ada", "ada-test-pass")
    assert page.locator("#link-review").count() == 0
    page.goto(server + "/review")
    page.wait_for_selector("#not-found")
    page.context.close()


def _serious_axe_violations(page, axe_path: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_path))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                          ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_three_answers_are_stored_audited_and_respected_by_resolution(server, browser, graph, axe_core):  # noqa: F811
    driver = graph
    assert person_of(driver, "R-1") == person_of(driver, "R-2")
    assert person_of(driver, "R-3") != person_of(driver, "R-4")
    assert person_of(driver, "R-1") != person_of(driver, "R-4")
    page = _sign_in(browser, server, "asha", "asha-test-pass")
    page.click("#link-review")
    page.wait_for_selector("#review-table")
    assert page.locator("tr.review-pair").count() == 3
    assert page.locator("#review-count").inner_text() == "Showing 1–3 of 3 pairs."
    # dedupe's uncertain-pair sampling for asha: the two at or above the same-person threshold (0.6, 0.5)
    # before the 0.4
    keys = ["R-1|R-2", "R-3|R-4", "R-1|R-4"]  # by score, as the statement reads them
    shown = page.locator("tr.review-pair").evaluate_all("rows => rows.map(r => r.dataset.pair)")
    assert shown == [keys[i] for i in uncertain_order([0.6, 0.5, 0.4], seed=user_seed("asha"))]
    assert shown[2] == "R-1|R-4"
    text = page.locator("#review-table").inner_text()
    assert "Danielle Marsh" in text and "Pat Marsh" in text and "Disagree: date of birth" in text
    assert _serious_axe_violations(page, axe_core) == []
    # cancel first: nothing stored
    page.locator("tr[data-pair='R-1|R-4'] button", has_text="Not sure").click()
    page.click("#review-cancel")
    page.wait_for_selector("#review-confirm-area[hidden]", state="attached")
    assert dm.decisions_for_child(driver, ASHA, "C-1001") == []
    _answer(page, "R-3|R-4", "Same person")
    _answer(page, "R-1|R-2", "Not the same")
    _answer(page, "R-1|R-4", "Not sure")
    page.wait_for_selector("#review-none")

    stored = {(d["kind"], d["target_id"], d["other_id"]) for cid in ("C-1001", "C-1002")
              for d in dm.decisions_for_child(driver, ASHA, cid) if d["decided_by"] == "asha"}
    assert stored == {("confirm_merge", "R-3", "R-4"), ("split", "R-2", "R-1"), ("unsure", "R-1", "R-4")}
    audit = [json.loads(e["detail"]) for e in q.audit_events(driver, ADMIN, action="change") if e["user"] == "asha"]
    assert sorted(a["decision"] for a in audit) == ["confirm_merge", "split", "unsure"]
    assert any(e["target"] == "review" for e in q.audit_events(driver, ADMIN, action="view") if e["user"] == "asha")

    report = resolve_people(driver, progress=False)
    assert person_of(driver, "R-3") == person_of(driver, "R-4")   # same person: merged
    assert person_of(driver, "R-1") != person_of(driver, "R-2")   # not the same: kept apart
    assert person_of(driver, "R-1") != person_of(driver, "R-4")   # not sure: nothing changed
    # the two labels (not sure is none) retrained the council's model, stored in the home
    model = report["record_model"]
    assert model["model"] == "council" and model["retrained"] is True and model["version"] == "council-1"
    assert model["council_labels"] == 2 and model["labels"] == {"match": 1, "distinct": 1}
    meta = council_model.read_metadata(council_model.CouncilModelSettings().directory())
    assert meta["version"] == "council-1" and meta["trained_at"] == model["trained_at"]
    assert [s["pairs"] for s in meta["sources"]][1] == {"match": 1, "distinct": 1}
    assert Path(meta["model_file"]).is_file() and Path(meta["model_file"]).is_relative_to(get_settings().home)
    # a later run: the same model (no new answers), the answers still respected
    again = resolve_people(driver, progress=False)["record_model"]
    assert again["version"] == "council-1" and again["retrained"] is False
    assert person_of(driver, "R-3") == person_of(driver, "R-4") and person_of(driver, "R-1") != person_of(driver, "R-2")
    read = [r["kind"] for r in driver.execute_query(cypher("resolution/practitioner_decisions")).records]
    assert sorted(read) == ["confirm_merge", "split"]  # resolution never reads 'unsure'
    # the grader may write the pairs again: still answered, still off the queue
    app_graph.add_possibly_same(driver, PAIRS)
    assert dm.review_pairs(driver, ASHA)["total"] == 0
    page.reload()
    page.wait_for_selector("#review-none")
    page.context.close()
