"""The Kinscope app: find a child, draw their ecomap, show the evidence, search the records.

Entry points:

* ``create_app(settings=None, app_settings=None, driver=None) -> dash.Dash`` — builds the app
  (the Flask server is ``app.server``);
* ``main()`` — serves it: the Dash development server with ``--dev``, otherwise a production
  server (uvicorn over the WSGI app via a2wsgi, both installed with Airflow; or run
  ``gunicorn 'dashboards.app:server'`` where gunicorn is installed — ``server`` is created on
  first access from the environment).

Reads go through :mod:`graph_model.queries`, audit writes through :mod:`graph_model.audit`;
there is no Cypher in this package. Every request passes the sign-in guard
(:mod:`dashboards.auth`) first. The pages moved to :mod:`dashboards.pages` (find, help, audit,
quality, review: layout, access rule and callbacks in one module each) are routed by
:func:`dashboards.pages.match`; the others are still routed and wired here.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from typing import Any
from urllib.parse import unquote

import dash
import flask
import neo4j
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboards import corrections, ecomap, exports, ids, member_list, pages, views
from dashboards.params import query as _qs
from dashboards.auth import Auth, User
from dashboards.as_of import members_as_of, records_in_month
from dashboards.family_lines import family_lines
from dashboards.settings import AppSettings
from graph_model import decisions as decisions_model
from graph_model import queries
from graph_model.audit import record_event
from graph_model.gateway import Viewer
from ranking.viewer_network import ecomap_members
from kinscope.settings import Settings, get_settings

log = logging.getLogger(__name__)

CACHE_SECONDS = 120.0
MORE_STEP = 40


class AppContext:
    """What callbacks share: the driver, settings, audit and a short-lived per-user cache."""

    def __init__(self, core: Settings, app_settings: AppSettings, driver: neo4j.Driver) -> None:
        self.core = core
        self.settings = app_settings
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
               driver: neo4j.Driver | None = None) -> dash.Dash:
    core = settings or get_settings()
    aset = (app_settings or AppSettings()).resolve(core)
    if driver is None:
        driver = neo4j.GraphDatabase.driver(
            core.neo4j_uri, auth=(core.neo4j_user, core.resolved_neo4j_password()),
            notifications_min_severity="OFF",
        )
    cx = AppContext(core, aset, driver)

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
            return html.Div([dcc.Location(id="url", refresh="callback-nav"), html.Div(id="page-content")])
        return html.Div([
            dcc.Location(id="url", refresh="callback-nav"),
            views.header(user),
            html.Main(id="page-content", className="main"),
        ])

    app.layout = serve_layout
    _register_routes(server, cx)
    _register_callbacks(app, cx)
    for page in pages.PAGES:
        if hasattr(page, "register"):
            page.register(app, cx)
    return app


def _safe_audit(cx: AppContext, user: User, action: str, target: str | None, detail: Any) -> None:
    try:
        cx.audit(action, target, detail, user=user)
    except Exception:  # noqa: BLE001 - sign-in must not fail because the audit store is down
        log.exception("audit write failed for %s %s", user.username, action)


# --------------------------------------------------------------------------- Flask routes

def _register_routes(server: flask.Flask, cx: AppContext) -> None:
    @server.route("/healthz")
    def healthz() -> Any:  # behind the guard too: only says the app is up
        return {"ok": True}


_csv_cell = exports.csv_cell  # one neutralisation for every CSV the app serves


# --------------------------------------------------------------------------- callbacks

def _register_callbacks(app: dash.Dash, cx: AppContext) -> None:

    @app.callback(Output("page-content", "children"), Input("url", "pathname"), Input("url", "search"))
    def route(pathname: str | None, search: str | None) -> Any:
        user = cx.user()
        path = pathname or "/"
        q = _qs(search)
        parts = [unquote(p) for p in path.strip("/").split("/") if p]
        found = pages.match(parts)  # the pages moved to dashboards/pages/
        if found:
            page, variables = found
            return page.layout(cx, user, q, **variables)
        if parts[0] == "child" and len(parts) == 2:
            return _child_page(cx, user, parts[1], to_check=q.get("check") == "1")
        return views.not_found("No such page.")

    app.clientside_callback(
        """function(children) {
            setTimeout(function() {
                var el = document.getElementById('mention-focus');
                if (el) { el.scrollIntoView({block: 'center'}); }
            }, 50);
            return window.dash_clientside.no_update;
        }""",
        Output("page-content", "className"), Input("page-content", "children"),
    )

    # ---- the ecomap
    @app.callback(
        Output("ecomap", "elements"), Output("ecomap", "stylesheet"), Output("legend-holder", "children"),
        Output("map-status", "children"), Output("as-of-label", "children"), Output("map-selection", "data"),
        Input("categories", "value"), Input("confidence", "value"), Input("map-text", "value"),
        Input("top-n", "data"), Input("expanded", "data"), Input("hidden", "data"), Input("as-of", "value"),
        Input("layout", "value"), Input("mode", "value"), Input("show-hidden", "value"),
        Input("decisions-version", "data"), Input("family-lines", "value"),
        State("child-id", "data"), State("months", "data"),
    )
    def draw(categories, confidence, text, top_n, expanded, hidden, as_of_idx, layout, mode, show_hidden, _version,
             family, child_id, months):
        user = cx.user()
        child = queries.child_summary(cx.driver, cx.viewer(user), child_id, database=cx.database)
        if child is None:
            return [], no_update, "", "Not available.", "", None
        data = cx.members(user, child_id)
        members = data["members"]
        conversation = mode == "conversation"
        to_check = 0
        if conversation:  # plain views show High-confidence or practitioner-checked people only
            members, to_check = corrections.checked_only(members)
        as_of = None
        label = "Showing the network now."
        if months and as_of_idx is not None and 0 <= int(as_of_idx) < len(months) - 1:
            as_of = ecomap.month_end(months[int(as_of_idx)])
            label = f"Showing the network as of {views.fmt_date(as_of)} (event dates)."
            # roles, current and ended relationships as they stood then, not only who was known by then
            members = members_as_of(members, queries.member_dates(cx.driver, cx.viewer(user), child_id,
                                                                  database=cx.database), as_of)
        view = ecomap.View(
            categories=frozenset(categories or []), confidence=frozenset(confidence or []),
            text=text or "", hidden=frozenset(hidden or []), as_of=as_of, top_n=int(top_n or MORE_STEP),
            expanded=frozenset(expanded or []), layout=layout or "rank", show_flags=not conversation,
            show_hidden=not conversation and "on" in (show_hidden or []),
        )
        elements, sel = ecomap.build_elements(child, members, view)
        if "on" in (family or []):  # lines between members where the records say so (off by default)
            cx.audit_view_once(user, child_id, "family lines")
            elements += ecomap.tie_elements(family_lines(
                **queries.member_ties(cx.driver, cx.viewer(user), child_id, database=cx.database),
                shown=[m["key"] for m in sel.shown]))
        if conversation:
            for el in elements:  # plain names in conversation mode: no ranks, no confidence styling
                el["classes"] = " ".join(c for c in el.get("classes", "").split() if not c.startswith(("conf-", "flag-")))
        status = views.map_status(sel, view, child_id)  # what is shown, which filters hide what, reset
        if to_check:
            status = [*status, " ", views.more_to_check(child_id, to_check)]
        listed = member_list.listed(sel)  # the list view: the same members, the same filters
        selection = {"keys": [m["key"] for m in listed], "grouped": [m["key"] for m in listed if not m["on_map"]],
                     "conversation": conversation}
        return (elements, ecomap.stylesheet(large_text=conversation),
                views.legend(ecomap.legend_entries(members, show_flags=not conversation, family_lines="on" in (family or []))),
                status, label, selection)

    @app.callback(Output("member-list", "children"), Input("map-selection", "data"), Input("list-sort", "value"),
                  State("child-id", "data"), prevent_initial_call=True)
    def member_list_view(selection, sort_by, child_id):
        if not selection:
            return ""
        user = cx.user()
        by_key = {m["key"]: m for m in cx.members(user, child_id)["members"]}  # audited, cached
        grouped = set(selection.get("grouped") or [])
        chosen = [{**by_key[k], "on_map": k not in grouped} for k in selection.get("keys") or [] if k in by_key]
        ordered = member_list.sort_members(chosen, sort_by or "rank")
        conversation = bool(selection.get("conversation"))
        return views.member_table(member_list.rows(ordered, conversation=conversation), conversation=conversation)

    @app.callback(Output("timeline", "figure"), Input("child-id", "data"), State("months", "data"))
    def timeline(child_id, months):
        import plotly.graph_objects as go

        user = cx.user()
        cx.audit_view_once(user, child_id, "timeline")
        counts = {t["month"]: t["records"] for t in
                  queries.evidence_timeline(cx.driver, cx.viewer(user), child_id, database=cx.database)}
        months = months or []
        fig = go.Figure(go.Bar(x=months, y=[counts.get(m, 0) for m in months], marker_color="#0072B2"))
        fig.update_layout(margin={"l": 30, "r": 10, "t": 5, "b": 25}, height=120, bargap=0.1,
                          plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
                          xaxis={"type": "category", "nticks": 12, "fixedrange": True}, yaxis={"fixedrange": True})
        return fig

    @app.callback(Output("month-records", "children"), Input("timeline", "clickData"), State("child-id", "data"),
                  prevent_initial_call=True)
    def month_records(click, child_id):
        """A click on a month's bar lists that month's records (those the user may read)."""
        month = str(((click or {}).get("points") or [{}])[0].get("x") or "")[:7]
        if not month:
            return no_update
        user = cx.user()
        rows = records_in_month(queries.chronology(cx.driver, cx.viewer(user), child_id, database=cx.database), month)
        cx.audit("view", f"child:{child_id}", {"timeline_month": month, "records": len(rows)})
        return views.month_records(month, rows)

    @app.callback(Output("top-n", "data"), Input("show-more", "n_clicks"), Input("show-fewer", "n_clicks"),
                  State("top-n", "data"), prevent_initial_call=True)
    def more(_a, _b, top_n):
        top_n = int(top_n or MORE_STEP)
        return top_n + MORE_STEP if ctx.triggered_id == "show-more" else max(MORE_STEP, top_n - MORE_STEP)

    @app.callback(
        Output("expanded", "data"), Output("evidence", "children"), Output("selected-key", "data"),
        Input("ecomap", "tapNodeData"), State("child-id", "data"), State("expanded", "data"), State("mode", "value"),
        prevent_initial_call=True,
    )
    def tap(node, child_id, expanded, mode):
        if not node:
            return no_update, no_update, no_update
        user = cx.user()
        if node.get("kind") == "group":
            return sorted(set(expanded or []) | {node["group"]}), no_update, no_update
        if node.get("kind") == "child":
            return no_update, no_update, no_update
        key = node["id"]
        member = next((m for m in cx.members(user, child_id)["members"] if m["key"] == key), None)
        if member is None:
            return no_update, [html.P("Not available.")], None
        cx.audit("view", f"child:{child_id}", {"person": key, "evidence": True})
        return no_update, _evidence(cx, user, child_id, member, mode == "conversation"), key

    @app.callback(
        Output("evidence", "children", allow_duplicate=True), Output("decisions-version", "data"),
        Input("decide-risk", "n_clicks"), Input("decide-protective", "n_clicks"), Input("decide-clear", "n_clicks"),
        Input("decide-hide", "n_clicks"), Input("decide-confirm", "n_clicks"), Input("decide-split", "n_clicks"),
        State("decision-reason", "value"), State("merge-records", "value"), State("selected-key", "data"),
        State("child-id", "data"), State("decisions-version", "data"), State("mode", "value"),
        prevent_initial_call=True,
    )
    def decide(_r, _p, _c, _h, _cm, _s, reason, ticked, key, child_id, version, mode):
        trigger = ctx.triggered_id
        if not key or not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update
        user = cx.user()
        member = next((m for m in cx.members(user, child_id)["members"] if m["key"] == key), None)
        if member is None or mode == "conversation":
            return no_update, no_update
        reason = (reason or "").strip()
        try:
            status = _apply_decision(cx, user, child_id, member, trigger, reason, ticked)
        except decisions_model.DecisionError as exc:
            status = f"Not saved: {exc}."
            return _evidence(cx, user, child_id, member, False, status), no_update
        cx.forget(child_id)
        member = next((m for m in cx.members(user, child_id)["members"] if m["key"] == key), member)
        return _evidence(cx, user, child_id, member, False, status), int(version or 0) + 1

    @app.callback(
        Output("evidence", "children", allow_duplicate=True), Output("decisions-version", "data", allow_duplicate=True),
        Input("decide-same", "n_clicks"), Input("decide-not-same", "n_clicks"), Input("decide-not-person", "n_clicks"),
        Input("decide-role", "n_clicks"), Input("decide-looks-right", "n_clicks"),
        State("same-as", "value"), State("not-same-names", "value"), State("correct-role", "value"),
        State("correct-group", "value"), State("decision-reason", "value"), State("selected-key", "data"),
        State("child-id", "data"), State("decisions-version", "data"), State("mode", "value"),
        prevent_initial_call=True,
    )
    def correct(_s, _n, _p, _r, _l, same_as, names, role, group, reason, key, child_id, version, mode):
        trigger = ctx.triggered_id
        if not key or not trigger or mode == "conversation" or not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update
        user = cx.user()
        member = next((m for m in cx.members(user, child_id)["members"] if m["key"] == key), None)
        if member is None:
            return no_update, no_update
        try:
            status, other_child = _apply_correction(cx, user, child_id, member, trigger, same_as=same_as, names=names,
                                                    role=role, group=group, reason=(reason or "").strip())
        except decisions_model.DecisionError as exc:
            return _evidence(cx, user, child_id, member, False, f"Not saved: {exc}."), no_update
        cx.forget(child_id)
        if other_child:
            cx.forget(other_child)
        after = next((m for m in cx.members(user, child_id)["members"] if m["key"] == key), None)
        if after is None:  # "Not a person": off the map now
            return [html.H2(member.get("name") or "(no name)", id="evidence-name"),
                    html.P(status, id="decision-status", className="muted", role="status")], int(version or 0) + 1
        return _evidence(cx, user, child_id, after, False, status), int(version or 0) + 1

    @app.callback(Output("same-as", "options"), Input("same-as-search-go", "n_clicks"), Input("same-as-search", "value"),
                  State("child-id", "data"), State("selected-key", "data"), prevent_initial_call=True)
    def same_as_search(_n, text, child_id, key):
        user = cx.user()
        options = _same_as_options(cx, user, child_id, key)
        text = (text or "").strip()
        if len(text) >= 2:
            found = queries.find_persons(cx.driver, cx.viewer(user), text, database=cx.database)
            cx.audit("search", "persons", {"text": text, "results": len(found)},
                     about_children=sorted({f["child_id"] for f in found}))
            have = {o["value"] for o in options}
            options += [{"label": f"{f.get('name') or '?'} — on {f.get('child_name') or f['child_id']}'s map",
                         "value": f"{f['child_id']}|{f['key']}"} for f in found
                        if f"{f['child_id']}|{f['key']}" not in have and f["key"] != key]
        return options

    @app.callback(Output("hidden", "data"), Input("hide-person", "n_clicks"), Input("unhide", "n_clicks"),
                  State("selected-key", "data"), State("hidden", "data"), prevent_initial_call=True)
    def hide(n_hide, _n_unhide, key, hidden):
        if ctx.triggered_id == "unhide":
            return []
        if not n_hide or not key:
            return no_update
        return sorted(set(hidden or []) | {key})

    @app.callback(
        Output("as-of", "value"), Output("play-timer", "disabled"), Output("play", "children"),
        Input("play", "n_clicks"), Input("play-timer", "n_intervals"), Input("as-of-now", "n_clicks"),
        State("as-of", "value"), State("months", "data"), State("play-timer", "disabled"),
        prevent_initial_call=True,
    )
    def play(_p, _t, _now, value, months, disabled):
        last = max(0, len(months or []) - 1)
        value = int(value or 0)
        if ctx.triggered_id == "as-of-now":
            return last, True, "▶ Play"
        if ctx.triggered_id == "play":
            if disabled:
                return (0 if value >= last else value), False, "❚❚ Pause"
            return no_update, True, "▶ Play"
        if value >= last:
            return last, True, "▶ Play"
        nxt = min(last, value + max(1, len(months or []) // 40))
        return nxt, nxt >= last, ("▶ Play" if nxt >= last else "❚❚ Pause")

    @app.callback(
        Output("ecomap", "generateImage"), Output("export-status", "children"),
        Input("export-png", "n_clicks"), Input("export-svg", "n_clicks"), State("child-id", "data"),
        State("show-hidden", "value"), prevent_initial_call=True,
    )
    def export(_png, _svg, child_id, show_hidden):
        kind = "png" if ctx.triggered_id == "export-png" else "svg"
        if "on" in (show_hidden or []):
            cx.audit("denied", f"child:{child_id}", {"format": kind, "result": "refused: hidden people shown"})
            return no_update, "Untick \"Show people hidden from shared views\" before exporting."
        cx.audit("export", f"child:{child_id}", {"format": kind})
        return ({"type": kind, "action": "download", "filename": f"ecomap-{child_id}",
                 "options": {"full": True, "bg": "#ffffff", "scale": 2} if kind == "png" else {"full": True}},
                f"Exported {kind.upper()} (recorded in the audit trail).")

    @app.callback(Output("url", "href"), Input("child-search-go", "n_clicks"), Input("child-search-text", "n_submit"),
                  State("child-search-text", "value"), State("child-id", "data"), prevent_initial_call=True)
    def child_search(_n, _s, text, child_id):
        from urllib.parse import urlencode

        if not (text or "").strip():
            return no_update
        return "/search?" + urlencode({"q": text.strip(), "child": child_id})

    app.clientside_callback(
        "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
        Output(ids.PRINT_NOW, "className"), Input(ids.PRINT_NOW, "n_clicks"), prevent_initial_call=True,
    )


def _evidence(cx: AppContext, user: User, child_id: str, member: dict[str, Any], conversation: bool,
              status: str | None = None) -> list[Any]:
    ev = queries.member_evidence(cx.driver, cx.viewer(user), child_id, member["key"], database=cx.database)
    records = [] if conversation or member.get("kind") != "person" else \
        decisions_model.person_records(cx.driver, cx.viewer(user), member["key"], database=cx.database)
    others = [] if conversation else _same_as_options(cx, user, child_id, member["key"])
    contacts = None  # recorded phone/address/email: permitted roles only, each read audited
    if not conversation and member.get("kind") == "person" and user.may_see_contact_details:
        contacts = queries.contact_details(cx.driver, cx.viewer(user), child_id, [member["key"]],
                                           database=cx.database).get(member["key"], [])
        cx.audit("view", f"child:{child_id}", {"person": member["key"], "contact_details": len(contacts)})
    return views.evidence_panel(child_id, member, ev, conversation=conversation, records=records, status=status,
                                others=others, contacts=contacts)


def _same_as_options(cx: AppContext, user: User, child_id: str, key: str | None) -> list[dict[str, str]]:
    """The other people on this map (value ``child_id|key``), for "Same person as…"."""
    return [{"label": f"{m.get('name') or '?'} — {ecomap.short_role(m) or ecomap.group_label(m)}",
             "value": f"{child_id}|{m['key']}"}
            for m in sorted(cx.members(user, child_id)["members"], key=lambda m: str(m.get("name") or ""))
            if m.get("kind") == "person" and not m.get("is_worker") and m["key"] != key
            and not str(m["key"]).startswith("child:")]


def _apply_correction(cx: AppContext, user: User, child_id: str, member: dict[str, Any], trigger: str, *,
                      same_as: str | None, names: list[str] | None, role: str | None, group: str | None,
                      reason: str) -> tuple[str, str | None]:
    """One correction button → one stored, audited decision; the status line and, for a person on
    another child's map, that child (its cached map is dropped too)."""
    viewer, key, db = cx.viewer(user), member["key"], cx.database
    if trigger == "decide-same":
        other_child, _, other_key = str(same_as or "").partition("|")
        if not other_key:
            raise decisions_model.DecisionError("pick the person this is")
        decisions_model.mark_same_person(cx.driver, viewer, child_id, key, other_key, other_child_id=other_child,
                                         reason=reason, database=db)
        return ("Saved: the same person (recorded in the audit trail; the map joins them at the next "
                "pipeline run)."), (other_child if other_child != child_id else None)
    if trigger == "decide-not-same":
        decisions_model.mark_not_same(cx.driver, viewer, child_id, key, list(names or []), reason=reason, database=db)
        return ("Saved: not the same person (recorded in the audit trail; the names become a person of their "
                "own at the next pipeline run)."), None
    if trigger == "decide-not-person":
        decisions_model.mark_not_a_person(cx.driver, viewer, child_id, key, reason=reason, database=db)
        return "Saved: not a person. Removed from the map (recorded in the audit trail).", None
    if trigger in ("decide-role", "decide-looks-right"):
        if trigger == "decide-looks-right":
            roles = ecomap.known_roles(member)
            role, group = (roles[0] if roles else None), ecomap.category_of(member)
        decisions_model.correct_role(cx.driver, viewer, child_id, key, role=role, category=group, reason=reason,
                                     database=db)
        return "Saved: checked (recorded in the audit trail).", None
    raise decisions_model.DecisionError("unknown action")


