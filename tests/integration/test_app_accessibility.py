"""Accessibility: axe-core (pinned in tests/browser/package.json, installed by scripts/test.sh with
`npm ci`) run in Chromium on every page of the app against the app test graph, as a practitioner
(every page, the map after each radio and filter is changed, conversation mode and its evidence
panel), as an administrator (the audit trail, data quality) and as a user of another team (a
restricted child: the "not available" page). No `serious` or `critical` violation is allowed, and
no rule or element is excluded.

With KINSCOPE_SCREENSHOTS=<dir> set, each page state checked is also saved as
``<dir>/pages/<name>.png`` (for looking at; the README's images come from test_app_corrections)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import app_graph as g
from app_server import save_screenshot, serve_app
from test_app_browser import PORT, _sign_in, _tap, browser  # noqa: F401  (fixtures reused)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ECOMAP_DRAWN = ("() => { const c = document.querySelector('#ecomap');"
                " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")


@pytest.fixture(scope="module")
def server(driver, app_graph_ids, chromium, tmp_path_factory, settings):
    """The app with one user per audience: a practitioner, an administrator (not a practitioner)
    and a practitioner of a team that may not see the restricted child."""
    from dashboards.auth import add_user

    users = tmp_path_factory.mktemp("a11y") / "users.toml"
    add_user(users, "pia", "pia-test-pass", name="Pia Shah", teams=[g.TEAM_A], roles=["practitioner"])
    add_user(users, "ada", "ada-test-pass", name="Ada Lee", teams=[g.TEAM_A], roles=["admin"])
    add_user(users, "ben", "ben-test-pass", name="Ben Cole", teams=[g.TEAM_B], roles=["practitioner"])
    with serve_app(driver, settings, users, PORT, "test-secret-" + "a" * 20) as base:
        yield base


@pytest.fixture(scope="module")
def axe_path(server, axe_core):  # noqa: F811
    return axe_core


def _axe(page, axe_path: Path, name: str) -> list[dict]:
    """Run axe on the current page; return the serious/critical violations (and print them)."""
    page.wait_for_load_state("networkidle")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
    }""")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    if bad:
        print(f"\naxe violations on {name}:\n" + json.dumps(bad, indent=1))
    save_screenshot(page, f"pages/{name}")
    return bad


def _checked(page, radio_id: str, value: str) -> None:
    """Choose ``value`` of a radio group and wait until the app has re-rendered after it."""
    page.locator(f"#{radio_id} input[value='{value}']").check()
    page.wait_for_function("([id, v]) => { const i = document.querySelector(`#${id} input[value='${v}']`);"
                           " return i && i.checked; }", arg=[radio_id, value])
    page.wait_for_load_state("networkidle")


