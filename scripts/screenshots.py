"""Screenshots of every page of the app, from the graph the current settings point at (normally
the synthetic council after `kinscope synth` + `kinscope pipeline run`), into docs/screenshots/.

Starts the app in this process (as the browser tests do) with a throw-away user who is in every
team, drives Debian's /usr/bin/chromium with Playwright, and picks the unrestricted child with the
largest network. Each image is the visible 1500×1000 window as a palette PNG (< 300 KB).

    KINSCOPE_HOME=... KINSCOPE_NEO4J_BOLT_PORT=... uv run python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ECOMAP_DRAWN = ("() => { const c = document.querySelector('#ecomap');"
                " return c && c._cyreg && c._cyreg.cy.nodes().length > 3; }")


def shot(page, path: Path) -> None:
    from PIL import Image

    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # let the map's fit animation settle
    img = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    img.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"{path} {path.stat().st_size // 1024} KB")


def pick(driver) -> dict:
    rows, _, _ = driver.execute_query("""
        MATCH (c:Child) WHERE NOT coalesce(c.restricted, false)
        MATCH (c)-[r:NETWORK]->(m)
        WITH c, count(r) AS n ORDER BY n DESC LIMIT 2
        RETURN c.child_id AS child_id, c.family_name AS family_name, n""")
    top = rows[0]
    person, _, _ = driver.execute_query("""
        MATCH (:Child {child_id: $c})-[r:NETWORK]->(p:Person) WHERE r.category <> 'professional'
        RETURN p.person_id AS id ORDER BY r.rank LIMIT 1""", c=top["child_id"])
    teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t")
    return {"child": top["child_id"], "family_name": top["family_name"] or "",
            "other": rows[1]["child_id"] if len(rows) > 1 else top["child_id"],
            "person": person[0]["id"], "teams": teams[0]["t"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    ap.add_argument("--port", type=int, default=8079)
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from dashboards.app import create_app
    from dashboards.auth import add_user
    from dashboards.settings import AppSettings
    from graph_model.connection import open_driver
    from kinscope.settings import get_settings

    a.out.mkdir(parents=True, exist_ok=True)
    settings = get_settings()
    with open_driver() as driver, tempfile.TemporaryDirectory() as tmp:
        p = pick(driver)
        users = Path(tmp) / "users.toml"
        add_user(users, "demo", "screenshot-pass", name="Demo Practitioner", teams=p["teams"],
                 roles=["practitioner", "admin"])
        aset = AppSettings(app_env="dev", secret_key="screenshots-" + "x" * 24, users_file=users,
                           secure_cookies=False)
        srv = make_server("127.0.0.1", a.port, create_app(settings, aset, driver=driver).server, threaded=True)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{a.port}"
        cid = p["child"]
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
                page.set_default_timeout(30_000)
                page.goto(base + "/login")
                shot(page, a.out / "login.png")
                page.fill("#username", "demo")
                page.fill("#password", "screenshot-pass")
                page.click("#sign-in")
                page.wait_for_selector("#signed-in-as")
                page.fill("#find-text", p["family_name"] or cid)
                page.click("#find-go")
                page.wait_for_selector("#find-table")
                shot(page, a.out / "find.png")
                page.goto(f"{base}/child/{cid}")
                page.wait_for_function(ECOMAP_DRAWN)
                page.locator("#ecomap").scroll_into_view_if_needed()
                shot(page, a.out / "ecomap.png")
                page.evaluate("(id) => { document.querySelector('#ecomap')._cyreg.cy.getElementById(id).emit('tap'); }",
                              p["person"])
                page.wait_for_selector("#evidence-name")
                shot(page, a.out / "evidence.png")
                opened = page.locator("#evidence-list a.open-record")
                if opened.count():
                    opened.first.click()
                    page.wait_for_selector("#record-title")
                    shot(page, a.out / "record.png")
                page.goto(f"{base}/child/{cid}")
                page.wait_for_function(ECOMAP_DRAWN)
                page.locator("#mode input[value='conversation']").check()
                page.wait_for_timeout(1500)
                page.locator("#ecomap").scroll_into_view_if_needed()
                shot(page, a.out / "conversation.png")
                page.goto(base + "/search?q=safety+plan")
                page.wait_for_selector("#search-list, #search-none")
                shot(page, a.out / "search.png")
                for name, path, sel in (("fgc", f"/child/{cid}/fgc", "#fgc-title"),
                                        ("mace", f"/mace?children={cid},{p['other']}", "#mace-children-list, #mace-none"),
                                        ("print", f"/child/{cid}/print", "#print-people"),
                                        ("print-family", f"/child/{cid}/print?family=1", "#print-people"),
                                        ("quality", "/quality", "#quality-none, #quality-table"),
                                        ("audit", "/audit", "#audit-table")):
                    page.goto(base + path)
                    page.wait_for_selector(sel)
                    shot(page, a.out / f"{name}.png")
                browser.close()
        finally:
            srv.shutdown()
            srv.server_close()


if __name__ == "__main__":
    main()