def _apply_decision(cx: AppContext, user: User, child_id: str, member: dict[str, Any], trigger: str,
                    reason: str, ticked: list[str] | None) -> str:
    """One button press in the actions panel → one or more stored decisions (each audited)."""
    key = member["key"]
    record = lambda kind, target, other=None: decisions_model.record_decision(  # noqa: E731
        cx.driver, cx.viewer(user), kind, target, other_id=other, child_id=child_id, reason=reason,
        database=cx.database)
    if trigger in ("decide-risk", "decide-protective", "decide-clear"):
        kind = {"decide-risk": "risk", "decide-protective": "protective", "decide-clear": "clear_flag"}[trigger]
        record(kind, key)
        return {"risk": "Flagged as a risk", "protective": "Flagged as protective",
                "clear_flag": "Flag cleared"}[kind] + " (saved, recorded in the audit trail)."
    if trigger == "decide-hide":
        kind = "unhide" if "hidden" in ecomap.flags(member) else "hide"
        if kind == "hide" and not reason:
            reason = "hidden from shared views"
        record(kind, key)
        return ("Hidden from shared views and exports" if kind == "hide" else "Shown in shared views again") + " (saved)."
    records = decisions_model.person_records(cx.driver, cx.viewer(user), key, database=cx.database)
    ids = [r["relationship_id"] for r in records]
    kept = [i for i in ids if i in set(ticked or [])]
    if trigger == "decide-confirm":
        if len(kept) < 2:
            raise decisions_model.DecisionError("tick at least two records")
        for other in kept[1:]:
            record("confirm_merge", kept[0], other)
        return f"Confirmed {len(kept)} records as one person (applied at the next pipeline run)."
    if trigger == "decide-split":
        dropped = [i for i in ids if i not in set(kept)]
        if not dropped or not kept:
            raise decisions_model.DecisionError("untick the records to split off, and keep at least one ticked")
        if not reason:
            raise decisions_model.DecisionError("a short reason is needed")
        for target in dropped:
            record("split", target, kept[0])
        return f"Split off {len(dropped)} record(s) (applied at the next pipeline run)."
    raise decisions_model.DecisionError("unknown action")


