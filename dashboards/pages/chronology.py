"""A child's chronology: dated notes and documents, oldest first, with who was involved and a
one-line summary, filtered by person and type, printable, and exported as CSV or Word
(``/child/<id>/chronology.csv|docx``, served here too). The entries are
:mod:`dashboards.chronology` over :func:`graph_model.queries.chronology` (what the user may read);
a child the user may not see gets "Not available" on the page and a 404 from the exports."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import flask
from dash import Input, Output, State, dcc, html

from dashboards import chronology, exports, ids
from dashboards.views import fmt_date, not_found
from graph_model import queries

PATH = "/child/<child_id>/chronology"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def data(cx: Any, user: Any, child_id: str) -> tuple | None:
    """The child, its dated entries (what the user may read), how many undated, the map members;
    None when the user may not see the child."""
    child = queries.child_summary(cx.driver, cx.viewer(user), child_id, database=cx.database)
    if child is None:
        return None
    members = cx.members(user, child_id)["members"]
    rows = queries.chronology(cx.driver, cx.viewer(user), child_id, database=cx.database)
    items, undated = chronology.dated(chronology.entries(rows, members))
    return child, items, undated, members


def person_named(items: list[dict[str, Any]], person: str | None) -> str | None:
    """The name the entries give the person filtered by (None: no such person, or no filter)."""
    return next((p["name"] for e in items for p in e["people"] if p["key"] == person), None)


def export_links(child_id: str, person: str | None, record_type: str | None) -> tuple[str, str]:
    """The CSV and Word links for these filters."""
    params = {k: v for k, v in {"person": person, "type": record_type}.items() if v}
    base = f"/child/{quote(child_id, safe='')}/chronology"
    suffix = ("?" + urlencode(params)) if params else ""
    return base + ".csv" + suffix, base + ".docx" + suffix


def layout(cx: Any, user: Any, query: dict[str, str], child_id: str) -> Any:
    found = data(cx, user, child_id)
    if found is None:
        cx.audit("view", f"child:{child_id}", {"mode": "chronology", "result": "not available"})
        return not_found()
    child, items, undated, _members = found
    cx.audit("view", f"child:{child_id}", {"mode": "chronology", "entries": len(items)})
    return page(child, items, undated, person=query.get("person") or None, record_type=query.get("type") or None)


def page(child: dict[str, Any], items: list[dict[str, Any]], undated: int, *,
         person: str | None = None, record_type: str | None = None) -> html.Div:
    """Filters (person, type), print, CSV and Word exports, the table (filled by the callback)."""
    cid = child["child_id"]
    name = child.get("display_name") or cid
    csv_href, docx_href = export_links(cid, None, None)
    return html.Div(className="page chronology-page", children=[
        dcc.Store(id=ids.CHRON_CHILD, data=cid),
        html.P(dcc.Link(f"← {name}'s map", href=f"/child/{quote(cid, safe='')}"), className="no-print"),
        html.H1(f"Chronology: {name} ({cid})", id=ids.CHRON_TITLE),
        html.P("Dated notes and documents, oldest first (event dates). Who was involved: the people on "
               "the map the record mentions. Each summary is the record's subject, or its first sentence; "
               "open the record to read it in full.", className="muted"),
        html.Div(className="form-row no-print", children=[
            html.Div([html.Label("Person involved", htmlFor=ids.CHRON_PERSON),
                      dcc.Dropdown(id=ids.CHRON_PERSON, value=person, clearable=True, placeholder="Anyone",
                                   options=chronology.person_options(items))]),
            html.Div([html.Label("Type", htmlFor=ids.CHRON_TYPE),
                      dcc.Dropdown(id=ids.CHRON_TYPE, value=record_type, clearable=True, searchable=False,
                                   placeholder="Any type", options=chronology.type_options(items))]),
            html.Div(className="button-row", children=[
                html.Button("Print", id=ids.PRINT_NOW, className="button", n_clicks=0),
                html.A("Download CSV", id=ids.CHRON_CSV, className="button", href=csv_href),
                html.A("Download Word (DOCX)", id=ids.CHRON_DOCX, className="button", href=docx_href),
            ]),
        ]),
        html.P(f"{undated} record(s) with no date are not listed." if undated else "", className="muted",
               id=ids.CHRON_UNDATED),
        html.Div(id=ids.CHRON_RESULTS, **{"aria-live": "polite"}),
    ])


def table(items: list[dict[str, Any]], filters_text: str) -> Any:
    head = html.P(f"{filters_text}: {len(items)}.", id=ids.CHRON_FILTER_LINE)
    if not items:
        return html.Div([head, html.P("Nothing to list.", className="muted", id=ids.CHRON_NONE)])
    return html.Div([head, html.Table(className="table chronology", id=ids.CHRON_TABLE, children=[
        html.Thead(html.Tr([html.Th(h) for h in ("Date", "Type", "Who was involved", "Summary")])),
        html.Tbody([html.Tr(className="chron-row", children=[
            html.Td(fmt_date(e["date"]), className="chron-date"),
            html.Td(("Note" if e["kind"] == "note" else "Document") + " · " + e["type"]),
            html.Td(", ".join(p["name"] for p in e["people"]) or "—", className="chron-people"),
            html.Td(dcc.Link(e["summary"], href=e["href"], className="chron-link")),
        ]) for e in items]),
    ])])


def export(cx: Any, child_id: str, fmt: str) -> Any:
    """``/child/<id>/chronology.csv|docx`` with the page's filters (``?person=&type=``), audited."""
    user = cx.user()
    if fmt not in ("csv", "docx"):
        return flask.Response("Not found.", status=404, mimetype="text/plain")
    found = data(cx, user, child_id)
    if found is None:
        cx.audit("denied", f"child:{child_id}", {"format": f"chronology.{fmt}", "result": "not available"})
        return flask.Response("Not found, or you do not have access.", status=404, mimetype="text/plain")
    child, items, _undated, _members = found
    a = flask.request.args
    person, rtype = a.get("person") or None, a.get("type") or None
    items = chronology.filter_entries(items, person, rtype)
    cx.audit("export", f"child:{child_id}", {"format": f"chronology.{fmt}", "rows": len(items),
                                             "person": person, "type": rtype})
    rows = chronology.export_rows(items, flask.request.host_url)
    name = exports.safe_filename(child_id)
    if fmt == "csv":
        return flask.Response(exports.csv_text(chronology.HEADER, rows), mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename=chronology-{name}.csv"})
    body = exports.docx_table(
        f"Chronology: {child.get('display_name') or child_id} ({child_id})",
        f"{chronology.describe_filters(person_named(items, person), rtype)}, oldest first (event dates). Exported "
        f"{date.today().strftime('%d %b %Y')} by {user.display} from Kinscope.",
        chronology.HEADER, rows)
    return flask.Response(body, mimetype=DOCX_TYPE,
                          headers={"Content-Disposition": f"attachment; filename=chronology-{name}.docx"})


def register(app: Any, cx: Any) -> None:
    app.server.add_url_rule("/child/<child_id>/chronology.<fmt>", "chronology_export",
                            lambda child_id, fmt: export(cx, child_id, fmt))

    @app.callback(
        Output(ids.CHRON_RESULTS, "children"), Output(ids.CHRON_CSV, "href"), Output(ids.CHRON_DOCX, "href"),
        Input(ids.CHRON_PERSON, "value"), Input(ids.CHRON_TYPE, "value"), State(ids.CHRON_CHILD, "data"),
    )
    def chronology_list(person, rtype, child_id):
        user = cx.user()
        found = data(cx, user, child_id)
        if found is None:
            return not_found(), "/", "/"
        _child, items, _undated, _members = found
        cx.audit_view_once(user, child_id, "chronology")
        shown = chronology.filter_entries(items, person or None, rtype or None)
        csv_href, docx_href = export_links(child_id, person, rtype)
        return (table(shown, chronology.describe_filters(person_named(items, person), rtype)), csv_href, docx_href)
