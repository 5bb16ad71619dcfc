"""Sign-in hardening without Neo4j: the throttle and session store (SQLite), the guard on a bare
Flask app (sign-in, sign-out, revocation, cookies, headers, SSO header mode), CSV cells and the
access-log filter. The same behaviour against the real app: tests/integration/test_app_signin.py."""

from __future__ import annotations

import logging
import multiprocessing
import stat
import threading

import flask
import pytest

from dashboards.auth import (
    CONTENT_SECURITY_POLICY,
    SIGN_IN_FAILED,
    AccessLogFilter,
    Auth,
    access_log_config,
    add_user,
    redact_path,
)
from dashboards.sessions import SessionStore, password_fingerprint, private_db
from dashboards.settings import AppSettings
from dashboards.throttle import SignInThrottle, backoff


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- throttle

def test_backoff_doubles_after_half_the_allowance_then_locks():
    delays = [backoff(n, max_failures=5, base=1.0, lock=900.0) for n in range(7)]
    assert delays == [0.0, 0.0, 0.0, 1.0, 2.0, 900.0, 900.0]
    assert backoff(29, max_failures=30, base=1.0, lock=900.0) == 900.0  # capped at the lock
    assert backoff(16, max_failures=30, base=1.0, lock=900.0) == 1.0


def _throttle(tmp_path, clock, **kw) -> SignInThrottle:
    return SignInThrottle(private_db(tmp_path / "state"), clock=clock, **kw)


def test_throttle_backs_off_then_locks_then_forgets(tmp_path):
    clock = Clock()
    t = _throttle(tmp_path, clock, max_failures=5, lock_seconds=900, backoff_seconds=1)
    for _ in range(2):
        assert t.check("asha", "10.0.0.1").allowed
        assert t.failure("asha", "10.0.0.1") == []
    assert t.check("asha", "10.0.0.1").allowed
    t.failure("asha", "10.0.0.1")  # third failure: wait 1 s
    v = t.check("asha", "10.0.0.1")
    assert not v.allowed and not v.locked and 0 < v.retry_after <= 1
    assert not t.check("ASHA", "10.0.0.9").allowed  # user names compared case-insensitively
    clock.now += 1.01
    assert t.check("asha", "10.0.0.1").allowed
    t.failure("asha", "10.0.0.1")
    clock.now += 2.01
    locks = t.failure("asha", "10.0.0.1")  # fifth: locked
    assert [(lk.key, lk.failures) for lk in locks] == [("user:asha", 5)]
    v = t.check("asha", "10.0.0.2")
    assert v.locked and not v.allowed and v.retry_after == pytest.approx(900)
    assert t.failure("asha", "10.0.0.1") == []  # tries while locked neither count nor extend
    clock.now += 899
    assert not t.check("asha", "10.0.0.1").allowed
    clock.now += 2
    assert t.check("asha", "10.0.0.1").allowed  # the lock has expired: a fresh start
    t.failure("asha", "10.0.0.1")
    assert t.check("asha", "10.0.0.1").allowed


def test_throttle_success_clears_the_user_name_not_the_address(tmp_path):
    clock = Clock()
    t = _throttle(tmp_path, clock, max_failures=5, max_failures_per_address=4, lock_seconds=60)
    for name in ("a", "b", "c"):
        t.failure(name, "10.0.0.7")
    t.failure("d", "10.0.0.7")  # the address's fourth failure: locked, for every name
    assert t.check("someone-else", "10.0.0.7").locked
    assert t.check("someone-else", "10.0.0.8").allowed
    t.success("d")
    assert t.check("d", "10.0.0.7").locked
    assert t.check("d", "10.0.0.8").allowed


def test_throttle_forgets_old_failures(tmp_path):
    clock = Clock()
    t = _throttle(tmp_path, clock, max_failures=5, lock_seconds=60)
    for _ in range(4):
        t.failure("asha", None)
        clock.now += 10
    clock.now += 61
    t.failure("asha", None)
    assert t.check("asha", None).allowed  # one failure after a quiet spell: no wait


def _fail_many(path, n):
    t = SignInThrottle(path, max_failures=10_000, max_failures_per_address=10_000, lock_seconds=900)
    for _ in range(n):
        t.failure("shared", "10.9.9.9")


