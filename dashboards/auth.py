"""Sign-in for the app: users, teams and roles from a configuration file, or a trusted SSO header.

**Users file** (``KINSCOPE_USERS_FILE``; TOML, YAML or JSON)::

    [users.asha]
    name = "Asha Patel"
    password_hash = "scrypt:32768:8:1$..."     # werkzeug.security.generate_password_hash
    teams = ["Eastfield Safeguarding"]
    roles = ["practitioner"]                     # "admin" may read the audit trail

Passwords are only ever stored as werkzeug hashes; :func:`add_user` writes one (the CLI's
``kinscope users add``).

**Modes** (``KINSCOPE_AUTH_MODE``):

* ``password`` (default): a sign-in form; a signed, HTTP-only session cookie that expires after
  ``KINSCOPE_SESSION_IDLE_MINUTES`` without use and ``KINSCOPE_SESSION_MAX_HOURS`` in all;
* ``header``: behind a council's authenticating proxy, the user id comes from a trusted header
  (``KINSCOPE_AUTH_HEADER``, default ``X-Remote-User``), only from proxy addresses listed in
  ``KINSCOPE_AUTH_TRUSTED_PROXIES``; teams and roles come from the users file entry, else from
  ``KINSCOPE_AUTH_TEAMS_HEADER`` / ``KINSCOPE_AUTH_ROLES_HEADER`` when configured. A user the
  file does not know and no teams header names gets no teams (sees no restricted record).

A Flask ``before_request`` guard protects *every* route — pages, ``/_dash-*`` callbacks and
layouts, assets, component bundles — except the sign-in form itself.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import flask
from werkzeug.security import check_password_hash, generate_password_hash

from graph_model.queries import Viewer

SESSION_KEYS = ("uid", "login_at", "seen_at")


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


class Auth:
    """Installs sign-in routes and the request guard on a Flask app."""

    def __init__(self, settings: Any, on_event: Any = None) -> None:
        self.settings = settings
        self.on_event = on_event or (lambda *a, **k: None)
        self._users: dict[str, User] = {}
        self._users_mtime: float | None = None

    # users are re-read when the file changes, so `kinscope users add` needs no restart
    def users(self) -> dict[str, User]:
        path = Path(self.settings.users_file) if self.settings.users_file else None
        mtime = path.stat().st_mtime if path and path.exists() else None
        if mtime != self._users_mtime:
            self._users = load_users(path)
            self._users_mtime = mtime
        return self._users

    def install(self, server: flask.Flask) -> None:
        s = self.settings
        server.config.update(
            SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
            SESSION_COOKIE_SECURE=bool(s.secure_cookies), SESSION_COOKIE_NAME="kinscope_session",
            PERMANENT_SESSION_LIFETIME=int(s.session_max_hours * 3600),
        )
        server.add_url_rule("/login", "kinscope_login", self.login_view, methods=["GET", "POST"])
        server.add_url_rule("/logout", "kinscope_logout", self.logout_view, methods=["GET", "POST"])
        server.before_request(self.guard)
        server.after_request(self.secure_headers)

    # -- who is this request from?
    def current_user(self) -> User | None:
        s = self.settings
        if s.auth_mode == "header":
            return self._header_user()
        sess = flask.session
        uid = sess.get("uid")
        if not uid:
            return None
        now = time.time()
        if now - float(sess.get("login_at", 0)) > s.session_max_hours * 3600:
            return None
        if now - float(sess.get("seen_at", 0)) > s.session_idle_minutes * 60:
            return None
        user = self.users().get(uid)
        if user is None:  # removed from the users file: signed out
            return None
        sess["seen_at"] = now
        return user

    def _header_user(self) -> User | None:
        s = self.settings
        trusted = [p.strip() for p in (s.auth_trusted_proxies or "").split(",") if p.strip()]
        if trusted and flask.request.remote_addr not in trusted:
            return None
        uid = (flask.request.headers.get(s.auth_header) or "").strip()
        if not uid or len(uid) > 200:
            return None
        known = self.users().get(uid)
        if known is not None:
            return known
        teams = frozenset()
        roles = frozenset({"practitioner"})
        if s.auth_teams_header:
            teams = frozenset(t.strip() for t in (flask.request.headers.get(s.auth_teams_header) or "").split(";") if t.strip())
        if s.auth_roles_header:
            roles = frozenset(r.strip() for r in (flask.request.headers.get(s.auth_roles_header) or "").split(";") if r.strip())
        return User(uid, uid, teams, roles)

    def guard(self) -> Any:
        path = flask.request.path
        if path in ("/login", "/logout") and self.settings.auth_mode != "header":
            return None
        user = self.current_user()
        if user is None:
            if self.settings.auth_mode != "header":
                for k in SESSION_KEYS:
                    flask.session.pop(k, None)
            if flask.request.method == "GET" and not path.startswith(("/_dash-", "/assets/", "/_reload")) \
                    and self.settings.auth_mode != "header":
                return flask.redirect("/login?next=" + quote(flask.request.full_path.rstrip("?"), safe=""))
            return flask.Response("Sign in required", status=401, mimetype="text/plain")
        flask.g.user = user
        return None

    @staticmethod
    def secure_headers(response: flask.Response) -> flask.Response:
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if flask.request.path.startswith(("/_dash-update-component", "/_dash-layout", "/audit.csv")) \
                or response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response

    # -- the sign-in form (plain HTML: nothing of the app is served before sign-in)
    def login_view(self) -> Any:
        sess = flask.session
        if self.settings.auth_mode == "header":
            return flask.redirect("/")
        error = ""
        nxt = flask.request.values.get("next") or "/"
        if urlparse(nxt).netloc or not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        if flask.request.method == "POST":
            form = flask.request.form
            token = sess.get("csrf") or ""
            if not token or not hmac.compare_digest(token, form.get("csrf", "")):
                error = "Your sign-in form expired. Please try again."
            else:
                username = (form.get("username") or "").strip()
                password = form.get("password") or ""
                user = self.users().get(username)
                ok = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
                if user is not None and user.password_hash and ok:
                    sess.clear()
                    sess.permanent = True
                    now = time.time()
                    sess.update(uid=user.username, login_at=now, seen_at=now)
                    self.on_event(user, "sign_in", None, None)
                    return flask.redirect(nxt)
                error = "Unknown user name or wrong password."
                self.on_event(User(username[:100] or "(blank)"), "denied", "sign-in", None)
        if not sess.get("csrf"):
            sess["csrf"] = secrets.token_urlsafe(24)
        return flask.Response(_login_page(sess["csrf"], nxt, error), mimetype="text/html")

    def logout_view(self) -> Any:
        uid = flask.session.get("uid")
        flask.session.clear()
        if uid:
            self.on_event(User(uid), "sign_out", None, None)
        return flask.redirect("/login")


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _login_page(csrf: str, nxt: str, error: str) -> str:
    err = f'<p class="error" role="alert">{_esc(error)}</p>' if error else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in — Kinscope</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;background:#f3f2f1;margin:0}}
main{{max-width:360px;margin:10vh auto;background:#fff;padding:2rem;border-top:6px solid #0072B2}}
h1{{font-size:1.5rem;margin-top:0}} label{{display:block;font-weight:600;margin:1rem 0 .25rem}}
input{{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:2px solid #0b0c0c}}
button{{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;background:#00703c;color:#fff;border:0}}
.error{{color:#b10e1e;font-weight:600}} p.small{{font-size:.85rem;color:#505a5f}}
</style></head>
<body><main><h1>Kinscope</h1><p>Sign in to see children's networks.</p>{err}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{_esc(csrf)}"><input type="hidden" name="next" value="{_esc(nxt)}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="sign-in">Sign in</button></form>
<p class="small">Access is recorded. Use of this system is restricted to authorised staff.</p></main></body></html>"""
