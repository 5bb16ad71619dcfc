"""The app in a real browser: Playwright driving Debian's /usr/bin/chromium (headless) against a
real Dash server (a thread) on the test Neo4j with the app test graph (app_graph.py)."""

from __future__ import annotations

import logging
import os
import time

import app_graph as g
import pytest
from app_server import serve_app

pytestmark = [pytest.mark.integration, pytest.mark.slow]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PORT = int(os.environ.get("KINSCOPE_TEST_APP_PORT", "8053"))
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def server(driver, app_graph_ids, chromium, tmp_path_factory, settings):
    from dashboards.auth import add_user

    users = tmp_path_factory.mktemp("app") / "users.toml"
    add_user(users, "asha", "asha-test-pass", name="Asha Patel", teams=[g.TEAM_A], roles=["practitioner", "admin"])
    add_user(users, "ben", "ben-test-pass", name="Ben Cole", teams=[g.TEAM_B], roles=["practitioner"])
    with serve_app(driver, settings, users, PORT, "test-secret-" + "x" * 20) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        yield b
        b.close()


def _sign_in(browser, base, user, password):
    page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    page.set_default_timeout(20_000)
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_selector("#signed-in-as")
    return page


def _tap(page, node_id: str) -> None:
    # braces: return nothing (serialising the cytoscape collection emit() returns takes seconds)
    page.evaluate("(id) => { document.querySelector('#ecomap')._cyreg.cy.getElementById(id).emit('tap'); }", node_id)


def _cy_nodes(page) -> list[str]:
    return page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.nodes().map(n => n.id())")