def test_throttle_state_is_shared_by_processes(tmp_path):
    path = private_db(tmp_path / "state")
    SignInThrottle(path)  # creates the table
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_fail_many, args=(path, 15)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    t = SignInThrottle(path, max_failures=46, max_failures_per_address=10_000, lock_seconds=900)
    locks = t.failure("shared", None)
    assert [lk.failures for lk in locks] == [46]  # 3 × 15 failures before it, none lost to a race


def test_state_file_is_private(tmp_path):
    state = tmp_path / "app"
    state.mkdir(mode=0o755)
    state.chmod(0o755)
    path = private_db(state)
    SessionStore(path, idle=60, max_age=3600)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for extra in state.iterdir():  # WAL and shared-memory files too
        assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0, extra


# --------------------------------------------------------------------------- session store

def test_session_store_idle_max_end_and_prune(tmp_path):
    clock = Clock()
    store = SessionStore(private_db(tmp_path / "s"), idle=600, max_age=3600, clock=clock)
    fp = password_fingerprint("scrypt:abc")
    sid = store.create("asha", fp)
    assert len(sid) >= 40
    assert store.get(sid).username == "asha"
    assert store.get(sid + "x") is None and store.get("") is None and store.get(None) is None
    raw = (tmp_path / "s" / "auth.sqlite3").read_bytes()
    assert sid.encode() not in raw  # only a digest of the id is stored
    clock.now += 599
    assert store.get(sid) is not None  # used: idle clock restarts
    clock.now += 599
    assert store.get(sid) is not None
    clock.now += 601
    assert store.get(sid) is None  # idle too long
    sid = store.create("asha", fp)
    for _ in range(7):
        clock.now += 500
        assert store.get(sid) is not None  # in use for 3500 s
    clock.now += 500
    assert store.get(sid) is None  # over the max age, however recently used
    a1, a2, b = store.create("asha", fp), store.create("asha", fp), store.create("ben", fp)
    store.end(a1)
    assert store.get(a1) is None and store.get(a2) is not None
    assert store.end_user("asha") == 1 and store.get(a2) is None and store.get(b) is not None
    c = store.create("cara", fp)
    assert store.prune({"ben": password_fingerprint("scrypt:new"), "cara": fp}) == 1
    assert store.get(b) is None and store.get(c) is not None


# --------------------------------------------------------------------------- the guard on a bare Flask app

PASSWORD = "correct horse battery"


@pytest.fixture
def users_file(tmp_path):
    path = tmp_path / "users.toml"
    add_user(path, "asha", PASSWORD, name="Asha", teams=["A"], roles=["practitioner", "admin"])
    add_user(path, "ben", PASSWORD + "!", name="Ben", teams=["B"])
    return path


def _app(tmp_path, users_file, clock=None, events=None, **settings):
    base = {"app_env": "dev", "secret_key": "k" * 32, "users_file": users_file, "secure_cookies": False,
            "app_state_dir": tmp_path / "state"}
    aset = AppSettings(**{**base, **settings})
    server = flask.Flask("test")
    server.secret_key = aset.secret_key
    sink = events if events is not None else []
    auth = Auth(aset, on_event=lambda user, action, target, detail: sink.append((user.username, action, detail)),
                **({"clock": clock} if clock else {}))
    auth.install(server)

    @server.route("/")
    def index():
        return f"hello {flask.g.user.username} roles={sorted(flask.g.user.roles)} teams={sorted(flask.g.user.teams)}"

    @server.route("/_dash-layout")
    def layout():
        return {"ok": True}

    server.kinscope_auth = auth
    return server


def _csrf(client, path="/login") -> str:
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _sign_in(client, user="asha", password=PASSWORD, **kw):
    return client.post("/login", data={"csrf": _csrf(client), "username": user, "password": password,
                                       "next": "/"}, **kw)


def test_cookie_carries_only_a_session_id(tmp_path, users_file):
    server = _app(tmp_path, users_file)
    c = server.test_client()
    assert _sign_in(c).status_code == 302
    assert c.get("/").get_data(as_text=True).startswith("hello asha")
    cookie = c.get_cookie("kinscope_session")
    data = server.session_interface.get_signing_serializer(server).loads(cookie.value)
    assert set(data) == {"sid", "csrf", "_permanent"}
    assert "asha" not in cookie.value and cookie.http_only


