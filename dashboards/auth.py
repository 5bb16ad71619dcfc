"""Sign-in for the app: users, teams and roles from a configuration file, or a trusted SSO header.

**Users file** (``KINSCOPE_USERS_FILE``; TOML, YAML or JSON)::

    [users.asha]
    name = "Asha Patel"
    password_hash = "scrypt:32768:8:1$..."     # werkzeug.security.generate_password_hash
    teams = ["Eastfield Safeguarding"]
    roles = ["practitioner"]                     # "admin" may read the audit trail;
                                                 # "fgc_coordinator" sees contact details too

Passwords are only ever stored as werkzeug hashes; :func:`add_user` writes one (the CLI's
``kinscope users add``).

**Modes** (``KINSCOPE_AUTH_MODE``):

* ``password`` (default): a sign-in form, throttled per user name and client address
  (:mod:`dashboards.throttle`: back-off, then a time-limited lock, answered like a wrong
  password), with a bounded number of password checks at once (more get 503). A signed,
  HTTP-only cookie (``__Host-kinscope_session`` over HTTPS) carries only a random session id;
  the session lives server-side (:mod:`dashboards.sessions`) and ends on sign-out (every session
  of the user, by POST with the form's token only), a password change, removal from the users
  file, ``KINSCOPE_SESSION_IDLE_MINUTES`` without use and ``KINSCOPE_SESSION_MAX_HOURS`` in all;
* ``header``: behind a council's authenticating proxy, the user id comes from a trusted header
  (``KINSCOPE_AUTH_HEADER``, default ``X-Remote-User``), only from proxy addresses listed in
  ``KINSCOPE_AUTH_TRUSTED_PROXIES`` (required: the app refuses to start without); a request with
  the header twice, or spelt with underscores, is refused. Teams and roles come from the users
  file entry, else from ``KINSCOPE_AUTH_TEAMS_HEADER`` / ``KINSCOPE_AUTH_ROLES_HEADER`` when
  configured (never ``admin`` unless ``KINSCOPE_AUTH_HEADER_MAY_GRANT_ADMIN``). A user the
  file does not know gets ``KINSCOPE_AUTH_DEFAULT_ROLES`` (none by default) and no teams unless a
  teams header names them (sees no restricted record).

A Flask ``before_request`` guard protects *every* route — pages, ``/_dash-*`` callbacks and
layouts, assets, component bundles — except the sign-in and sign-out forms themselves. Every
response is ``Cache-Control: no-store`` with a Content-Security-Policy. :func:`redact_path` /
:class:`AccessLogFilter` keep search words and record ids out of the access log.
"""

from __future__ import annotations

import copy
import hmac
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import flask
from werkzeug.security import check_password_hash, generate_password_hash

from dashboards.sessions import SessionStore, password_fingerprint, private_db
from dashboards.throttle import SignInThrottle
from graph_model.queries import CONTACT_DETAILS_ROLES, Viewer


@dataclass(frozen=True)
class User:
    username: str
    name: str = ""
    teams: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    password_hash: str | None = None

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_practitioner(self) -> bool:
        return "practitioner" in self.roles

    @property
    def may_see_contact_details(self) -> bool:
        """Recorded phone, address and email: practitioners and FGC coordinators
        (``graph_model.queries.CONTACT_DETAILS_ROLES``), never read-only or analyst roles."""
        return bool(self.roles & CONTACT_DETAILS_ROLES)

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.username, self.teams)

    @property
    def display(self) -> str:
        return self.name or self.username


# --------------------------------------------------------------------------- users file