def _child_page(cx: AppContext, user: User, child_id: str, *, to_check: bool = False) -> Any:
    child = queries.child_summary(cx.driver, cx.viewer(user), child_id, database=cx.database)
    if child is None:
        cx.audit("view", f"child:{child_id}", {"result": "not available"})
        return views.not_found()
    data = cx.members(user, child_id)
    timeline = queries.evidence_timeline(cx.driver, cx.viewer(user), child_id, database=cx.database)
    months = ecomap.month_options(timeline, data["members"])
    cx.audit("view", f"child:{child_id}", {"members": len(data["members"]), "source": data["source"]})
    return views.child_page(child, data["source"], months, practitioner=user.is_practitioner, to_check=to_check)


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
    """Serve the app. The access log never holds query strings (search words) or ids:
    paths are redacted by :class:`dashboards.auth.AccessLogFilter`."""
    from dashboards.auth import AccessLogFilter, access_log_config

    parser = argparse.ArgumentParser(description="Serve the Kinscope app.")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--dev", action="store_true", help="Dash development server (never in production)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (production)")
    args = parser.parse_args(argv)
    aset = AppSettings()
    if args.dev:
        aset.app_env = "dev"
    host, port = args.host or aset.app_host, args.port or aset.app_port
    if args.dev:
        logging.getLogger("werkzeug").addFilter(AccessLogFilter())
        app = create_app(app_settings=aset)
        app.run(host=host, port=port, debug=False)
        return
    aset.resolve(get_settings())  # fail fast on a missing secret key
    aset.check_auth()  # ... and on a header mode without trusted proxies
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "proxy_headers": False, "log_level": "info",
                               "log_config": access_log_config(), "server_header": False}
    if args.workers > 1:
        # each worker builds the Dash app before it answers: uvicorn's 5 s health check would
        # kill it and start another, for ever, on a loaded machine
        uvicorn.run("dashboards.app:asgi_app", factory=True, workers=args.workers,
                    timeout_worker_healthcheck=120, **options)
    else:
        from a2wsgi import WSGIMiddleware

        uvicorn.run(WSGIMiddleware(create_app(app_settings=aset).server, workers=8), **options)


if __name__ == "__main__":  # pragma: no cover
    main()