def test_captured_cookie_stops_working_after_sign_out(tmp_path, users_file):
    events: list = []
    server = _app(tmp_path, users_file, events=events)
    c = server.test_client()
    _sign_in(c)
    stolen = c.get_cookie("kinscope_session").value
    other = server.test_client()
    _sign_in(other)  # the same user in another browser
    # GET /logout only asks; it does not sign out
    page = c.get("/logout")
    assert page.status_code == 200 and 'method="post"' in page.get_data(as_text=True)
    assert c.get("/").status_code == 200
    # POST without the form's token: refused, still signed in
    assert c.post("/logout", data={}).status_code == 400
    assert c.post("/logout", data={"csrf": "guess"}).status_code == 400
    assert c.get("/").status_code == 200
    r = c.post("/logout", data={"csrf": _csrf(c, "/logout")})
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert ("asha", "sign_out", None) in events
    replay = server.test_client()
    replay.set_cookie("kinscope_session", stolen)
    assert replay.get("/").status_code == 302
    assert replay.get("/_dash-layout").status_code == 401
    assert other.get("/").status_code == 302  # sign-out ends every session of the user


def test_password_change_and_removal_end_sessions(tmp_path, users_file):
    server = _app(tmp_path, users_file)
    a, b = server.test_client(), server.test_client()
    _sign_in(a)
    _sign_in(b, "ben", PASSWORD + "!")
    assert a.get("/").status_code == 200 and b.get("/").status_code == 200
    add_user(users_file, "asha", "a brand new password", roles=["practitioner"])
    assert a.get("/").status_code == 302
    assert b.get("/").status_code == 200
    _sign_in(a, password="a brand new password")
    assert a.get("/").status_code == 200
    text = users_file.read_text().split("[users.\"ben\"]")[0]  # remove ben
    users_file.write_text(text)
    assert b.get("/").status_code == 302
    assert server.kinscope_auth.sessions.count("ben") == 0


def test_idle_and_max_lifetime_are_enforced_server_side(tmp_path, users_file):
    clock = Clock()
    server = _app(tmp_path, users_file, clock=clock, session_idle_minutes=10, session_max_hours=1)
    c = server.test_client()
    _sign_in(c)
    clock.now += 9 * 60
    assert c.get("/").status_code == 200
    clock.now += 11 * 60
    assert c.get("/").status_code == 302
    _sign_in(c)
    for _ in range(6):
        clock.now += 9.5 * 60
        assert c.get("/").status_code == 200  # in use for 57 minutes
    clock.now += 9.5 * 60
    assert c.get("/").status_code == 302  # over the hour, however recently used


def test_locked_account_answers_like_a_wrong_password(tmp_path, users_file):
    events: list = []
    clock = Clock()
    server = _app(tmp_path, users_file, clock=clock, events=events, signin_max_failures=3,
                  signin_backoff_seconds=0)
    c = server.test_client()
    wrong = _sign_in(c, password="nope").get_data(as_text=True)
    assert SIGN_IN_FAILED in wrong
    _sign_in(c, password="nope")
    _sign_in(c, password="nope")  # third: locked
    locked = _sign_in(c)  # the right password, but locked
    assert locked.status_code == 200 and SIGN_IN_FAILED in locked.get_data(as_text=True)
    assert c.get("/").status_code == 302
    lock_events = [e for e in events if e[1] == "denied" and "locked" in e[2]["reason"]]
    assert lock_events and lock_events[0][0] == "asha" and lock_events[0][2]["failures"] == 3
    # a name nobody has is locked just the same: no user enumeration
    for _ in range(3):
        _sign_in(c, "nobody-here", "nope")
    assert any(e[0] == "nobody-here" and "locked" in e[2]["reason"] for e in events)
    clock.now += 15 * 60 + 1
    assert _sign_in(c).status_code == 302  # the lock has expired


def test_too_many_password_checks_at_once_get_503(tmp_path, users_file, monkeypatch):
    import dashboards.auth as auth_mod

    monkeypatch.setattr(auth_mod, "HASH_WAIT_SECONDS", 0.05)
    server = _app(tmp_path, users_file, signin_concurrent_hashes=1)
    slots = server.kinscope_auth.hash_slots
    assert slots.acquire(timeout=1)  # another sign-in is hashing
    try:
        r = _sign_in(server.test_client())
        assert r.status_code == 503 and r.headers["Retry-After"]
        assert "try again" in r.get_data(as_text=True)
    finally:
        slots.release()
    assert _sign_in(server.test_client()).status_code == 302