def _practitioner_pages(page, server, axe_path, found: dict[str, list[dict]]) -> None:  # noqa: F811
    page.set_default_timeout(60_000)  # a loaded machine: the first map, MACE paths
    page.fill("#find-text", "Isla Owen")
    page.click("#find-go")
    page.wait_for_selector("#find-table")
    found["find"] = _axe(page, axe_path, "find")
    page.fill("#find-person-text", "Dave")  # person search, from the find page
    page.click("#find-person-go")
    page.wait_for_selector("#find-person-table")
    assert "Dave Smith" in page.locator("#find-person-table").inner_text()
    found["find-person"] = _axe(page, axe_path, "find-person")

    page.goto(server + "/child/C-100")
    page.wait_for_function(ECOMAP_DRAWN, timeout=60_000)  # the first map of a loaded machine
    found["ecomap"] = _axe(page, axe_path, "ecomap")

    _tap(page, "P-1")
    page.wait_for_selector("#evidence-list")
    found["evidence"] = _axe(page, axe_path, "evidence")

    # every radio group after its value changed (Dash re-renders its options on each change)
    _checked(page, "layout", "category")
    _checked(page, "list-sort", "last_seen")
    page.locator("#confidence input[value='low']").dispatch_event("click")  # a checkbox group too
    page.wait_for_load_state("networkidle")
    found["ecomap-filters-changed"] = _axe(page, axe_path, "ecomap-filters-changed")

    _checked(page, "mode", "conversation")
    page.wait_for_function(ECOMAP_DRAWN)
    found["ecomap-conversation"] = _axe(page, axe_path, "ecomap-conversation")
    _tap(page, "P-1")
    page.wait_for_selector("#evidence-name")
    found["evidence-conversation"] = _axe(page, axe_path, "evidence-conversation")
    _checked(page, "mode", "standard")
    found["ecomap-practitioner-again"] = _axe(page, axe_path, "ecomap-practitioner-again")

    _tap(page, "P-1")
    page.wait_for_selector("#evidence-list li a.open-record")
    page.locator("#evidence-list li a.open-record").first.click()
    page.wait_for_selector("#mention-focus")
    found["record"] = _axe(page, axe_path, "record")

    page.goto(server + "/search?q=safety+plan")
    page.wait_for_selector("#search-list")
    found["search"] = _axe(page, axe_path, "search")
    _checked(page, "search-order", "oldest")
    found["search-oldest"] = _axe(page, axe_path, "search-oldest")

    for name, path, ready in PRACTITIONER_PAGES:
        page.goto(server + path)
        page.wait_for_selector(ready)
        assert page.locator("#link-help").count() == 1, name  # help is linked from every page
        found[name] = _axe(page, axe_path, name)


PRACTITIONER_PAGES = [
    ("quality", "/quality", "#quality-none"),
    ("fgc", "/child/C-100/fgc", "#fgc-title"),
    ("chronology", "/child/C-100/chronology", "#chron-table"),
    ("mace", "/mace?children=C-100,C-101", "#mace-children-list"),
    ("print", "/child/C-100/print", "#print-people"),
    ("print-family", "/child/C-100/print?family=1", "#print-people"),
    ("review", "/review", "#review-none, #review-table"),
    ("audit-refused", "/audit", "#not-found"),
    ("help", "/help", "#help-title"),
]
"""Pages reached by address (name, path, what is there once drawn)."""

ADMIN_PAGES = [
    ("admin-find", "/", "#find-text"),
    ("admin-audit", "/audit", "#audit-table"),
    ("admin-audit-filtered", "/audit?user=pia", "#audit-table"),
    ("admin-quality", "/quality", "#quality-none"),
    ("admin-search", "/search?q=safety+plan", "#search-list"),
    ("admin-mace", "/mace", "#mace-children"),
    ("admin-help", "/help", "#help-title"),
]


def test_every_page_has_no_serious_axe_violations(server, browser, axe_path):  # noqa: F811
    found: dict[str, list[dict]] = {}

    # the sign-in page (plain HTML, before the app)
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    login = ctx.new_page()
    login.goto(server + "/login")
    login.wait_for_selector("#username")
    found["login"] = _axe(login, axe_path, "login")
    ctx.close()

    page = _sign_in(browser, server, "pia", "pia-test-pass")
    _practitioner_pages(page, server, axe_path, found)
    page.context.close()

    page = _sign_in(browser, server, "ada", "ada-test-pass")  # an administrator, not a practitioner
    for name, path, ready in ADMIN_PAGES:
        page.goto(server + path)
        page.wait_for_selector(ready)
        found[name] = _axe(page, axe_path, name)
    page.context.close()

    page = _sign_in(browser, server, "ben", "ben-test-pass")  # another team: the restricted child is not there
    page.fill("#find-person-text", "Secretperson")  # named only in the restricted child's notes
    page.click("#find-person-go")
    page.wait_for_selector("#find-person-none")
    page.goto(server + "/child/C-900")
    page.wait_for_selector("#not-found")
    found["restricted-not-available"] = _axe(page, axe_path, "restricted-not-available")
    assert "Zara" not in page.locator("main").inner_text()
    page.context.close()

    bad = {k: [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}" for v in vs]
           for k, vs in found.items() if vs}
    assert not bad, json.dumps(bad, indent=1)