def _read_config(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix.lower()
    if suffix == ".toml":
        import tomllib

        return tomllib.loads(text)
    if suffix in (".yaml", ".yml"):
        import yaml

        return yaml.safe_load(text) or {}
    return json.loads(text)


def load_users(path: str | Path | None) -> dict[str, User]:
    """Users from a TOML/YAML/JSON file: ``{"users": {username: {name, password_hash, teams, roles}}}``
    (a list of ``{username: ...}`` objects is accepted too). No file → no users."""
    if not path:
        return {}
    path = Path(path)
    if not path.exists():
        return {}
    data = _read_config(path)
    raw = data.get("users", {})
    if isinstance(raw, list):
        raw = {u["username"]: u for u in raw}
    users: dict[str, User] = {}
    for username, u in raw.items():
        users[str(username)] = User(
            username=str(username), name=str(u.get("name") or ""),
            teams=frozenset(str(t) for t in (u.get("teams") or [])),
            roles=frozenset(str(r) for r in (u.get("roles") or [])),
            password_hash=u.get("password_hash"),
        )
    return users


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def add_user(path: str | Path, username: str, password: str, *, name: str = "",
             teams: list[str] | None = None, roles: list[str] | None = None) -> User:
    """Add or replace one user in a users file (TOML or JSON by suffix; created when missing),
    storing only a werkzeug password hash. Returns the user."""
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").replace("@", "").isalnum():
        raise ValueError("username: letters, digits, '.', '-', '_', '@' only")
    if len(password) < 8:
        raise ValueError("password: at least 8 characters")
    path = Path(path)
    existing: dict[str, Any] = _read_config(path) if path.exists() else {}
    users = dict(existing.get("users") or {})
    users[username] = {"name": name, "password_hash": generate_password_hash(password),
                       "teams": list(teams or []), "roles": list(roles or ["practitioner"])}
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        text = json.dumps({**existing, "users": users}, indent=2)
    elif path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        text = yaml.safe_dump({**existing, "users": users}, sort_keys=True)
    else:
        lines = ["# Kinscope app users: passwords are werkzeug hashes (kinscope users add)."]
        for uname in sorted(users):
            u = users[uname]
            lines += ["", f"[users.{_toml_str(uname)}]",
                      f"name = {_toml_str(str(u.get('name') or ''))}",
                      f"password_hash = {_toml_str(str(u.get('password_hash') or ''))}",
                      "teams = [" + ", ".join(_toml_str(t) for t in u.get("teams") or []) + "]",
                      "roles = [" + ", ".join(_toml_str(r) for r in u.get("roles") or []) + "]"]
        text = "\n".join(lines) + "\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    return User(username, name, frozenset(teams or []), frozenset(roles or ["practitioner"]))


# --------------------------------------------------------------------------- the guard

_DUMMY_HASH = generate_password_hash("not-a-real-password-" + secrets.token_hex(8))

SIGN_IN_FAILED = "Unknown user name or wrong password."
SIGN_IN_BUSY = "Kinscope is busy signing people in. Please try again in a moment."
HASH_WAIT_SECONDS = 1.0
"""How long a sign-in waits for a free password-check slot before it is answered 503."""

CONTENT_SECURITY_POLICY = (
    # Dash's index page starts its renderer (and holds clientside callbacks) in inline scripts,
    # so scripts need 'unsafe-inline'; nothing the app draws needs 'unsafe-eval' (the browser
    # tests record CSP violations on every page), so eval stays blocked. The rest is 'self'.
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def cookie_name(secure: bool) -> str:
    """``__Host-`` cookies are only accepted over HTTPS, with Path=/ and no Domain, so no
    sibling subdomain or plain-HTTP page can set or shadow the session cookie."""
    return "__Host-kinscope_session" if secure else "kinscope_session"


def _split(text: str | None) -> frozenset[str]:
    return frozenset(t.strip() for t in (text or "").split(";") if t.strip())


class Auth:
    """Installs sign-in routes and the request guard on a Flask app."""

    def __init__(self, settings: Any, on_event: Any = None, *, clock: Any = time.time) -> None:
        settings.check_auth()
        self.settings = settings
        self.on_event = on_event or (lambda *a, **k: None)
        self._users: dict[str, User] = {}
        self._users_stamp: tuple[int, int] | None = None
        self._users_lock = threading.Lock()
        self.sessions: SessionStore | None = None
        self.throttle: SignInThrottle | None = None
        self.hash_slots = threading.BoundedSemaphore(int(settings.signin_concurrent_hashes))
        if settings.auth_mode == "password":
            if settings.app_state_dir is None:
                raise RuntimeError("AppSettings.app_state_dir is not set: call AppSettings.resolve(core) first")
            db = private_db(Path(settings.app_state_dir))
            self.sessions = SessionStore(db, idle=settings.session_idle_minutes * 60,
                                         max_age=settings.session_max_hours * 3600, clock=clock)
            self.throttle = SignInThrottle(
                db, max_failures=settings.signin_max_failures,
                max_failures_per_address=settings.signin_max_failures_per_address,
                lock_seconds=settings.signin_lock_minutes * 60, backoff_seconds=settings.signin_backoff_seconds,
                clock=clock)

    # users are re-read when the file changes, so `kinscope users add` needs no restart; a
    # change ends the sessions of removed users and of users whose password changed
    def users(self) -> dict[str, User]:
        path = Path(self.settings.users_file) if self.settings.users_file else None
        try:
            st = path.stat() if path else None
        except FileNotFoundError:
            st = None
        stamp = (st.st_mtime_ns, st.st_size) if st else None
        if stamp != self._users_stamp:
            with self._users_lock:
                if stamp != self._users_stamp:
                    users = load_users(path)
                    if self.sessions is not None:
                        self.sessions.prune({u.username: password_fingerprint(u.password_hash)
                                             for u in users.values() if u.password_hash})
                    self._users, self._users_stamp = users, stamp
        return self._users

    def install(self, server: flask.Flask) -> None:
        s = self.settings
        server.config.update(
            SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
            SESSION_COOKIE_SECURE=bool(s.secure_cookies), SESSION_COOKIE_NAME=cookie_name(bool(s.secure_cookies)),
            SESSION_COOKIE_PATH="/", SESSION_COOKIE_DOMAIN=None,
            PERMANENT_SESSION_LIFETIME=int(s.session_max_hours * 3600),
        )
        server.add_url_rule("/login", "kinscope_login", self.login_view, methods=["GET", "POST"])
        server.add_url_rule("/logout", "kinscope_logout", self.logout_view, methods=["GET", "POST"])
        server.before_request(self.guard)
        server.after_request(self.secure_headers)

    # -- who is this request from?
    def current_user(self) -> User | None:
        if self.settings.auth_mode == "header":
            return self._header_user()
        assert self.sessions is not None
        sid = flask.session.get("sid")
        sess = self.sessions.get(sid) if sid else None
        if sess is None:
            return None
        user = self.users().get(sess.username)
        if user is None or password_fingerprint(user.password_hash) != sess.fingerprint:
            self.sessions.end(sid)  # removed from the users file, or the password changed
            return None
        return user

    def client_address(self) -> str | None:
        """The client's address: the connection's, or the last entry of the configured
        forwarding header when the connection comes from a trusted proxy."""
        s = self.settings
        addr = flask.request.remote_addr
        if s.auth_client_address_header and addr in s.trusted_proxies:
            forwarded = flask.request.headers.get(s.auth_client_address_header) or ""
            last = forwarded.split(",")[-1].strip()
            if last:
                return last[:100]
        return addr

    def _header_problem(self) -> str | None:
        """Why the identity headers of this request cannot be trusted, or None.

        A proxy that sets ``X-Remote-User`` may still pass on a client's own ``X-Remote-User``
        or ``X_Remote_User``: WSGI servers fold both into one ``HTTP_X_REMOTE_USER``, joined by
        commas. Under uvicorn (a2wsgi keeps the raw ASGI headers) each arrival is counted and
        underscore spellings refused; everywhere a comma in these values is refused."""
        s = self.settings
        names = {h.lower() for h in (s.auth_header, s.auth_teams_header, s.auth_roles_header) if h}
        scope = flask.request.environ.get("asgi.scope")
        if isinstance(scope, dict):
            seen: dict[str, int] = {}
            for raw, _value in scope.get("headers") or []:
                name = raw.decode("latin1") if isinstance(raw, bytes) else str(raw)
                norm = name.lower().replace("_", "-")
                if norm in names:
                    if "_" in name:
                        return "identity header sent with underscores"
                    seen[norm] = seen.get(norm, 0) + 1
            if any(n > 1 for n in seen.values()):
                return "identity header sent more than once"
        for name in names:
            values = flask.request.headers.getlist(name)
            if len(values) > 1 or any("," in v for v in values):
                return "identity header sent more than once"
        return None

    def _header_user(self) -> User | None:
        s = self.settings
        if flask.request.remote_addr not in s.trusted_proxies:
            return None
        problem = self._header_problem()
        if problem:
            flask.g.auth_refusal = problem
            return None
        uid = (flask.request.headers.get(s.auth_header) or "").strip()
        if not uid or len(uid) > 200 or any(ord(c) < 32 for c in uid):
            return None
        known = self.users().get(uid)
        if known is not None:
            return known
        teams: frozenset[str] = frozenset()
        roles = s.default_roles
        if s.auth_teams_header:
            teams = _split(flask.request.headers.get(s.auth_teams_header))
        if s.auth_roles_header and s.auth_roles_header in flask.request.headers:
            roles = _split(flask.request.headers.get(s.auth_roles_header))
            if not s.auth_header_may_grant_admin:
                roles = roles - {"admin"}
        return User(uid, uid, teams, roles)

    def guard(self) -> Any:
        path = flask.request.path
        header_mode = self.settings.auth_mode == "header"
        if path in ("/login", "/logout") and not header_mode:
            return None
        user = self.current_user()
        if user is None:
            if not header_mode:
                flask.session.pop("sid", None)
            if getattr(flask.g, "auth_refusal", None):
                return flask.Response("Bad request", status=400, mimetype="text/plain")
            if flask.request.method == "GET" and not path.startswith(("/_dash-", "/assets/", "/_reload")) \
                    and not header_mode:
                return flask.redirect("/login?next=" + quote(flask.request.full_path.rstrip("?"), safe=""))
            return flask.Response("Sign in required", status=401, mimetype="text/plain")
        flask.g.user = user
        return None

    def secure_headers(self, response: flask.Response) -> flask.Response:
        """Every response: not stored by browsers or proxies (pages, callbacks and CSVs carry
        children's data; assets are cheap to fetch again), framed by nobody, scripts from us."""
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        response.headers.pop("ETag", None)
        if self.settings.secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    # -- the sign-in form (plain HTML: nothing of the app is served before sign-in)
    def _csrf(self) -> str:
        sess = flask.session
        if not sess.get("csrf"):
            sess["csrf"] = secrets.token_urlsafe(24)
        return str(sess["csrf"])

    def _csrf_ok(self) -> bool:
        token = flask.session.get("csrf") or ""
        return bool(token) and hmac.compare_digest(str(token), flask.request.form.get("csrf", ""))

    def login_view(self) -> Any:
        if self.settings.auth_mode == "header":
            return flask.redirect("/")
        assert self.sessions is not None and self.throttle is not None
        error, status = "", 200
        nxt = flask.request.values.get("next") or "/"
        if urlparse(nxt).netloc or not nxt.startswith("/") or nxt.startswith("//") or "\\" in nxt:
            nxt = "/"
        if flask.request.method == "POST":
            if not self._csrf_ok():
                error = "Your sign-in form expired. Please try again."
            else:
                form = flask.request.form
                username = (form.get("username") or "").strip()[:200]
                result = self._check_password(username, form.get("password") or "")
                if isinstance(result, User):
                    flask.session.clear()
                    flask.session.permanent = True
                    flask.session["sid"] = self.sessions.create(
                        result.username, password_fingerprint(result.password_hash))
                    self._csrf()  # a fresh token for the signed-in session (sign-out form)
                    self.on_event(result, "sign_in", None, None)
                    return flask.redirect(nxt)
                error, status = (SIGN_IN_BUSY, 503) if result == "busy" else (SIGN_IN_FAILED, 200)
        resp = flask.Response(_login_page(self._csrf(), nxt, error), status=status, mimetype="text/html")
        if status == 503:
            resp.headers["Retry-After"] = "2"
        return resp

    def _check_password(self, username: str, password: str) -> User | str:
        """The user, or why not: ``busy`` (no free hashing slot), ``refused`` (waiting or locked;
        answered like a wrong password, and the password is not checked), ``wrong``."""
        assert self.throttle is not None
        address = self.client_address()
        verdict = self.throttle.check(username, address)
        if not verdict.allowed:
            return "refused"
        if not self.hash_slots.acquire(timeout=HASH_WAIT_SECONDS):
            return "busy"
        try:
            user = self.users().get(username)
            ok = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
        finally:
            self.hash_slots.release()
        if user is not None and user.password_hash and ok:
            self.throttle.success(username)
            return user
        who = User(username[:100] or "(blank)")
        self.on_event(who, "denied", "sign-in", {"reason": "wrong user name or password"})
        for lock in self.throttle.failure(username, address):
            kind = "address" if lock.key.startswith("addr:") else "user name"
            self.on_event(who, "denied", "sign-in", {
                "reason": f"{kind} locked", "failures": lock.failures, "address": address,
                "minutes": round(self.settings.signin_lock_minutes, 1)})
        return "wrong"

    def logout_view(self) -> Any:
        """GET: a confirmation form (a link or a prefetch must not sign anyone out); POST with
        the form's token: end every session of the user."""
        if self.settings.auth_mode == "header":
            return flask.redirect("/")
        assert self.sessions is not None
        user = self.current_user()
        if flask.request.method == "GET":
            if user is None:
                return flask.redirect("/login")
            return flask.Response(_logout_page(self._csrf()), mimetype="text/html")
        if not self._csrf_ok():
            return flask.Response(_logout_page(self._csrf(), "Your sign-out form expired. Please try again."),
                                  status=400, mimetype="text/html")
        self.sessions.end(flask.session.get("sid"))
        if user is not None:
            self.sessions.end_user(user.username)
            self.on_event(user, "sign_out", None, None)
        flask.session.clear()
        return flask.redirect("/login")


# --------------------------------------------------------------------------- the access log

_ROUTE_WORDS = frozenset({
    "child", "print", "fgc", "fgc.csv", "record", "note", "document", "search", "mace", "quality",
    "audit", "audit.csv", "healthz", "login", "logout", "_dash-layout", "_dash-dependencies",
    "_dash-update-component", "_reload-hash", "_favicon.ico", "favicon.ico",
})
_STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")


def redact_path(path: str) -> str:
    """A request path fit for a log: no query string (search words, child ids) and every
    segment that is not a known route word replaced by ``:id``
    (``/child/C-100/fgc.csv?x=1`` → ``/child/:id/fgc.csv``); asset paths are kept."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    if path.startswith(_STATIC_PREFIXES):
        return path
    parts = path.split("/")
    return "/".join(p if (not p or p in _ROUTE_WORDS) else ":id" for p in parts)


class AccessLogFilter(logging.Filter):
    """Redacts the path in uvicorn's access log records (args ``client, method, path,
    http_version, status``), Werkzeug's (``"GET /path HTTP/1.1"``) and Flask's
    ``Exception on /path [GET]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], redact_path(args[2]), *args[3:])
        elif isinstance(args, tuple) and args and isinstance(args[0], str) and args[0].count(" ") == 2 \
                and args[0].split(" ")[2].startswith("HTTP/"):
            method, target, version = args[0].split(" ")
            record.args = (f"{method} {redact_path(target)} {version}", *args[1:])
        elif isinstance(record.msg, str) and record.msg.startswith("Exception on "):
            head, _, rest = record.msg[len("Exception on "):].partition(" ")
            record.msg = f"Exception on {redact_path(head)} {rest}"
        return True


