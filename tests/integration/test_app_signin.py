"""Sign-in and sessions against the real app factory (Flask test client) and the real production
server (`python -m dashboards.app`, uvicorn): revocable server-side sessions, throttled sign-in
with audited locks, the sign-out form, cookies and headers on data responses, CSV cells, SSO
header mode refusing to start unsafely, and an access log without search words or ids.
Real Neo4j (the test server) with the app test graph (app_graph.py)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import app_graph as g
import pytest

from graph_model.audit import record_event

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

ROOT = Path(__file__).resolve().parents[2]
ASHA_PW, BEN_PW = "asha-signin-pass", "ben-signin-pass"


@pytest.fixture(scope="module")
def users(tmp_path_factory) -> Path:
    from dashboards.auth import add_user

    path = tmp_path_factory.mktemp("signin") / "users.toml"
    add_user(path, "asha", ASHA_PW, name="Asha Patel", teams=[g.TEAM_A], roles=["practitioner", "admin"])
    add_user(path, "ben", BEN_PW, name="Ben Cole", teams=[g.TEAM_B], roles=["practitioner"])
    return path


def _make_app(settings, driver, users, state: Path, **kw):
    from dashboards.app import create_app
    from dashboards.settings import AppSettings

    base = {"app_env": "dev", "secret_key": "signin-test-" + "x" * 24, "users_file": users,
            "secure_cookies": False, "app_state_dir": state}
    return create_app(settings, AppSettings(**{**base, **kw}), driver=driver)


@pytest.fixture(scope="module")
def app(settings, driver, app_graph_ids, users, tmp_path_factory):
    return _make_app(settings, driver, users, tmp_path_factory.mktemp("state"), signin_max_failures=3,
                     signin_backoff_seconds=0)


def _audit(driver, user: str, action: str) -> list:
    """Details of the audit events of one user and action (read directly: the test needs no viewer)."""
    rows = driver.execute_query("MATCH (e:AuditEvent {user: $user, action: $action}) RETURN e.detail AS detail",
                                user=user, action=action).records
    return [r["detail"] for r in rows]


def _csrf(client, path="/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _sign_in(client, user, password, **kw):
    return client.post("/login", data={"csrf": _csrf(client), "username": user, "password": password,
                                       "next": "/child/C-100"}, **kw)


def test_data_responses_are_no_store_with_a_csp(app):
    c = app.server.test_client()
    assert _sign_in(c, "asha", ASHA_PW).headers["Location"] == "/child/C-100"
    for path in ("/child/C-100", "/_dash-layout", "/child/C-100/fgc.csv", "/healthz", "/assets/kinscope.css"):
        r = c.get(path)
        assert r.status_code == 200, path
        assert r.headers["Cache-Control"] == "no-store", path
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], path
    page = c.get("/child/C-100").get_data(as_text=True)
    assert "DashRenderer" in page  # the inline start-up script the policy allows


def test_captured_cookie_stops_working_after_sign_out(app, driver):
    c = app.server.test_client()
    _sign_in(c, "ben", BEN_PW)
    assert c.get("/_dash-layout").status_code == 200
    stolen = c.get_cookie("kinscope_session").value
    assert c.get("/logout").status_code == 200  # a confirmation form, not a sign-out
    assert c.get("/_dash-layout").status_code == 200
    assert c.post("/logout", data={"csrf": "forged"}).status_code == 400
    assert c.get("/_dash-layout").status_code == 200
    assert c.post("/logout", data={"csrf": _csrf(c, "/logout")}).status_code == 302
    thief = app.server.test_client()
    thief.set_cookie("kinscope_session", stolen)
    assert thief.get("/_dash-layout").status_code == 401
    r = thief.get("/child/C-100")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert _audit(driver, "ben", "sign_out")


def test_lock_after_failures_is_audited_and_answers_like_a_wrong_password(app, driver):
    c = app.server.test_client()
    for _ in range(3):
        assert "Unknown user name or wrong password" in _sign_in(c, "asha", "wrong").get_data(as_text=True)
    r = _sign_in(c, "asha", ASHA_PW)  # the right password, locked out
    assert r.status_code == 200 and "Unknown user name or wrong password" in r.get_data(as_text=True)
    denied = _audit(driver, "asha", "denied")
    assert any("locked" in json.loads(detail or "{}").get("reason", "") for detail in denied)
    # an unknown name gets exactly the same answers
    for _ in range(4):
        assert "Unknown user name or wrong password" in _sign_in(c, "no-such-user", "x").get_data(as_text=True)


def test_password_change_ends_sessions(settings, driver, app_graph_ids, users, tmp_path):
    from dashboards.auth import add_user

    own = tmp_path / "users.toml"
    own.write_text(users.read_text())
    app = _make_app(settings, driver, own, tmp_path / "state")
    c = app.server.test_client()
    _sign_in(c, "ben", BEN_PW)
    assert c.get("/_dash-layout").status_code == 200
    add_user(own, "ben", "a-new-password", teams=[g.TEAM_B])
    assert c.get("/_dash-layout").status_code == 401
    _sign_in(c, "ben", "a-new-password")
    assert c.get("/_dash-layout").status_code == 200
    own.write_text(own.read_text().split('[users."ben"]')[0])  # ben leaves
    assert c.get("/_dash-layout").status_code == 401


def test_production_cookie_is_a_host_cookie(settings, driver, app_graph_ids, users, tmp_path):
    app = _make_app(settings, driver, users, tmp_path / "state", app_env="production", secure_cookies=True)
    c = app.server.test_client()
    r = _sign_in(c, "ben", BEN_PW, base_url="https://localhost")
    cookie = [v for k, v in r.headers.items() if k == "Set-Cookie"][-1]
    assert cookie.startswith("__Host-kinscope_session=") and "; Secure" in cookie and "; Path=/" in cookie
    assert "Domain=" not in cookie and "HttpOnly" in cookie


def test_header_mode_refuses_to_start_without_trusted_proxies(settings, driver, users, tmp_path):
    with pytest.raises(RuntimeError, match="KINSCOPE_AUTH_TRUSTED_PROXIES"):
        _make_app(settings, driver, users, tmp_path, auth_mode="header", auth_trusted_proxies="")


def test_header_mode_unknown_user_has_no_roles_and_no_admin(settings, driver, app_graph_ids, users, tmp_path):
    app = _make_app(settings, driver, users, tmp_path, auth_mode="header", auth_roles_header="X-Remote-Roles")
    c = app.server.test_client()
    r = c.get("/audit.csv", headers={"X-Remote-User": "mallory", "X-Remote-Roles": "admin"})
    assert r.status_code == 403
    assert c.get("/audit.csv", headers={"X-Remote-User": "asha,mallory"}).status_code == 400
    assert c.get("/audit.csv", headers={"X-Remote-User": "asha"}).status_code == 200


def test_audit_csv_cells_are_not_formulas(settings, driver, app_graph_ids, users, tmp_path):
    record_event(driver, "ben", "search", "=HYPERLINK(\"http://evil.example\",\"x\")", {"text": "@SUM(1)"})
    record_event(driver, "ben", "search", " +cmd|' /C calc'!A0", None)
    app = _make_app(settings, driver, users, tmp_path / "state")  # own throttle state: asha may be locked above
    ben = app.server.test_client()
    _sign_in(ben, "ben", BEN_PW)
    assert ben.get("/audit.csv").status_code == 403  # ben is no admin
    c = app.server.test_client()
    assert _sign_in(c, "asha", ASHA_PW).status_code == 302
    r = c.get("/audit.csv?user=ben")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    targets = [row[3] for row in rows[1:] if row[2] == "search"]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in targets
    assert "' +cmd|' /C calc'!A0" in targets
    details = [row[4] for row in rows[1:] if row[2] == "search"]
    assert all(cell[:1] not in "=+-@" for cell in targets + details if cell)


# --------------------------------------------------------------------------- the production server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _production_server(tmp_path: Path, users: Path, **env_extra: str):
    """`python -m dashboards.app` (uvicorn over a2wsgi) on a free port; yields (base URL, log path)."""
    port = _free_port()
    env = {**os.environ, "KINSCOPE_SECRET_KEY": "prod-test-" + "y" * 30, "KINSCOPE_USERS_FILE": str(users),
           "KINSCOPE_APP_STATE_DIR": str(tmp_path / "state"), "KINSCOPE_SECURE_COOKIES": "false",
           "KINSCOPE_APP_ENV": "production", **env_extra}
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "dashboards.app", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail(log_path.read_text())
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", log_path
            time.sleep(0.3)  # let the last access-log lines reach the file
        finally:
            proc.terminate()
            proc.wait(20)


def _raw_get(base: str, path: str, headers: list[tuple[str, str]]) -> int:
    """The status of a GET sent with exactly these header lines (repeats and underscores kept)."""
    host, port = base.removeprefix("http://").split(":")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"] + [f"{k}: {v}" for k, v in headers]
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = sock.recv(4096).decode("latin1")
    return int(head.split(" ", 2)[1])


def test_production_server_logs_no_search_words_or_ids(settings, app_graph_ids, users, tmp_path):
    with _production_server(tmp_path, users) as (base, log_path):
        opener = urllib.request.build_opener(_NoRedirect)
        for path in ("/search?q=Karen+Owen+Quentin", "/child/C-900", "/record/note/N-9?mention=M-1",
                     "/login?next=/child/C-900"):
            try:
                opener.open(base + path, timeout=5)
            except urllib.error.HTTPError as exc:
                assert exc.code in (302, 401), path
    text = log_path.read_text()
    assert '"GET /search HTTP/1.1" 302' in text and "/child/:id" in text and "/record/note/:id" in text, text
    for secret in ("Karen", "Quentin", "C-900", "N-9", "M-1", "?"):
        assert secret not in text.split("Uvicorn running")[-1], (secret, text)


def test_production_server_refuses_smuggled_identity_headers(settings, app_graph_ids, users, tmp_path):
    with _production_server(tmp_path, users, KINSCOPE_AUTH_MODE="header",
                            KINSCOPE_AUTH_TRUSTED_PROXIES="127.0.0.1") as (base, _log):
        assert _raw_get(base, "/healthz", [("X-Remote-User", "ben")]) == 200
        assert _raw_get(base, "/healthz", []) == 401
        assert _raw_get(base, "/healthz", [("X-Remote-User", "ben"), ("X-Remote-User", "asha")]) == 400
        assert _raw_get(base, "/healthz", [("X-Remote-User", "ben"), ("X_Remote_User", "asha")]) == 400
        assert _raw_get(base, "/healthz", [("X_Remote_User", "asha")]) == 400
        assert _raw_get(base, "/healthz", [("x-remote-user", "ben")]) == 200  # header names are case-free


def test_production_server_refuses_header_mode_without_trusted_proxies(users, tmp_path):
    env = {**os.environ, "KINSCOPE_SECRET_KEY": "z" * 40, "KINSCOPE_USERS_FILE": str(users),
           "KINSCOPE_APP_STATE_DIR": str(tmp_path), "KINSCOPE_AUTH_MODE": "header",
           "KINSCOPE_AUTH_TRUSTED_PROXIES": "", "KINSCOPE_APP_ENV": "production"}
    run = subprocess.run([sys.executable, "-m", "dashboards.app", "--port", str(_free_port())], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode != 0 and "KINSCOPE_AUTH_TRUSTED_PROXIES" in run.stderr


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --------------------------------------------------------------------------- in a browser

@pytest.mark.slow
def test_browser_signs_out_through_the_form_with_no_policy_violations(settings, driver, app_graph_ids, users,
                                                                       chromium, tmp_path):
    import threading

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    app = _make_app(settings, driver, users, tmp_path / "state")
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True,
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_context().new_page()
            page.set_default_timeout(20_000)
            page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                                 " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
            page.goto(base + "/child/C-100")
            page.fill("#username", "ben")
            page.fill("#password", BEN_PW)
            page.click("#sign-in")
            page.wait_for_function("() => { const c = document.querySelector('#ecomap');"
                                   " return c && c._cyreg && c._cyreg.cy.nodes().length > 3; }")
            page.wait_for_selector("#timeline .main-svg")  # plotly draws without eval
            for path in ("/search?q=safety+plan", "/mace?children=C-100,C-101", "/child/C-100/print",
                         "/child/C-100/fgc", "/record/note/N-1", "/quality", "/"):
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_selector("#page-content > *")
                assert page.evaluate("() => window.__csp") == [], path
            page.click("#sign-out")  # the header's link: a confirmation page, still signed in
            page.wait_for_selector("#confirm-sign-out")
            page.go_back()
            page.wait_for_selector("#signed-in-as")
            page.click("#sign-out")
            page.click("#confirm-sign-out")
            page.wait_for_selector("#username")
            page.goto(base + "/child/C-100")
            assert "/login" in page.url
            browser.close()
    finally:
        srv.shutdown()
        srv.server_close()
