"""Data quality (practitioners and administrators): rows the loads rejected and files whose text
could not be read, with the reason in plain words; never the row content, and items about
restricted records only for the teams that may see them (the query's rule)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dash import Input, Output, dcc, html

from dashboards import ids
from dashboards.plain_words import detail_words, reason_words
from dashboards.views import can_see_quality, fmt_date, not_found
from graph_model import queries

PATH = "/quality"
STAGE_WORDS = {"load": "Rejected row (load)", "document_text": "Unreadable file (document text)"}
REFUSED = "The data-quality page is for practitioners and administrators."


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    if not can_see_quality(user):
        return not_found(REFUSED)
    return html.Div(className="page", children=[
        html.H1("Data quality"),
        html.P("Rows the loads rejected and document files whose text could not be read, with the "
               "reason. Row content is never shown here; it stays in the quarantine files. Items about "
               "restricted records are listed only for the teams that may see them.", className="muted"),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Source", htmlFor=ids.QUALITY_STAGE),
                      dcc.Dropdown(id=ids.QUALITY_STAGE, clearable=True, searchable=False,
                                   options=[{"label": v, "value": k} for k, v in STAGE_WORDS.items()])]),
            html.Div([html.Label("Reason", htmlFor=ids.QUALITY_REASON),
                      dcc.Input(id=ids.QUALITY_REASON, type="text", debounce=True, className="text-input")]),
        ]),
        html.Div(id=ids.QUALITY_RESULTS),
    ])


def tables(data: dict[str, Any], shown: int = 500) -> Any:
    if not data["items"]:
        return html.P("Nothing quarantined.", className="muted", id=ids.QUALITY_NONE)
    counts = html.Table(className="table", id=ids.QUALITY_COUNTS, children=[
        html.Thead(html.Tr([html.Th("Source"), html.Th("Reason"), html.Th("Count")])),
        html.Tbody([html.Tr([html.Td(STAGE_WORDS.get(r["stage"], r["stage"])),
                             html.Td(reason_words(r["reason"]), title=r["reason"]),
                             html.Td(str(r["count"]))]) for r in data["by_reason"]]),
    ])
    items = data["items"][:shown]
    table = html.Table(className="table", id=ids.QUALITY_TABLE, children=[
        html.Thead(html.Tr([html.Th(h) for h in ("When", "Source", "File", "Line", "Reason", "Detail", "Record", "Child")])),
        html.Tbody([html.Tr([
            html.Td(fmt_date(r.get("at"))), html.Td(STAGE_WORDS.get(r["stage"], r["stage"])), html.Td(r.get("file") or "—"),
            html.Td("—" if r.get("line") is None else str(r["line"])),
            html.Td(reason_words(r.get("reason")), title=r.get("reason") or ""),
            html.Td(detail_words(r.get("detail")), className="detail"), html.Td(r.get("record_id") or "—"),
            html.Td(dcc.Link(r["child_id"], href=f"/child/{quote(r['child_id'], safe='')}") if r.get("child_id") else "—"),
        ]) for r in items]),
    ])
    return html.Div([html.H2(f"{data['total']} items", className="h3"), counts,
                     html.H2("Items" + (f" (newest {shown} shown)" if data["total"] > shown else ""), className="h3"),
                     table])


def register(app: Any, cx: Any) -> None:
    @app.callback(Output(ids.QUALITY_RESULTS, "children"),
                  Input(ids.QUALITY_STAGE, "value"), Input(ids.QUALITY_REASON, "value"))
    def quality(stage, reason):
        user = cx.user()
        if not can_see_quality(user):
            return not_found(REFUSED)
        data = queries.quarantine_items(cx.driver, cx.viewer(user), stage=stage or None,
                                        reason=(reason or "").strip() or None, database=cx.database)
        cx.audit("view", "quality", {"stage": stage, "reason": reason, "items": data["total"]})
        return tables(data)