def access_log_config() -> dict[str, Any]:
    """uvicorn's default logging with :class:`AccessLogFilter` on the access log (dictConfig;
    every worker process applies it)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["kinscope_redact"] = {"()": "dashboards.auth.AccessLogFilter"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("kinscope_redact")
    config["loggers"]["kinscope"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


_PAGE_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;background:#f3f2f1;margin:0}
main{max-width:360px;margin:10vh auto;background:#fff;padding:2rem;border-top:6px solid #0072B2}
h1{font-size:1.5rem;margin-top:0} label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:2px solid #0b0c0c}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;background:#00703c;color:#fff;border:0}
.error{color:#b10e1e;font-weight:600} p.small{font-size:.85rem;color:#505a5f} a{color:#1d70b8}
"""


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_esc(title)} — Kinscope</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{_PAGE_STYLE}</style></head>
<body><main><h1>Kinscope</h1>{body}</main></body></html>"""


def _login_page(csrf: str, nxt: str, error: str) -> str:
    err = f'<p class="error" role="alert">{_esc(error)}</p>' if error else ""
    return _page("Sign in", f"""<p>Sign in to see children's networks.</p>{err}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{_esc(csrf)}"><input type="hidden" name="next" value="{_esc(nxt)}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="sign-in">Sign in</button></form>
<p class="small">Access is recorded. Use of this system is restricted to authorised staff.</p>""")


def _logout_page(csrf: str, error: str = "") -> str:
    err = f'<p class="error" role="alert">{_esc(error)}</p>' if error else ""
    return _page("Sign out", f"""<p>Sign out of Kinscope on every device and browser you are signed in on?</p>{err}
<form method="post" action="/logout">
<input type="hidden" name="csrf" value="{_esc(csrf)}">
<button type="submit" id="confirm-sign-out">Sign out</button></form>
<p class="small"><a href="/">Back to Kinscope</a></p>""")