def test_anonymous_requests_get_nothing(server, browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(server + "/child/C-100")
    assert "/login" in page.url and page.locator("#username").is_visible()
    for path in ("/_dash-layout", "/_dash-dependencies", "/assets/kinscope.css", "/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"):
        assert ctx.request.get(server + path).status == 401, path
    for path in ("/audit.csv", "/healthz", "/search?q=safety", "/record/note/N-1"):
        r = ctx.request.get(server + path, max_redirects=0)
        assert r.status == 302 and r.headers["location"].startswith("/login"), path
    r = ctx.request.post(server + "/_dash-update-component", data="{}", headers={"Content-Type": "application/json"})
    assert r.status == 401
    page.fill("#username", "asha")
    page.fill("#password", "wrong-password")
    page.click("#sign-in")
    assert page.locator(".error").inner_text().startswith("Unknown user name or wrong password")
    ctx.close()


def test_practitioner_flow(server, browser):
    page = _sign_in(browser, server, "asha", "asha-test-pass")
    # find a child: two Isla Owens told apart by locality and legal status
    page.fill("#find-text", "Isla Owen")
    page.click("#find-go")
    page.wait_for_selector("#find-table")
    rows = page.locator("#find-table tbody tr")
    assert rows.count() == 2
    text = page.locator("#find-table").inner_text()
    assert "KX5" in text and "EF6" in text and "Looked after" in text and "Child in need" in text
    # open the ecomap
    t0 = time.perf_counter()
    page.locator("#find-table a", has_text="Isla Owen").first.click()
    page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                           " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")
    TIMINGS["ecomap_drawn_s"] = time.perf_counter() - t0
    nodes = _cy_nodes(page)
    assert "child:C-100" in nodes and "P-1" in nodes and "worker:W-1" in nodes
    assert "group:community" in nodes  # 60 one-off mentions collapsed
    assert len(nodes) <= 1 + 40 + 8
    legend = page.locator("#legend").inner_text()
    for word in ("Family", "Household", "Professionals", "Strong", "Tenuous", "Stressful"):
        assert word in legend
    # hostile names are drawn as text, not run
    labels = page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.nodes().map(n => n.data('label'))")
    assert any(g.HOSTILE_HTML in (l or "") for l in labels)
    # filter by category: only family
    page.locator("#categories input[value='family']").check()  # already checked; uncheck others
    for c in ("household", "friend_or_peer", "associate_or_risk", "community", "professional", "place"):
        page.locator(f"#categories input[value='{c}']").uncheck()
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.nodes().length === 3")
    assert set(_cy_nodes(page)) == {"child:C-100", "P-1", "P-3"}
    # confidence: Low off hides nothing here, Medium off hides Aunty Bev (0.6)
    page.locator("#confidence input[value='medium']").uncheck()
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.nodes().length === 2")
    page.locator("#confidence input[value='medium']").check()
    for c in ("household", "friend_or_peer", "associate_or_risk", "community", "professional", "place"):
        page.locator(f"#categories input[value='{c}']").check()
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.nodes().length > 20")
    # expand the collapsed group
    _tap(page, "group:community")
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.getElementById('P-X059').length === 1")
    # click a person → evidence
    t0 = time.perf_counter()
    _tap(page, "P-1")
    page.wait_for_selector("#evidence-name")
    TIMINGS["evidence_shown_s"] = time.perf_counter() - t0
    assert page.locator("#evidence-name").inner_text() == "Karen Owen"
    assert "Ranked 1st" in page.locator("#rank-why").inner_text()
    items = page.locator("#evidence-list li")
    assert items.count() == 3
    assert "10 May 2024" in items.nth(0).inner_text()  # newest first
    assert page.locator("#evidence-list mark.hit").first.inner_text() == "Karen Owen"
    # export PNG (audited)
    with page.expect_download() as dl:
        page.click("#export-png")
    assert dl.value.suggested_filename.startswith("ecomap-C-100")
    # open a note → the mention is highlighted
    items.nth(1).locator("a.open-record").click()
    page.wait_for_selector("#mention-focus")
    assert page.locator("#mention-focus").inner_text() == "Karen Owen"
    assert "Event date" in page.locator(".facts").inner_text()
    # from the child's page, the most recent safety plan in ≤ 3 interactions
    page.go_back()
    page.wait_for_selector("#child-search-text")
    page.fill("#child-search-text", "safety plan")   # 1
    page.press("#child-search-text", "Enter")        # 2
    page.wait_for_selector("#search-list")
    first = page.locator("#search-list li").first
    assert "Safety plan v2" in first.inner_text() and "10 May 2024" in first.inner_text()
    first.locator("a.result-title").click()          # 3
    page.wait_for_selector("#record-text")
    assert "Safety plan v2" in page.locator("#record-title").inner_text()
    assert "<script>" in page.locator("#record-text").inner_text()  # shown as text
    # the audit page lists these actions
    page.goto(server + "/audit")
    page.wait_for_selector("#audit-table")
    audit = page.locator("#audit-table").inner_text()
    for action in ("view", "search", "open", "export", "sign in"):  # in words ("sign in", not sign_in)
        assert action in audit
    csv = page.context.request.get(server + "/audit.csv?user=asha")
    assert csv.status == 200 and "child:C-100" in csv.text()
    page.context.close()


def test_restricted_child_leaves_no_trace(server, browser):
    page = _sign_in(browser, server, "ben", "ben-test-pass")
    page.fill("#find-text", "Zara")
    page.click("#find-go")
    page.wait_for_selector("#find-none")
    page.goto(server + "/child/C-900")
    page.wait_for_selector("#not-found")
    assert "Zara" not in page.content()
    page.goto(server + "/record/note/N-9")
    page.wait_for_selector("#not-found")
    page.goto(server + "/search?q=Quentin")
    page.wait_for_selector("#search-none")
    page.goto(server + "/audit")
    page.wait_for_selector("#not-found")
    assert page.context.request.get(server + "/audit.csv").status == 403
    page.goto(server + "/child/C-100")
    page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                           " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")
    assert "P-R" not in _cy_nodes(page)  # known only from a restricted note
    page.context.close()


def test_conversation_mode_hides_risk_flags(server, browser):
    page = _sign_in(browser, server, "asha", "asha-test-pass")
    page.goto(server + "/child/C-100")
    page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                           " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")
    has_flag = "() => document.querySelector('#ecomap')._cyreg.cy.getElementById('P-2').hasClass('flag-risk')"
    assert page.evaluate(has_flag)
    page.locator("#mode input[value='conversation']").check()
    page.wait_for_function("() => !document.querySelector('#ecomap')._cyreg.cy.getElementById('P-2').hasClass('flag-risk')")
    assert "Stressful" not in page.locator("#legend").inner_text()
    # Dave Smith (Medium confidence, unchecked) is not on the conversation map at all; Karen's evidence is plain
    page.wait_for_selector("#more-to-check")
    assert "P-2" not in _cy_nodes(page)
    _tap(page, "P-1")
    page.wait_for_selector("#evidence-name")
    assert "risk" not in page.locator("#evidence").inner_text().lower()
    page.context.close()


