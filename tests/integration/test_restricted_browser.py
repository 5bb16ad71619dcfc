"""A user outside a restricted child's teams walks every page, map, evidence panel, CSV and export
of his visible sister in a real browser (Playwright + Debian's Chromium) and never meets him
(restricted_graph.py)."""

from __future__ import annotations

import json
import logging
import os

import pytest
import restricted_graph as rg
from app_server import serve_app
from browser_waits import open_settled, tap_settled

pytestmark = [pytest.mark.integration, pytest.mark.slow]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PORT = int(os.environ.get("KINSCOPE_TEST_RESTRICTED_APP_PORT", "8056"))


@pytest.fixture(scope="module")
def server(restricted_graph_driver, chromium, tmp_path_factory, settings):
    from dashboards.auth import add_user

    users = tmp_path_factory.mktemp("app") / "users.toml"
    add_user(users, "ben", "ben-test-pass", name="Ben Cole", teams=[rg.OUTSIDER_TEAM], roles=["practitioner", "admin"])
    with serve_app(restricted_graph_driver, settings, users, PORT, "test-secret-" + "y" * 20) as base:
        yield base


def test_outsider_walks_the_sisters_pages_and_never_meets_the_brother(server, chromium):
    from playwright.sync_api import sync_playwright

    seen: dict[str, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        ctx = browser.new_context(viewport={"width": 1366, "height": 768})
        page = ctx.new_page()
        page.set_default_timeout(60_000)  # a deadline, not a pause: only a loaded machine needs it
        responses: list[str] = []
        page.on("response", lambda r: responses.append(r.url) if "/_dash-update-component" in r.url else None)
        bodies: list[str] = []
        page.on("response", lambda r: bodies.append(r.text()) if "/_dash-update-component" in r.url else None)
        page.goto(server + "/")
        page.fill("#username", "ben")
        page.fill("#password", "ben-test-pass")
        page.click("#sign-in")
        page.wait_for_selector("#signed-in-as")
        page.wait_for_load_state("networkidle")  # the home page's callbacks answered before leaving it

        page.goto(server + "/child/C-86")
        page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                               " return c && c._cyreg && c._cyreg.cy.nodes().length >= 4; }")
        nodes = page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.nodes().map(n => n.data())")
        seen["map"] = json.dumps(nodes) + page.content()
        assert "child:C-86" in seen["map"] and "Marta Duda" in seen["map"]
        assert "Benedikt" not in json.dumps(nodes)
        for node in nodes:
            if node.get("kind") in ("child", "group"):
                continue
            tap_settled(page, node["id"])
            page.wait_for_function("(id) => document.querySelector('#evidence') && "
                                   "document.querySelector('#evidence').innerText.length > 20", arg=node["id"])
            seen[f"evidence {node['id']}"] = page.locator("#evidence").inner_text()
        # (what the outsider types is echoed back to him, so he types no forbidden word; the query walk in
        # test_restricted_everywhere.py asks for them all)
        page.goto(server + "/child/C-86/chronology")
        page.wait_for_selector("#chron-table")
        seen["/child/C-86/chronology"] = page.locator("main").inner_text()
        assert "Visit" in seen["/child/C-86/chronology"] and "Marta Duda" in seen["/child/C-86/chronology"]
        pages = ["/child/C-86/fgc", "/search?q=lifts&child=C-86&order=oldest", "/child/C-86/print",
                 "/child/C-86/print?family=1",
                 f"/mace?cohort={rg.COHORT}", "/mace?children=C-86,C-87", "/search?q=lifts",
                 "/search?q=Duda", "/quality", "/audit", "/record/note/N-8", "/record/document/D-8"]
        for path in pages:
            open_settled(page, server + path)
            seen[path] = page.locator("main").inner_text()
        open_settled(page, server + "/record/note/N-86a")
        note_page = page.locator("main").inner_text()
        assert "Benedikt" in note_page  # the sister's own note says his first name: that is hers to read
        seen["/record/note/N-86a"] = note_page.replace("Benedikt", "")
        for path in ("/child/C-86/fgc.csv", "/child/C-86/chronology.csv", "/audit.csv"):
            seen[path] = ctx.request.get(server + path).text()
        seen["callbacks"] = "\n".join(bodies).replace(rg.NOTE_ANYA, "")
        browser.close()
    leaks = {where: rg.leaks(text) for where, text in seen.items() if rg.leaks(text)}
    assert not leaks, leaks
    assert len([k for k in seen if k.startswith("evidence")]) >= 4
