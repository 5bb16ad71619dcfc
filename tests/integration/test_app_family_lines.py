"""The map's family lines and time bar in a real browser (Playwright + Debian's Chromium) on the
restricted graph (restricted_graph.py): lines between members where the records say so, off by
default, on by choice, never to someone the user may not see; a click on a month of the time bar
lists that month's records, only those the user may read."""

from __future__ import annotations

import logging
import os

import pytest
import restricted_graph as rg
from app_server import serve_app
from test_app_browser import browser  # noqa: F401  (fixture reused)
from test_review_browser import _serious_axe_violations

pytestmark = [pytest.mark.integration, pytest.mark.slow]
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

PORT = int(os.environ.get("KINSCOPE_TEST_RESTRICTED_APP_PORT", "8056"))
MAP_DRAWN = "() => { const c = document.querySelector('#ecomap'); return c && c._cyreg && c._cyreg.cy.nodes().length >= 4; }"
TIES = "() => document.querySelector('#ecomap')._cyreg.cy.edges('.tie').map(e => [e.source().id(), e.target().id()].sort().join(' ~ '))"


@pytest.fixture(scope="module")
def server(restricted_graph_driver, chromium, tmp_path_factory, settings):
    from dashboards.auth import add_user

    users = tmp_path_factory.mktemp("family-lines") / "users.toml"
    add_user(users, "ben", "ben-test-pass", name="Ben Cole", teams=[rg.OUTSIDER_TEAM], roles=["practitioner"])
    add_user(users, "sam", "sam-test-pass", name="Sam Inside", teams=[rg.SECRET_TEAM, rg.ANYA_TEAM],
             roles=["practitioner"])
    with serve_app(restricted_graph_driver, settings, users, PORT, "test-secret-" + "f" * 20) as base:
        yield base


def _open(browser, base, user, child_id):  # noqa: F811
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(30_000)
    page.goto(base + "/")
    page.fill("#username", user)
    page.fill("#password", f"{user}-test-pass")
    page.click("#sign-in")
    page.wait_for_selector("#signed-in-as")
    page.goto(f"{base}/child/{child_id}")
    page.wait_for_function(MAP_DRAWN)
    return page


def _toggle(page, on: bool) -> None:
    box = page.locator("#family-lines input[type=checkbox]")
    box.check() if on else box.uncheck()


def test_family_lines_on_by_choice_with_the_key_and_off_again(server, browser, axe_core):  # noqa: F811
    page = _open(browser, server, "sam", "C-86")
    assert page.evaluate(TIES) == []  # off by default
    assert page.locator("#legend .legend-tie").count() == 0
    _toggle(page, True)
    # Marta is recorded as mother on the brother's file: a parent line between them
    page.wait_for_function(f"() => ({TIES})().includes('P-M ~ child:C-85')")
    page.wait_for_selector("#legend .legend-tie")
    assert page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.edges('.tie').style('curve-style')") != "straight"
    assert _serious_axe_violations(page, axe_core) == []
    _toggle(page, False)
    page.wait_for_function(f"() => ({TIES})().length === 0")
    assert page.locator("#legend .legend-tie").count() == 0
    page.context.close()


def test_no_family_line_reaches_a_child_the_user_may_not_see(server, browser):  # noqa: F811
    page = _open(browser, server, "ben", "C-86")
    _toggle(page, True)
    page.wait_for_selector("#legend .legend-tie")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(TIES) == []
    edges = page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.edges().map(e => e.id()).join(' ')")
    assert "C-85" not in edges
    page.context.close()


def _click_month_bar(page) -> None:
    """Click the tallest bar of the time bar (the month with the most records)."""
    page.wait_for_selector("#timeline .bars path", state="attached")
    page.wait_for_function("() => [...document.querySelectorAll('#timeline .bars path')]"
                           ".some(p => p.getBoundingClientRect().height > 2)")
    page.locator("#timeline").scroll_into_view_if_needed()
    boxes = [b for b in (p.bounding_box() for p in page.locator("#timeline .bars path").all()) if b]
    box = max(boxes, key=lambda b: b["height"])
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly picks the bar under the pointer on hover, then takes the click
    page.mouse.click(x, y)


def test_a_click_on_a_month_of_the_time_bar_lists_that_months_records(server, browser, axe_core):  # noqa: F811
    page = _open(browser, server, "sam", "C-86")
    _click_month_bar(page)
    page.wait_for_selector("#month-records-title")
    assert "May 2024" in page.inner_text("#month-records-title")
    links = page.eval_on_selector_all("#month-records a.month-record", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["/record/note/N-86a", "/record/note/N-86r"]  # Anya's team reads her restricted note
    assert _serious_axe_violations(page, axe_core) == []
    page.context.close()
    # someone who may not read the restricted note gets the month without it
    page = _open(browser, server, "ben", "C-86")
    _click_month_bar(page)
    page.wait_for_selector("#month-records-title")
    links = page.eval_on_selector_all("#month-records a.month-record", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["/record/note/N-86a"]
    assert not rg.leaks(page.inner_text("#month-records"))
    page.context.close()
