"""A practitioner's "right role / group" changes the member's rank on the real Neo4j + GDS, the
way an inferred role of that kind would, and a rerun keeps it: the contract example after the
real stages (rules-only extraction, resolution, materialise + rank); a person named only in the
notes, as someone else's friend (Community), is corrected to "maternal grandmother"; the network stage as the pipeline runs it
(changed inputs found, stale networks rebuilt, ranked) raises their rank and role weight."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from test_review_browser import ASHA, EXAMPLE

from extraction.pipeline import build_pipeline
from extraction.stage_mentions import extract_record_mentions
from extraction.stage_text import extract_document_texts
from graph_model import decisions as dm
from graph_model.loader import load_export
from linkage.stage_resolve import resolve_people
from ranking import RankingSettings, mark_changed_networks, materialise_networks, rank_networks

pytestmark = [pytest.mark.integration]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
CHILD = "C-1002"  # "Zee", named in Tia's notes as Reece's friend


def network_stage(driver, gds) -> dict:
    """What `pipeline.network.network_ranking_stage` runs (without MACE)."""
    changed = mark_changed_networks(driver)
    materialise_networks(driver, settings=RankingSettings())
    rank_networks(driver, gds, settings=RankingSettings())
    return changed


def edges(driver, child_id: str) -> dict[str, dict]:
    records, _, _ = driver.execute_query(
        "MATCH (:Child {child_id: $c})-[n:NETWORK]->(t) RETURN n.target_key AS key, n.roles AS roles,"
        " n.category AS category, n.rank AS rank, n.rank_components AS components", c=child_id)
    return {r["key"]: dict(r.data(), components=json.loads(r["components"] or "{}")) for r in records}


@pytest.fixture(scope="module")
def graph(clean_graph_module, gds, tmp_path_factory):
    driver = clean_graph_module
    export = tmp_path_factory.mktemp("role-rank") / "export"
    shutil.copytree(EXAMPLE, export, ignore=shutil.ignore_patterns("truth"))
    load_export(driver, export, report_dir=export.parent / "load")
    extract_document_texts(driver, progress=False)
    extract_record_mentions(driver, build_pipeline(rules_only=True), progress=False)
    resolve_people(driver, progress=False)
    network_stage(driver, gds)
    return driver


def test_a_corrected_role_raises_the_rank_as_that_role_weighs_and_a_rerun_keeps_it(graph, gds):
    driver, settings = graph, RankingSettings()
    before = edges(driver, CHILD)
    named = sorted((e for e in before.values() if e["category"] == "community"), key=lambda e: -e["rank"])
    assert named, "the example's notes name someone known only from the notes"
    key, was = named[0]["key"], named[0]
    assert was["components"]["role_weight"] == settings.category_weights["community"]

    dm.correct_role(driver, ASHA, CHILD, key, role="maternal grandmother", category=None)
    changed = network_stage(driver, gds)
    assert CHILD in changed["child_ids"]  # the correction is one of the network's inputs
    after = edges(driver, CHILD)[key]
    weight = max(settings.category_weights["family"], settings.role_weights.get("maternal grandmother", 0.0))
    assert after["roles"] == ["maternal grandmother"] and after["category"] == "family"
    assert after["components"]["role_weight"] == round(weight, 6) > was["components"]["role_weight"]
    assert after["rank"] < was["rank"]

    # the whole rerun (resolution included) keeps it; nothing changed, so nothing is rebuilt
    resolve_people(driver, progress=False)
    network_stage(driver, gds)
    kept = edges(driver, CHILD)[key]
    assert (kept["roles"], kept["category"], kept["rank"]) == (after["roles"], "family", after["rank"])
    assert mark_changed_networks(driver)["changed"] == 0
