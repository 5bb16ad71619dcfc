"""The Kinscope app's shape: the Dash app on a Flask server behind the sign-in guard, the
context every page shares (:class:`AppContext`: driver, settings, audit, the per-user map cache)
and the layout shell (header, page area) with its router.

Entry points:

* ``create_app(settings=None, app_settings=None, driver=None, ranking=None) -> dash.Dash`` — builds the app
  (the Flask server is ``app.server``);
* ``main()`` — serves it: the Dash development server with ``--dev``, otherwise a production
  server (uvicorn over the WSGI app via a2wsgi, both installed with Airflow; or run
  ``gunicorn 'dashboards.app:server'`` where gunicorn is installed — ``server`` is created on
  first access from the environment).

Every request passes the sign-in guard (:mod:`dashboards.auth`) first, Flask routes and Dash
callbacks alike. Each page is a module of :mod:`dashboards.pages` (its path, layout with its
access rule, callbacks and downloads), found by :func:`dashboards.pages.match`. Reads go through
:mod:`graph_model.queries` with the user as a :class:`~graph_model.gateway.Viewer`; there is no
Cypher in this package.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import unquote

import dash
import flask
import neo4j
from dash import Input, Output, dcc, html

from dashboards import corrections, exports, ids, pages, views
from dashboards.params import query as query_params
from dashboards.auth import Auth, User
from dashboards.settings import AppSettings
from graph_model.audit import record_event
from graph_model.gateway import Viewer
from ranking.settings import RankingSettings
from ranking.viewer_network import ecomap_members
from kinscope.settings import Settings, get_settings

log = logging.getLogger(__name__)

CACHE_SECONDS = 120.0


class AppContext:
    """What callbacks share: the driver, settings, audit and a short-lived per-user cache."""

    def __init__(self, core: Settings, app_settings: AppSettings, driver: neo4j.Driver,
                 ranking: RankingSettings | None = None) -> None:
        self.core = core
        self.settings = app_settings
        self.ranking = ranking or RankingSettings()  # the time slider weighs ties as the ranking does
        self.driver = driver
        self.database = core.neo4j_database
        self._cache: dict[tuple, tuple[float, Any]] = {}
        self._viewed: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    @staticmethod
    def user() -> User:
        user = getattr(flask.g, "user", None)
        if user is None:  # the guard runs first; this is a second line of defence
            flask.abort(401)
        return user

    def viewer(self, user: User) -> Viewer:
        """The signed-in user as the graph gateway sees them (teams, roles, allocation grace)."""
        return Viewer(user.username, frozenset(user.teams), frozenset(user.roles),
                      self.core.allocation_grace_days)

    def audit(self, action: str, target: str | None = None, detail: Any = None, user: User | None = None,
              about_children: list[str] | None = None) -> None:
        user = user or self.user()
        record_event(self.driver, user.username, action, target, detail, teams=sorted(user.teams),
                     about_children=about_children, database=self.database)

    def audit_view_once(self, user: User, child_id: str, entry: str) -> None:
        """Audit a read of a child's data once per session and child, whatever the entry point
        (page, map callback, timeline, evidence, export): a callback called directly is audited too."""
        session_key = str(flask.session.get("sid") or "")
        key = (user.username, session_key, child_id)
        with self._lock:
            if key in self._viewed:
                return
            if len(self._viewed) > 50_000:
                self._viewed.clear()
            self._viewed.add(key)
        try:
            self.audit("view", f"child:{child_id}", {"entry": entry}, user=user)
        except Exception:
            with self._lock:
                self._viewed.discard(key)
            raise

    def forget(self, child_id: str) -> None:
        """Drop cached maps of one child (after a practitioner decision)."""
        with self._lock:
            for key in [k for k in self._cache if k[2] == child_id]:
                del self._cache[key]

    def members(self, user: User, child_id: str) -> dict[str, Any]:
        """The child's map as this user may see it (audited once per session and child)."""
        self.audit_view_once(user, child_id, "map")
        key = (user.username, tuple(sorted(user.teams)), child_id)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit and now - hit[0] < CACHE_SECONDS:
                return hit[1]
        data = ecomap_members(self.driver, self.viewer(user), child_id, database=self.database)
        data = {**data, "members": corrections.apply_corrections(data["members"])}  # the practitioners' corrections
        with self._lock:
            if len(self._cache) > 500:
                self._cache.clear()
            self._cache[key] = (now, data)
        return data


