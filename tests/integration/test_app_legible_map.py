"""A legible map at 1366×768 (issue 11, §3): the key beside the map without scrolling, one distinct
shape per group (the key draws the same shapes), no two labels of the drawn nodes overlapping
(Cytoscape's own label bounding boxes), no label cut off by the map's edge, "Role not known"
instead of "Community", the active filters always shown with a one-click reset, and FGC names
that open their evidence with the reason they are suggested."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from test_app_browser import _sign_in, _tap, browser, server  # noqa: F401  (fixtures reused)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DRAWN = ("() => { const c = document.querySelector('#ecomap');"
         " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")
CY = "document.querySelector('#ecomap')._cyreg.cy"

# every drawn node's label box (model and rendered coordinates), its shape and group
LABEL_BOXES = """() => { const cy = %s;
    const o = {includeLabels: true, includeNodes: false, includeEdges: false, includeOverlays: false,
               includeUnderlays: false};
    return cy.nodes().filter(n => (n.data('label') || '') !== '').map(n => ({
        id: n.id(), label: n.data('label'), shape: n.style('shape'), category: n.data('category'),
        group_label: n.data('group_label') || '', box: n.boundingBox(o), rbox: n.renderedBoundingBox(o)}));
}""" % CY


def _page_1366(browser, base):  # noqa: F811
    page = _sign_in(browser, base, "asha", "asha-test-pass")
    page.set_viewport_size({"width": 1366, "height": 768})
    return page


def _overlaps(nodes: list[dict], key: str = "box") -> list[tuple[str, str]]:
    bad = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            p, q = a[key], b[key]
            if p["x1"] < q["x2"] and q["x1"] < p["x2"] and p["y1"] < q["y2"] and q["y1"] < p["y2"]:
                bad.append((a["id"], b["id"]))
    return bad


def _open_map(page, base) -> None:
    page.goto(base + "/child/C-100")
    page.wait_for_function(DRAWN)
    page.wait_for_timeout(400)  # the preset layout's fit


def test_key_beside_the_map_and_one_shape_per_group(server, browser):  # noqa: F811
    page = _page_1366(browser, server)
    _open_map(page, server)
    assert page.evaluate("() => window.scrollY") == 0
    legend = page.locator("#legend").bounding_box()
    cymap = page.locator("#ecomap").bounding_box()
    # visible without scrolling, and beside the map (to its right, level with it)
    assert legend["y"] >= 0 and legend["y"] + legend["height"] <= 768, legend
    assert legend["x"] >= cymap["x"] + cymap["width"] - 1, (legend, cymap)
    assert legend["y"] < cymap["y"] + cymap["height"] and legend["x"] + legend["width"] <= 1366
    # the key's shapes: one per group, all different, and the same as the nodes on the map
    key_shapes = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#legend li')]
        .filter(li => li.querySelector('img[data-shape]'))
        .map(li => [li.className.replace(/.*legend-/, ''), li.querySelector('img').dataset.shape]))""")
    groups = ["family", "household", "friend_or_peer", "associate_or_risk", "community",
              "professional", "place", "unknown"]  # the eight groups (no carer group: glossary)
    assert all(g in key_shapes for g in groups), key_shapes
    assert len({key_shapes[g] for g in groups}) == len(groups), key_shapes
    assert len(set(key_shapes.values())) == len(key_shapes)  # child, groups and grey groups all differ
    # household, professional and place no longer near-identical squares
    assert {key_shapes["household"], key_shapes["professional"], key_shapes["place"]} == {"rectangle", "rhomboid", "vee"}
    nodes = page.evaluate(LABEL_BOXES)
    by_id = {n["id"]: n for n in nodes}
    assert by_id["P-1"]["shape"] == key_shapes["family"]
    assert by_id["P-2"]["shape"] == key_shapes["household"]
    assert by_id["worker:W-1"]["shape"] == key_shapes["professional"]
    assert by_id["P-H2"]["shape"] == key_shapes["unknown"]  # named only: "Role not known"
    assert any(n["shape"] == key_shapes["place"] for n in nodes if n["category"] == "place")
    page.context.close()


# every label's rendered box inside the drawn area (the boxes LABEL_BOXES measures)
LABELS_INSIDE = """() => { const cy = %s, w = cy.width(), h = cy.height();
    const o = {includeLabels: true, includeNodes: false, includeEdges: false, includeOverlays: false,
               includeUnderlays: false};
    return cy.nodes().filter(n => (n.data('label') || '') !== '').every(n => {
        const r = n.renderedBoundingBox(o); return r.x1 >= -1 && r.y1 >= -1 && r.x2 <= w + 1 && r.y2 <= h + 1; });
}""" % CY


def _assert_legible(page, stage: str = "") -> int:
    # the map refits after a change (map_fit.js): measure it once it has settled, not mid-fit
    # (CI once measured a label above the top 600 ms after a group opened on a loaded machine);
    # a map that never settles inside still fails below, with the label that is outside
    try:
        page.wait_for_function(LABELS_INSIDE, timeout=10_000)
    except PlaywrightTimeout:
        pass
    nodes = page.evaluate(LABEL_BOXES)
    assert _overlaps(nodes) == [], (stage, _overlaps(nodes)[:10])
    assert _overlaps(nodes, "rbox") == []
    # nothing cut by the map's edge: every label lies inside the drawn area
    w, h = page.evaluate(f"() => [{CY}.width(), {CY}.height()]")
    for n in nodes:
        r = n["rbox"]
        assert r["x1"] >= -1 and r["y1"] >= -1 and r["x2"] <= w + 1 and r["y2"] <= h + 1, (stage, n["id"], r, w, h)
    return len(nodes)


