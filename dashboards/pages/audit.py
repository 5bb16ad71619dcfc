"""The audit trail (administrators): who viewed, searched, opened, exported or changed what,
filtered, with a CSV download (``/audit.csv``, served here)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import flask
from dash import Input, Output, dcc, html

from dashboards import exports, ids, plain_words
from dashboards.params import parse_date
from dashboards.views import fmt_date, not_found
from graph_model import queries

PATH = "/audit"
CSV_KEYS = ("at", "user", "action", "target", "detail")
ACTIONS = ("view", "search", "open", "export", "change", "sign_in", "sign_out", "denied")
REFUSED = "The audit trail is for administrators."


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    if not user.is_admin:
        cx.audit("denied", "audit", {"page": "audit"})
        return not_found(REFUSED)
    text = lambda label, id_, value="": html.Div([  # noqa: E731
        html.Label(label, htmlFor=id_), dcc.Input(id=id_, type="text", value=value, debounce=True, className="text-input")])
    return html.Div(className="page", children=[
        html.H1("Audit trail"),
        html.P("Who viewed which child, searched for what, opened which record and exported what. "
               "Append-only.", className="muted"),
        html.Div(className="form-row", children=[
            text("User", ids.AUDIT_USER, query.get("user", "")),
            html.Div([html.Label("Action", htmlFor=ids.AUDIT_ACTION),
                      dcc.Dropdown(id=ids.AUDIT_ACTION, clearable=True, searchable=False,
                                   options=[{"label": a.replace("_", " "), "value": a} for a in ACTIONS])]),
            text("Target contains", ids.AUDIT_TARGET),
            text("From (YYYY-MM-DD)", ids.AUDIT_FROM),
            text("To (YYYY-MM-DD)", ids.AUDIT_TO),
            html.Button("Filter", id=ids.AUDIT_GO, className="button primary", n_clicks=0),
        ]),
        html.A("Download as CSV", id=ids.AUDIT_CSV, href="/audit.csv", className="button"),
        html.Div(id=ids.AUDIT_RESULTS),
    ])


def table(rows: list[dict[str, Any]]) -> Any:
    if not rows:
        return html.P("No events.", className="muted")
    return html.Table(className="table", id=ids.AUDIT_TABLE, children=[
        html.Thead(html.Tr([html.Th(h) for h in ("When (UTC)", "User", "Action", "Target", "Detail")])),
        html.Tbody([html.Tr([html.Td(fmt_date(r.get("at"))), html.Td(r.get("user") or ""),
                             html.Td((r.get("action") or "").replace("_", " ")), html.Td(r.get("target") or ""),
                             html.Td(plain_words.audit_detail(r.get("detail")), className="detail")])
                    for r in rows]),
    ])


def csv_export(cx: Any) -> Any:
    """``/audit.csv`` with the page's filters (``?user=&action=&target=&from=&to=``): administrators only."""
    user = cx.user()
    if not user.is_admin:
        cx.audit("denied", "audit.csv", {"format": "audit.csv"})
        return flask.Response("Not permitted", status=403, mimetype="text/plain")
    a = flask.request.args
    rows = queries.audit_events(
        cx.driver, cx.viewer(user), user=a.get("user") or None, action=a.get("action") or None,
        target=a.get("target") or None, date_from=parse_date(a.get("from")),
        date_to=parse_date(a.get("to")), limit=100_000, database=cx.database)
    cx.audit("export", "audit.csv", {"rows": len(rows), **{k: v for k, v in a.items()}})
    body = exports.csv_text(CSV_KEYS, ([r.get(k) for k in CSV_KEYS] for r in rows))
    return flask.Response(body, mimetype="text/csv",
                          headers={"Content-Disposition": "attachment; filename=kinscope-audit.csv"})


def register(app: Any, cx: Any) -> None:
    app.server.add_url_rule("/audit.csv", "audit_csv", lambda: csv_export(cx))

    @app.callback(
        Output(ids.AUDIT_RESULTS, "children"), Output(ids.AUDIT_CSV, "href"),
        Input(ids.AUDIT_GO, "n_clicks"), Input(ids.AUDIT_USER, "value"), Input(ids.AUDIT_ACTION, "value"),
        Input(ids.AUDIT_TARGET, "value"), Input(ids.AUDIT_FROM, "value"), Input(ids.AUDIT_TO, "value"),
    )
    def audit_list(_n, u, action, target, dfrom, dto):
        user = cx.user()
        if not user.is_admin:
            cx.audit("denied", "audit", {"page": "audit"})
            return not_found(REFUSED), "/"
        rows = queries.audit_events(cx.driver, cx.viewer(user), user=(u or "").strip() or None, action=action or None,
                                    target=(target or "").strip() or None, date_from=parse_date(dfrom),
                                    date_to=parse_date(dto), limit=500, database=cx.database)
        params = {k: v for k, v in {"user": u, "action": action, "target": target, "from": dfrom, "to": dto}.items() if v}
        cx.audit("view", "audit", {**params, "rows": len(rows)})
        return table(rows), "/audit.csv" + ("?" + urlencode(params) if params else "")
