"""Search on a council-shaped graph where one child's records are a small part of many: the small
version of `bench/app_scale.py` (≥ 1M notes). A child (C-900) with 160 safety-plan notes, written
out of date order, among a synthetic council's notes (which mention safety plans too): a
child-filtered search finds the child's most recent safety plan first (newest order) and its first
one first (oldest order), counts all 160, and pages to the last; council-wide, all are counted and
the order holds across children.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from graph_model.gateway import Viewer
from graph_model.loader import load_export
from graph_model.queries import search_page
from synthetic.council import generate_council

pytestmark = pytest.mark.integration

PLANS = 160
FIRST = date(2015, 3, 2)


@pytest.fixture(scope="module")
def many_notes(clean_graph_module, tmp_path_factory):
    driver = clean_graph_module
    export = tmp_path_factory.mktemp("many-notes") / "export"
    generate_council(export, children=25, seed=21, render_documents=False)
    with (export / "children.csv").open("a", encoding="utf-8") as fh:
        fh.write("C-900,Robin,Testchild,,2012-01-01,Female,EF1 5AE,1 Test Street,Child in need,2015-01-01,,"
                 "false,,2015-01-01T00:00:00Z\n")
    with (export / "case_notes.jsonl").open("a", encoding="utf-8") as fh:
        for i in range(PLANS):  # every 9 days, written out of date order
            day = FIRST + timedelta(days=9 * ((i * 37) % PLANS))
            fh.write(json.dumps({
                "note_id": f"N-SP-{i}", "child_id": "C-900", "event_date": day.isoformat(),
                "recorded_at": f"{day.isoformat()}T10:00:00Z", "author_worker_id": None,
                "note_type": "Review", "subject": "Safety plan review",
                "body": f"Safety plan reviewed with mum on {day.isoformat()}.", "restricted": False,
                "updated_at": f"{day.isoformat()}T10:00:00Z"}) + "\n")
    report = load_export(driver, export, report_dir=export.parent / "report")
    assert report.fatal is None
    driver.execute_query("CALL db.awaitIndexes(120)")
    teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t")
    return driver, Viewer("search-test", frozenset(teams[0]["t"]), roles=frozenset({"practitioner"}))


PLAN_DATES = sorted(FIRST + timedelta(days=9 * i) for i in range(PLANS))


def test_newest_and_oldest_safety_plan_of_one_child(many_notes):
    driver, viewer = many_notes
    newest = search_page(driver, viewer, "safety plan", child_id="C-900", order="newest")
    oldest = search_page(driver, viewer, "safety plan", child_id="C-900", order="oldest")
    assert newest["total"] == oldest["total"] == PLANS
    assert [h["date"] for h in newest["hits"][:2]] == PLAN_DATES[-1:-3:-1]
    assert [h["date"] for h in oldest["hits"][:2]] == PLAN_DATES[:2]
    assert {h["child_id"] for h in newest["hits"] + oldest["hits"]} == {"C-900"}
    last_page = search_page(driver, viewer, "safety plan", child_id="C-900", order="newest", skip=PLANS - 1)
    assert [h["date"] for h in last_page["hits"]] == [PLAN_DATES[0]]


def test_council_wide_order_across_children(many_notes):
    driver, viewer = many_notes
    newest = search_page(driver, viewer, "safety plan", order="newest")
    oldest = search_page(driver, viewer, "safety plan", order="oldest")
    assert newest["total"] == oldest["total"] > PLANS  # the other children's safety plans are counted too
    assert len({h["child_id"] for h in newest["hits"] + oldest["hits"]}) > 1
    dates = [h["date"] for h in newest["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True) and dates[0] >= PLAN_DATES[-1]
    assert oldest["hits"][0]["date"] <= PLAN_DATES[0]
