"""Waits for the browser tests on what the page does, never for a fixed time (test helper).

A fixed pause is too long on a quiet machine and can be too short on a loaded one (the text
read then is the previous page's, and a leak check on it proves nothing). These wait, up to the
page's default timeout, until the app has answered: after a navigation, no request for 500 ms
(Playwright's "networkidle"); after a tap on the map, the tap callback's own response; then no
Dash component marked as loading and two animation frames (React has drawn the answer).
"""

from __future__ import annotations

DASH_IDLE = "() => !document.querySelector('[data-dash-is-loading=\"true\"]')"
TAP = "(id) => { document.querySelector('#ecomap')._cyreg.cy.getElementById(id).emit('tap'); }"
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def _drawn(page) -> None:
    page.wait_for_function(DASH_IDLE)
    page.evaluate(TWO_FRAMES)


def open_settled(page, url: str) -> None:
    """Open ``url`` and wait until its callbacks have answered and been drawn."""
    page.goto(url, wait_until="networkidle")
    _drawn(page)


def _is_tap_callback(response) -> bool:
    return ("/_dash-update-component" in response.url
            and "ecomap.tapNodeData" in (response.request.post_data or ""))


def tap_settled(page, node_id: str) -> None:
    """Tap a node of the map (``#ecomap``) and wait until the app's answer to the tap is drawn."""
    with page.expect_response(_is_tap_callback) as answer:
        page.evaluate(TAP, node_id)
    answer.value.finished()
    _drawn(page)