def create_app(settings: Settings | None = None, app_settings: AppSettings | None = None,
               driver: neo4j.Driver | None = None, ranking: RankingSettings | None = None) -> dash.Dash:
    core = settings or get_settings()
    aset = (app_settings or AppSettings()).resolve(core)
    if driver is None:
        driver = neo4j.GraphDatabase.driver(
            core.neo4j_uri, auth=(core.neo4j_user, core.resolved_neo4j_password()),
            notifications_min_severity="OFF",
        )
    cx = AppContext(core, aset, driver, ranking)

    server = flask.Flask("kinscope")
    server.secret_key = aset.secret_key
    auth = Auth(aset, on_event=lambda user, action, target, detail: _safe_audit(cx, user, action, target, detail))
    auth.install(server)

    app = dash.Dash(
        __name__, server=server, title="Kinscope", update_title=None,
        suppress_callback_exceptions=True, serve_locally=True,
    )
    app.kinscope = cx  # type: ignore[attr-defined]
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)  # screen readers: the page's language

    def serve_layout() -> Any:
        user = getattr(flask.g, "user", None)
        if user is None:  # layout requested outside a request (validation): a bare shell
            return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), html.Div(id=ids.PAGE_CONTENT)])
        return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), views.header(user),
                         html.Main(id=ids.PAGE_CONTENT, className="main")])

    app.layout = serve_layout
    server.add_url_rule("/healthz", "healthz", lambda: {"ok": True})  # behind the guard too: says the app is up
    _register_shell_callbacks(app, cx)
    for page in pages.PAGES:
        if hasattr(page, "register"):
            page.register(app, cx)
    return app


def _safe_audit(cx: AppContext, user: User, action: str, target: str | None, detail: Any) -> None:
    try:
        cx.audit(action, target, detail, user=user)
    except Exception:  # noqa: BLE001 - sign-in must not fail because the audit store is down
        log.exception("audit write failed for %s %s", user.username, action)


_csv_cell = exports.csv_cell  # one neutralisation for every CSV the app serves


def _register_shell_callbacks(app: dash.Dash, cx: AppContext) -> None:
    """The router (the page for the path, as the signed-in user), the scroll to a focused mention, print."""

    @app.callback(Output(ids.PAGE_CONTENT, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))
    def route(pathname: str | None, search: str | None) -> Any:
        user = cx.user()
        found = pages.match([unquote(p) for p in (pathname or "/").strip("/").split("/") if p])
        if found is None:
            return views.not_found("No such page.")
        page, variables = found
        return page.layout(cx, user, query_params(search), **variables)

    app.clientside_callback(
        """function(children) {
            setTimeout(function() {
                var el = document.getElementById('%s');
                if (el) { el.scrollIntoView({block: 'center'}); }
            }, 50);
            return window.dash_clientside.no_update;
        }""" % ids.MENTION_FOCUS,
        Output(ids.PAGE_CONTENT, "className"), Input(ids.PAGE_CONTENT, "children"),
    )

    app.clientside_callback(
        "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
        Output(ids.PRINT_NOW, "className"), Input(ids.PRINT_NOW, "n_clicks"), prevent_initial_call=True,
    )


# --------------------------------------------------------------------------- serving

def __getattr__(name: str) -> Any:
    """``dashboards.app:server`` for WSGI servers (gunicorn): built on first access."""
    if name == "server":
        global _SERVER
        if _SERVER is None:
            _SERVER = create_app().server
        return _SERVER
    raise AttributeError(name)


_SERVER: flask.Flask | None = None


def asgi_app() -> Any:
    """An ASGI app for uvicorn (``uvicorn --factory dashboards.app:asgi_app``)."""
    from a2wsgi import WSGIMiddleware

    return WSGIMiddleware(create_app().server, workers=8)


def main(argv: list[str] | None = None) -> None:
    """Serve the app (:func:`dashboards.serving.serve`: uvicorn, or the Dash development server with ``--dev``)."""
    from dashboards.serving import serve

    serve(create_app, argv)


if __name__ == "__main__":  # pragma: no cover
    main()