def test_secure_cookie_is_a_host_cookie(tmp_path, users_file):
    server = _app(tmp_path, users_file, secure_cookies=True)
    c = server.test_client()
    r = _sign_in(c, base_url="https://localhost")
    set_cookie = [v for k, v in r.headers.items() if k == "Set-Cookie"][-1]
    assert set_cookie.startswith("__Host-kinscope_session=")
    assert "Secure" in set_cookie and "Path=/" in set_cookie and "Domain" not in set_cookie
    assert "Strict-Transport-Security" in r.headers
    assert _app(tmp_path / "2", users_file).config["SESSION_COOKIE_NAME"] == "kinscope_session"


def test_every_response_is_no_store_with_a_csp(tmp_path, users_file):
    server = _app(tmp_path, users_file)
    c = server.test_client()
    responses = [c.get("/login"), c.get("/"), c.get("/_dash-layout"), c.get("/logout")]
    _sign_in(c)
    responses += [c.get("/"), c.get("/_dash-layout"), c.get("/logout")]
    for r in responses:
        assert r.headers["Cache-Control"] == "no-store"
        assert r.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert r.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_next_is_never_offsite(tmp_path, users_file):
    c = _app(tmp_path, users_file).test_client()
    for nxt in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        r = c.post("/login", data={"csrf": _csrf(c), "username": "asha", "password": PASSWORD, "next": nxt})
        assert r.headers["Location"] == "/", nxt
        c.post("/logout", data={"csrf": _csrf(c, "/logout")})


# --------------------------------------------------------------------------- SSO header mode

def _header_app(tmp_path, users_file, **kw):
    return _app(tmp_path, users_file, auth_mode="header", **kw)


def test_header_mode_refuses_to_start_without_trusted_proxies(tmp_path, users_file):
    with pytest.raises(RuntimeError, match="KINSCOPE_AUTH_TRUSTED_PROXIES"):
        _header_app(tmp_path, users_file, auth_trusted_proxies="")
    with pytest.raises(RuntimeError, match="KINSCOPE_AUTH_TRUSTED_PROXIES"):
        _header_app(tmp_path, users_file, auth_trusted_proxies=" , ")
    with pytest.raises(RuntimeError, match="admin"):
        _header_app(tmp_path, users_file, auth_default_roles="practitioner;admin")


def _scope(*headers):
    return {"asgi.scope": {"type": "http", "headers": [(k.lower().encode(), v.encode()) for k, v in headers]}}


def test_header_mode_refuses_repeated_or_underscore_identity_headers(tmp_path, users_file):
    server = _header_app(tmp_path, users_file, auth_roles_header="X-Remote-Roles")
    c = server.test_client()
    assert c.get("/", headers={"X-Remote-User": "asha"}).get_data(as_text=True).startswith("hello asha")
    assert c.get("/", headers={"X-Remote-User": "asha"}, environ_overrides={"REMOTE_ADDR": "10.1.1.1"}).status_code == 401
    # WSGI servers join a repeated header with commas (a2wsgi, gunicorn, werkzeug)
    assert c.get("/", headers={"X-Remote-User": "ben,asha"}).status_code == 400
    assert c.get("/", headers={"X-Remote-User": "ben", "X-Remote-Roles": "practitioner,admin"}).status_code == 400
    # under uvicorn the raw headers are there: each arrival counts, underscores are refused
    twice = _scope(("X-Remote-User", "asha"), ("X-Remote-User", "asha"))
    assert c.get("/", headers={"X-Remote-User": "asha"}, environ_overrides=twice).status_code == 400
    underscore = _scope(("X-Remote-User", "ben"), ("X_Remote_User", "asha"))
    assert c.get("/", headers={"X-Remote-User": "asha"}, environ_overrides=underscore).status_code == 400
    alone = _scope(("X_REMOTE_USER", "asha"))
    assert c.get("/", headers={"X-Remote-User": "asha"}, environ_overrides=alone).status_code == 400
    fine = _scope(("X-Remote-User", "asha"), ("Accept", "text/html"))
    assert c.get("/", headers={"X-Remote-User": "asha"}, environ_overrides=fine).status_code == 200