def test_no_two_labels_overlap_at_1366x768(server, browser):  # noqa: F811
    page = _page_1366(browser, server)
    _open_map(page, server)
    drawn = _assert_legible(page, "rank")
    assert drawn >= 10
    # long names wrap onto lines, whole (never cut): the hostile name is one long word, kept whole
    labels = page.evaluate(f"() => {CY}.nodes().map(n => n.data('label'))")
    assert any("<script>alert(1)</script>" in (x or "") for x in labels)
    assert any("\n" in (x or "") for x in labels)
    assert page.evaluate(f"() => {CY}.nodes().every(n => n.style('text-wrap') === 'wrap')")
    # the category layout too
    page.locator("#layout input[value='category']").check()
    page.wait_for_function(f"() => {CY}.getElementById('P-1').position('x') !== 0 && "
                           f"{CY}.nodes('.lbl-b, .lbl-t, .lbl-l, .lbl-r').length > 5")
    page.wait_for_timeout(600)
    _assert_legible(page, "category")
    # conversation mode: larger type, still no overlap
    page.locator("#layout input[value='rank']").check()
    page.locator("#mode input[value='conversation']").check()
    page.wait_for_function(f"() => {CY}.getElementById('P-1').data('font_size') === 16")
    page.wait_for_timeout(600)
    _assert_legible(page, "conversation")
    # more people (a collapsed group opened): still no overlap
    page.locator("#mode input[value='standard']").check()
    page.wait_for_function(f"() => {CY}.getElementById('P-1').data('font_size') === 11")
    _tap(page, "group:community")
    page.wait_for_function(f"() => {CY}.getElementById('P-X059').length === 1")
    page.wait_for_timeout(600)
    assert _assert_legible(page, "expanded") > 60
    page.context.close()


def test_role_not_known_never_community(server, browser):  # noqa: F811
    page = _page_1366(browser, server)
    _open_map(page, server)
    legend = page.locator("#legend").inner_text()
    assert "Role not known" in legend
    _tap(page, "P-H2")  # named in a note, no role
    page.wait_for_selector("#evidence-name")
    group = page.locator("#evidence-group").inner_text()
    assert "Role not known" in group and "Community" not in group
    assert "community" not in page.locator("#rank-why").inner_text().lower()
    page.goto(server + "/child/C-100/fgc")
    page.wait_for_selector("#fgc-notes")
    fgc = page.locator("#fgc-notes").inner_text()
    assert "Role not known" in fgc and "Community" not in fgc
    page.context.close()


def test_active_filters_shown_with_one_click_reset(server, browser):  # noqa: F811
    page = _page_1366(browser, server)
    _open_map(page, server)
    summary = page.locator("#filter-summary")
    assert summary.inner_text().startswith("Showing ") and "no filters" in summary.inner_text()
    before = page.evaluate(f"() => {CY}.nodes().length")
    page.locator("#confidence input[value='low']").uncheck()
    page.wait_for_function("() => document.querySelector('#filter-summary').innerText.includes('Low confidence')")
    page.locator("#categories input[value='place']").uncheck()
    page.wait_for_function("() => document.querySelector('#filter-summary').innerText.includes('Places')")
    text = summary.inner_text()
    assert "hiding: Places and addresses, Low confidence" in text, text
    page.wait_for_function(f"() => {CY}.nodes('[category = \"place\"]').length === 0")
    page.click("#reset-filters")  # one click
    page.wait_for_function("() => { const s = document.querySelector('#filter-summary');"
                           " return s && s.innerText.includes('no filters'); }")
    page.wait_for_function(DRAWN)
    assert page.locator("#confidence input[value='low']").is_checked()
    assert page.locator("#categories input[value='place']").is_checked()
    page.wait_for_function(f"() => {CY}.nodes().length === {before} && "
                           f"{CY}.nodes('[category = \"place\"]').length > 0")
    page.context.close()


def test_fgc_names_open_their_evidence_and_say_why(server, browser):  # noqa: F811
    page = _page_1366(browser, server)
    page.goto(server + "/child/C-100/fgc")
    page.wait_for_selector("#fgc-notes")
    row = page.locator("#fgc-notes tr", has_text="Aunty Bev")
    assert "Named in the notes as maternal aunt" in row.inner_text()
    link = row.locator("a.fgc-evidence")
    assert link.get_attribute("href").startswith("/child/C-100?member=P-3")
    link.click()
    page.wait_for_function("() => { const e = document.querySelector('#evidence-name');"
                           " return e && e.innerText === 'Aunty Bev'; }")
    # someone collapsed into a grey group: the group opens, then the evidence
    page.goto(server + "/child/C-100/fgc")
    page.wait_for_selector("#fgc-notes")
    page.locator("#fgc-notes a.fgc-evidence", has_text="Oneoff Person050").click()
    page.wait_for_function("() => { const e = document.querySelector('#evidence-name');"
                           " return e && e.innerText === 'Oneoff Person050'; }")
    csv = page.context.request.get(server + "/child/C-100/fgc.csv").text()
    assert "why,evidence" in csv.splitlines()[0] and "/child/C-100?member=P-3" in csv
    page.context.close()
