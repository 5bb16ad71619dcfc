"""Accessibility: axe-core (pinned in tests/browser/package.json, installed by scripts/test.sh with
`npm ci`) run in Chromium on every page of the app, signed in, against the app test graph.
No `serious` or `critical` violation is allowed.

With KINSCOPE_SCREENSHOTS=<dir> set, each page is also saved there as a PNG
(`scripts/screenshots.sh` uses this to refresh docs/screenshots/)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from test_app_browser import _sign_in, _tap, browser, server  # noqa: F401  (fixtures reused)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SHOTS = os.environ.get("KINSCOPE_SCREENSHOTS")
ECOMAP_DRAWN = ("() => { const c = document.querySelector('#ecomap');"
                " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")


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
    if SHOTS:
        _screenshot(page, Path(SHOTS) / f"{name}.png")
    return bad


def _screenshot(page, path: Path) -> None:
    """The visible part of the page (1500×1000), as a palette PNG (docs images stay < 300 KB)."""
    import io

    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    img.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def test_every_page_has_no_serious_axe_violations(server, browser, axe_path):  # noqa: F811
    found: dict[str, list[dict]] = {}

    # the sign-in page (plain HTML, before the app)
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    login = ctx.new_page()
    login.goto(server + "/login")
    login.wait_for_selector("#username")
    found["login"] = _axe(login, axe_path, "login")
    ctx.close()

    page = _sign_in(browser, server, "asha", "asha-test-pass")
    page.fill("#find-text", "Isla Owen")
    page.click("#find-go")
    page.wait_for_selector("#find-table")
    found["find"] = _axe(page, axe_path, "find")

    page.goto(server + "/child/C-100")
    page.wait_for_function(ECOMAP_DRAWN)
    found["ecomap"] = _axe(page, axe_path, "ecomap")

    _tap(page, "P-1")
    page.wait_for_selector("#evidence-list")
    found["evidence"] = _axe(page, axe_path, "evidence")

    page.locator("#evidence-list li a.open-record").first.click()
    page.wait_for_selector("#mention-focus")
    found["record"] = _axe(page, axe_path, "record")

    page.goto(server + "/search?q=safety+plan")
    page.wait_for_selector("#search-list")
    found["search"] = _axe(page, axe_path, "search")

    page.goto(server + "/audit")
    page.wait_for_selector("#audit-table")
    found["audit"] = _axe(page, axe_path, "audit")

    page.goto(server + "/quality")
    page.wait_for_selector("#quality-none")
    found["quality"] = _axe(page, axe_path, "quality")

    page.goto(server + "/child/C-100/fgc")
    page.wait_for_selector("#fgc-title")
    found["fgc"] = _axe(page, axe_path, "fgc")

    page.goto(server + "/child/C-100/chronology")
    page.wait_for_selector("#chron-table")
    found["chronology"] = _axe(page, axe_path, "chronology")

    page.goto(server + "/search?q=safety+plan&order=oldest")
    page.wait_for_selector("#search-count")
    found["search-oldest"] = _axe(page, axe_path, "search-oldest")

    page.goto(server + "/mace?children=C-100,C-101")
    page.wait_for_selector("#mace-children-list")
    found["mace"] = _axe(page, axe_path, "mace")

    page.goto(server + "/child/C-100/print")
    page.wait_for_selector("#print-people")
    found["print"] = _axe(page, axe_path, "print")

    page.goto(server + "/child/C-100/print?family=1")
    page.wait_for_selector("#print-people")
    found["print-family"] = _axe(page, axe_path, "print-family")
    page.context.close()

    bad = {k: [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}" for v in vs]
           for k, vs in found.items() if vs}
    assert not bad, json.dumps(bad, indent=1)