def test_header_mode_roles_of_unknown_users(tmp_path, users_file):
    plain = _header_app(tmp_path, users_file).test_client()
    body = plain.get("/", headers={"X-Remote-User": "carol"}).get_data(as_text=True)
    assert body == "hello carol roles=[] teams=[]"  # unknown: no roles, no teams
    defaults = _header_app(tmp_path / "d", users_file, auth_default_roles="practitioner").test_client()
    assert "roles=['practitioner']" in defaults.get("/", headers={"X-Remote-User": "carol"}).get_data(as_text=True)
    roles = _header_app(tmp_path / "r", users_file, auth_roles_header="X-Remote-Roles",
                        auth_teams_header="X-Remote-Teams").test_client()
    body = roles.get("/", headers={"X-Remote-User": "carol", "X-Remote-Roles": "practitioner; admin",
                                   "X-Remote-Teams": "A; B"}).get_data(as_text=True)
    assert body == "hello carol roles=['practitioner'] teams=['A', 'B']"  # a header never grants admin
    admin = _header_app(tmp_path / "a", users_file, auth_roles_header="X-Remote-Roles",
                        auth_header_may_grant_admin=True).test_client()
    assert "'admin'" in admin.get("/", headers={"X-Remote-User": "carol", "X-Remote-Roles": "admin"}).get_data(as_text=True)
    known = roles.get("/", headers={"X-Remote-User": "asha", "X-Remote-Roles": ""}).get_data(as_text=True)
    assert "roles=['admin', 'practitioner']" in known  # the users file decides for known users


# --------------------------------------------------------------------------- CSV cells, access log

@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1", "\n=HYPERLINK(\"x\")",
                                   "\u00a0=1", "\uff1d1+1", "  @x"])
def test_csv_cells_that_look_like_formulas_are_text(value):
    from dashboards.app import _csv_cell

    assert _csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Karen Owen", "C-100", "", None, "2024-01-01", "a=b", "O'Neil"])
def test_csv_cells_that_are_text_stay_as_they_are(value):
    from dashboards.app import _csv_cell

    assert _csv_cell(value) == ("" if value is None else value)


@pytest.mark.parametrize("path, logged", [
    ("/search?q=Karen+Owen&child=C-100", "/search"),
    ("/child/C-100", "/child/:id"),
    ("/child/C-100/fgc.csv", "/child/:id/fgc.csv"),
    ("/child/C-100/print?family=1", "/child/:id/print"),
    ("/record/note/N-1?mention=M-3", "/record/note/:id"),
    ("/record/document/D-9", "/record/document/:id"),
    ("/mace?children=C-1,C-2", "/mace"),
    ("/audit.csv?user=ben&target=child:C-100", "/audit.csv"),
    ("/Karen%20Owen", "/:id"),
    ("/_dash-update-component", "/_dash-update-component"),
    ("/assets/kinscope.css?m=123", "/assets/kinscope.css"),
    ("/", "/"),
])
def test_access_log_paths_are_redacted(path, logged):
    assert redact_path(path) == logged


def test_access_log_filter_rewrites_uvicorn_and_werkzeug_records():
    from uvicorn.logging import AccessFormatter

    rec = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                            ("10.0.0.1:5000", "GET", "/search?q=Karen%20Owen", "1.1", 200), None)
    assert AccessLogFilter().filter(rec)
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s", use_colors=False).format(rec)
    assert line == "10.0.0.1:5000 GET /search HTTP/1.1 200 OK"
    rec = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                            ("GET /record/note/N-1?q=x HTTP/1.1", "200", "-"), None)
    AccessLogFilter().filter(rec)
    assert rec.getMessage() == '"GET /record/note/:id HTTP/1.1" 200 -'
    rec = logging.LogRecord("kinscope", logging.ERROR, __file__, 1, "Exception on /child/C-100 [GET]", None, None)
    AccessLogFilter().filter(rec)
    assert rec.getMessage() == "Exception on /child/:id [GET]"
    config = access_log_config()
    assert config["filters"]["kinscope_redact"]["()"] == "dashboards.auth.AccessLogFilter"
    assert all("kinscope_redact" in h["filters"] for h in config["handlers"].values())


def test_concurrent_sign_ins_share_one_store(tmp_path, users_file):
    server = _app(tmp_path, users_file)
    results: list[int] = []

    def go():
        c = server.test_client()
        _sign_in(c)
        results.append(c.get("/").status_code)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 4
    assert server.kinscope_auth.sessions.count("asha") == 4
