"""Browser timing: from navigation to the ecomap drawn, for 50-, 500- and 3,000-person networks.

For each size the graph is wiped and rebuilt with the app test graph (tests/integration/app_graph.py:
child C-100 with its named people plus N one-off people, spread over the categories), the app runs
in this process (werkzeug, threaded, as in the browser tests) and Playwright drives Debian's
/usr/bin/chromium: `page.goto('/child/C-100')` until cytoscape holds the drawn nodes. Each
measurement is a fresh navigation (the app shell, Dash's JavaScript from the browser cache, the
layout and the map callbacks). Baseline in the same process: navigation to the find page until
its search box is interactive, and a find search until the results table is shown.

The graph is wiped, so it runs only on a throw-away server (KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1):

    KINSCOPE_HOME=.kinscope/bench KINSCOPE_NEO4J_BOLT_PORT=7689 KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 \\
      uv run python bench/app_browser.py [--sizes 50,500,3000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from bench_support import wipe, wipe_refused  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

import app_graph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
DRAWN = ("() => { const c = document.querySelector('#ecomap');"
         " return c && c._cyreg && c._cyreg.cy.nodes().length > 5; }")
NAMED = 8  # people app_graph always gives C-100 (besides the one-offs)
CATS = ["community", "family", "friend_or_peer", "professional", "household", "associate_or_risk", "carer"]


def build(driver, people: int) -> None:
    from graph_model.schema import apply_schema

    wipe(driver)
    apply_schema(driver)
    app_graph.build(driver, n_oneoff=max(0, people - NAMED))
    # spread the one-offs over the categories and confidences (app_graph makes them all community)
    driver.execute_query("""
        MATCH (:Child {child_id: 'C-100'})-[r:NETWORK]->(p:Person) WHERE p.person_id STARTS WITH 'P-X'
        WITH r, toInteger(substring(p.person_id, 3)) AS i
        SET r.category = $cats[i % size($cats)], r.confidence = [0.95, 0.7, 0.5][i % 3]""", cats=CATS)
    driver.execute_query("CALL db.awaitIndexes(60)")


def p50(xs: list[float]) -> float:
    return round(statistics.median(xs), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50,500,3000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--port", type=int, default=int(os.environ.get("KINSCOPE_BENCH_APP_PORT", "8078")))
    a = ap.parse_args()
    if wipe_refused():
        sys.exit(2)
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from dashboards.app import create_app
    from dashboards.auth import add_user
    from dashboards.settings import AppSettings
    from graph_model.connection import open_driver
    from kinscope.settings import get_settings

    settings = get_settings()
    results: dict = {"runs": a.runs, "machine": f"{platform.machine()}, {os.cpu_count()} CPUs", "sizes": {}}
    with open_driver() as driver, tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        users = Path(tmp) / "users.toml"
        add_user(users, "bench", "bench-pass-123", name="Bench", teams=[app_graph.TEAM_A], roles=["practitioner"])
        aset = AppSettings(app_env="dev", secret_key="bench-secret-" + "x" * 24, users_file=users, secure_cookies=False)
        srv = make_server("127.0.0.1", a.port, create_app(settings, aset, driver=driver).server, threaded=True)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{a.port}"
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
        page.set_default_timeout(60_000)
        page.goto(base + "/login")
        page.fill("#username", "bench")
        page.fill("#password", "bench-pass-123")
        page.click("#sign-in")
        page.wait_for_selector("#signed-in-as")
        try:
            for size in [int(x) for x in a.sizes.split(",")]:
                build(driver, size)
                page.goto(base + "/child/C-100")  # warm-up (browser cache, server, Neo4j query plans)
                page.wait_for_function(DRAWN)
                base_nav, base_find, drawn = [], [], []
                for _ in range(a.runs):
                    t0 = time.perf_counter()
                    page.goto(base + "/")
                    page.wait_for_selector("#find-text")
                    base_nav.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    page.fill("#find-text", "Isla Owen")
                    page.press("#find-text", "Enter")
                    page.wait_for_selector("#find-table")
                    base_find.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    page.goto(base + "/child/C-100")
                    page.wait_for_function(DRAWN, polling=20)
                    drawn.append(time.perf_counter() - t0)
                nodes = page.evaluate("() => document.querySelector('#ecomap')._cyreg.cy.nodes().length")
                row = {"network_people": size + 2, "nodes_drawn": nodes,
                       "ecomap_drawn_p50_s": p50(drawn), "ecomap_drawn_max_s": round(max(drawn), 3),
                       "baseline_find_page_p50_s": p50(base_nav), "baseline_find_search_p50_s": p50(base_find)}
                results["sizes"][size] = row
                print(json.dumps({"size": size, **row}), flush=True)
        finally:
            browser.close()
            srv.shutdown()
            srv.server_close()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