def test_practitioner_actions_print_and_modes(server, browser):
    page = _sign_in(browser, server, "asha", "asha-test-pass")
    page.goto(server + "/child/C-100")
    page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                           " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")
    assert "Practitioner-flagged risk" in page.locator("#legend").inner_text()
    # flag Aunty Bev as protective, with a reason: stored, drawn, in the legend
    _tap(page, "P-3")
    page.wait_for_selector("#decide-protective")
    page.fill("#decision-reason", "collects Isla <b>every</b> Friday")
    page.click("#decide-protective")
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.getElementById('P-3').hasClass('flag-protective')")
    assert "Flagged as protective" in page.locator("#decision-status").inner_text()
    assert "collects Isla <b>every</b> Friday" in page.locator("#evidence").inner_text()
    # hide Kyle from shared views: gone from the map, the printable page and exports
    _tap(page, "P-4")
    page.wait_for_selector("#decide-hide")
    page.wait_for_function("() => document.querySelector('#evidence-name').innerText === 'Kyle'")
    page.click("#decide-hide")
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.getElementById('P-4').length === 0")
    page.locator("#show-hidden input").check()
    page.wait_for_function("() => document.querySelector('#ecomap')._cyreg.cy.getElementById('P-4').hasClass('flag-hidden')")
    page.click("#export-png")
    page.wait_for_function("() => document.querySelector('#export-status').innerText.includes('before exporting')")
    # printable page (audited as an export), practitioner and family-facing
    page.goto(server + "/child/C-100/print")
    page.wait_for_selector("#print-people")
    people = page.locator("#print-people").inner_text()
    assert "Karen Owen" in people and "Kyle" not in people and "Practitioner flag" in people
    assert "protective" in people
    page.goto(server + "/child/C-100/print?family=1")
    page.wait_for_selector("#print-people")
    fam = page.locator("#print-people").inner_text() + page.locator("#legend").inner_text()
    assert "Karen Owen" in fam and "risk" not in fam.lower() and "confidence" not in fam.lower()
    # FGC wider family, with a CSV list
    page.goto(server + "/child/C-100/fgc")
    page.wait_for_selector("#fgc-title")
    assert "Aunty Bev" in page.locator("#fgc-notes").inner_text()
    csv = page.context.request.get(server + "/child/C-100/fgc.csv")
    assert csv.status == 200 and "Aunty Bev" in csv.text() and "Kyle" not in csv.text()
    assert page.context.request.get(server + "/child/C-900/fgc.csv").status == 200  # asha's team may see C-900
    # MACE: children by initials
    page.goto(server + "/mace?children=C-100,C-101")
    page.wait_for_selector("#mace-children-list")
    assert "I. O." in page.locator("#mace-children-list").inner_text()
    # data quality page
    page.goto(server + "/quality")
    page.wait_for_selector("#quality-none")
    # the audit lists the changes and the print export
    page.goto(server + "/audit")
    page.wait_for_selector("#audit-table")
    audit = page.locator("#audit-table").inner_text()
    assert "change" in audit and "format: print" in audit and '"format"' not in audit  # plain words, not JSON
    page.context.close()
    ben = _sign_in(browser, server, "ben", "ben-test-pass")
    assert ben.context.request.get(server + "/child/C-900/fgc.csv").status == 404
    ben.goto(server + "/child/C-900/print")
    ben.wait_for_selector("#not-found")
    ben.goto(server + "/mace?children=C-100,C-900")
    ben.wait_for_selector("#mace-none")
    assert "Zara" not in ben.content() and "Z. H." not in ben.content()
    ben.context.close()


def test_report_timings():
    print("\nbrowser timings:", {k: round(v, 3) for k, v in TIMINGS.items()})
