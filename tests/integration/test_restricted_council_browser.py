"""On a whole synthetic council run through the real stages (load, text, mentions, resolution,
network materialisation and GDS ranking), a user outside every restricted child's teams signs in
in a real browser and walks the visible siblings and housemates of every restricted child: the
restricted child's id is nowhere, and his name is on no map node, FGC row or CSV."""

from __future__ import annotations

import json
import logging
import os

import pytest
from app_server import serve_app
from browser_waits import open_settled, tap_settled

from extraction.pipeline import build_pipeline
from evaluation.network import run_chain
from ranking.materialise import materialise_networks
from ranking.rank import rank_networks

# the walk waits for every page and panel to be answered: on a loaded machine that is minutes
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(1500)]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PORT = int(os.environ.get("KINSCOPE_TEST_COUNCIL_APP_PORT", "8057"))
OUTSIDER_TEAM = "Kinscope Test Outsiders"  # a team no synthetic child is restricted to or allocated to


@pytest.fixture(scope="module")
def council(clean_graph_module, ner_model_dir, gds, tmp_path_factory):
    from synthetic.council import generate_council

    export = tmp_path_factory.mktemp("council") / "export"
    generate_council(export, children=40, seed=11, render_documents=False)
    driver = clean_graph_module
    run_chain(driver, export, nlp=build_pipeline(ner_model_dir))
    materialise_networks(driver)
    rank_networks(driver, gds)
    return driver


def _pairs(driver) -> list[dict]:
    """Each restricted child with the visible children that share a person, an address or a
    network tie with him."""
    records, _, _ = driver.execute_query("""
    MATCH (r:Child) WHERE r.restricted
    MATCH (v:Child) WHERE NOT coalesce(v.restricted, false) AND v <> r
      AND (EXISTS { (v)-[:NETWORK]->(r) }
           OR EXISTS { (v)-[:NETWORK]->(x)<-[:NETWORK]-(r) WHERE NOT x:Worker }
           OR EXISTS { (v)-[:LIVES_AT]->(:Address)<-[:LIVES_AT]-(r) })
    RETURN r.child_id AS restricted_id, r.display_name AS restricted_name, collect(v.child_id) AS visible
    """)
    return [r.data() for r in records]


def test_outsider_walks_every_restricted_childs_visible_relations(council, settings, chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    from dashboards.auth import add_user

    pairs = _pairs(council)
    assert pairs, "the synthetic council has restricted children with visible siblings or housemates"
    # the walk means something: insiders do meet the restricted child on those maps
    from graph_model.gateway import Viewer
    from ranking.viewer_network import ecomap_members

    records, _, _ = council.execute_query("MATCH (c:Child) WHERE c.restricted RETURN c.child_id AS id, c.restricted_to_teams AS t")
    everyone = Viewer("all", frozenset(t for r in records for t in (r["t"] or [])))
    assert any(f"child:{pair['restricted_id']}" in json.dumps(ecomap_members(council, everyone, v), default=str)
               for pair in pairs for v in pair["visible"]), "no restricted child is on a visible child's map"
    leaks: list[str] = []
    users = tmp_path / "users.toml"
    add_user(users, "out", "outsider-pass", teams=[OUTSIDER_TEAM], roles=["practitioner", "admin"])
    with serve_app(council, settings, users, PORT, "test-secret-" + "z" * 20) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        page = ctx.new_page()
        page.set_default_timeout(60_000)  # a deadline, not a pause: only a loaded machine needs it
        page.goto(base + "/")
        page.fill("#username", "out")
        page.fill("#password", "outsider-pass")
        page.click("#sign-in")
        page.wait_for_selector("#signed-in-as")
        page.wait_for_load_state("networkidle")  # the home page's callbacks answered before leaving it
        walked = tapped = 0
        for pair in pairs:
            rid, rname = pair["restricted_id"], pair["restricted_name"]
            for vid in sorted(set(pair["visible"]))[:3]:
                open_settled(page, f"{base}/child/{vid}")
                page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                                       " return c && c._cyreg && c._cyreg.cy.nodes().length >= 1; }")
                nodes = page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.nodes().map(n => n.data())")
                map_text = json.dumps(nodes)
                evidence = ""
                for node in nodes[:12]:
                    if node.get("kind") in ("child", "group"):
                        continue
                    tap_settled(page, node["id"])
                    tapped += 1
                    evidence += page.locator("#evidence").inner_text()
                open_settled(page, f"{base}/child/{vid}/fgc")
                page.wait_for_selector("#fgc-title")
                fgc = page.locator("main").inner_text() + ctx.request.get(f"{base}/child/{vid}/fgc.csv").text()
                for where, text, names_too in (("map", map_text, True), ("evidence", evidence, False),
                                               ("fgc", fgc, True)):
                    if rid in text or f"child:{rid}" in text:
                        leaks.append(f"{vid} {where}: id {rid}")
                    if names_too and rname and rname in text:
                        leaks.append(f"{vid} {where}: name {rname}")
                walked += 1
        browser.close()
    print(f"walked {walked} maps (and their FGC pages), {tapped} evidence panels")
    assert walked >= 1
    assert not leaks, leaks
