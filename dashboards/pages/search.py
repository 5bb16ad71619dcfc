"""Search case notes and documents: words, child, notes or documents, type and dates, all applied
inside the full-text query (:func:`graph_model.queries.search_page`, with the viewer's access
rule), newest, oldest or best match first, paged through everything that matches."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from dash import Input, Output, State, ctx, dcc, html

from dashboards import ids
from dashboards.params import parse_date
from dashboards.views import fmt_date
from graph_model import queries

PATH = "/search"
PAGE_SIZE = 50
ORDER_WORDS = {"newest": "newest first (event date)", "oldest": "oldest first (event date)",
               "relevance": "best match first"}


def skip_after(trigger: str | None, skip: int, page: int = PAGE_SIZE) -> int:
    """Where the results start after ``trigger``: a page on or back; any other change starts over."""
    if trigger == ids.SEARCH_NEXT:
        return skip + page
    if trigger == ids.SEARCH_PREV:
        return max(0, skip - page)
    return 0


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    return page(query.get("q", ""), query.get("child", ""), query.get("kind", ""), query.get("from", ""),
                query.get("to", ""), order=query.get("order", "newest"), record_type=query.get("type", ""))


def page(q: str = "", child: str = "", kind: str = "", date_from: str = "", date_to: str = "",
         order: str = "newest", record_type: str = "") -> html.Div:
    def text(label: str, id_: str, value: str, wide: bool = False) -> html.Div:
        return html.Div([html.Label(label, htmlFor=id_), dcc.Input(id=id_, type="text", value=value, debounce=True,
                                                                   className="text-input wide" if wide else "text-input")])

    return html.Div(className="page", children=[
        html.H1("Search case notes and documents"),
        html.P("All words must appear; use \"quotes\" for a phrase. Every filter is applied before counting, "
               "so the count is of everything that matches, and the pages go through all of it.", className="muted"),
        dcc.Store(id=ids.SEARCH_SKIP, data=0),
        html.Div(className="form-row", children=[
            text("Words", ids.SEARCH_TEXT, q, wide=True),
            text("Child (case reference)", ids.SEARCH_CHILD, child),
            html.Div([html.Label("Notes or documents", htmlFor=ids.SEARCH_KIND),
                      dcc.Dropdown(id=ids.SEARCH_KIND, value=kind or None, clearable=True, searchable=False,
                                   options=[{"label": "Case notes", "value": "note"},
                                            {"label": "Documents", "value": "document"}])]),
            text("Type (e.g. Safety plan)", ids.SEARCH_TYPE, record_type),
            text("From (YYYY-MM-DD)", ids.SEARCH_FROM, date_from),
            text("To (YYYY-MM-DD)", ids.SEARCH_TO, date_to),
            html.Button("Search", id=ids.SEARCH_GO, className="button primary", n_clicks=0),
        ]),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Order", htmlFor=ids.SEARCH_ORDER),
                      dcc.RadioItems(id=ids.SEARCH_ORDER, value=order if order in ORDER_WORDS else "newest",
                                     inline=True, className="radio inline", options=[
                                         {"label": "Newest first", "value": "newest"},
                                         {"label": "Oldest first", "value": "oldest"},
                                         {"label": "Best match", "value": "relevance"}])]),
        ]),
        html.Div(id=ids.SEARCH_RESULTS, **{"aria-live": "polite"}),
        html.Div(className="button-row", children=[
            html.Button(f"← Previous {PAGE_SIZE}", id=ids.SEARCH_PREV, className="button", n_clicks=0, disabled=True),
            html.Button(f"Next {PAGE_SIZE} →", id=ids.SEARCH_NEXT, className="button", n_clicks=0, disabled=True),
        ]),
    ])


def results(rows: list[dict[str, Any]], q: str, searched: bool, *, total: int | None = None,
            skip: int = 0, order: str = "newest", capped: bool = False) -> Any:
    if not searched:
        return ""
    total = len(rows) if total is None else total
    if not rows:
        return html.P("Nothing found.", className="muted", id=ids.SEARCH_NONE)
    items = []
    for r in rows:
        pieces = [html.Mark(t, className="hit") if hit else t for t, hit in r.get("snippet") or []]
        href = f"/record/{r['kind']}/{quote(str(r['record_id']), safe='')}?" + urlencode({"q": q})
        items.append(html.Li(className="result", children=[
            dcc.Link(r.get("title") or r["record_id"], href=href, className="result-title"),
            html.Div([html.Strong(fmt_date(r.get("date"))), " · ", "Note" if r["kind"] == "note" else "Document",
                      " · ", r.get("record_type") or "", " · ",
                      dcc.Link(r.get("child_name") or r["child_id"], href=f"/child/{quote(r['child_id'], safe='')}")],
                     className="evidence-meta"),
            html.P(pieces or "(no text extracted yet)", className="snippet"),
        ]))
    shown = f"{skip + 1}–{skip + len(rows)}" if skip or len(rows) < total else str(len(rows))
    of = f"more than {total:,}" if capped else str(total)  # the count stops 1,000 past the page
    return html.Div([html.P(f"Showing {shown} of {of}, {ORDER_WORDS.get(order, order)}.", id=ids.SEARCH_COUNT),
                     html.Ol(items, className="results", id=ids.SEARCH_LIST, start=skip + 1)])


def register(app: Any, cx: Any) -> None:
    @app.callback(
        Output(ids.SEARCH_RESULTS, "children"), Output(ids.SEARCH_SKIP, "data"),
        Output(ids.SEARCH_PREV, "disabled"), Output(ids.SEARCH_NEXT, "disabled"),
        Input(ids.SEARCH_GO, "n_clicks"), Input(ids.SEARCH_PREV, "n_clicks"), Input(ids.SEARCH_NEXT, "n_clicks"),
        Input(ids.SEARCH_TEXT, "value"), Input(ids.SEARCH_CHILD, "value"), Input(ids.SEARCH_KIND, "value"),
        Input(ids.SEARCH_TYPE, "value"), Input(ids.SEARCH_FROM, "value"), Input(ids.SEARCH_TO, "value"),
        Input(ids.SEARCH_ORDER, "value"), State(ids.SEARCH_SKIP, "data"),
    )
    def search(_n, _prev, _next, text, child, kind, rtype, dfrom, dto, order, skip):
        user = cx.user()
        text = (text or "").strip()
        if not text:
            return results([], "", False), 0, True, True
        skip = skip_after(ctx.triggered_id, int(skip or 0))
        child = (child or "").strip() or None
        rtype = (rtype or "").strip() or None
        filters = dict(child_id=child, kind=kind or None, record_type=rtype, date_from=parse_date(dfrom),
                       date_to=parse_date(dto), order=order or "newest", limit=PAGE_SIZE, database=cx.database)
        found = queries.search_page(cx.driver, cx.viewer(user), text, skip=skip, **filters)
        if found["total"] and skip >= found["total"]:  # past the end (the records changed): the last page
            skip = (found["total"] - 1) // PAGE_SIZE * PAGE_SIZE
            found = queries.search_page(cx.driver, cx.viewer(user), text, skip=skip, **filters)
        rows, total = found["hits"], found["total"]
        cx.audit("search", "records", {"text": text, "child": child, "kind": kind or None, "type": rtype,
                                       "from": dfrom or None, "to": dto or None, "order": order or "newest",
                                       "skip": skip, "results": total},
                 about_children=sorted({r["child_id"] for r in rows} | ({child} if child else set())))
        capped = bool(found.get("total_capped"))
        return (results(rows, text, True, total=total, skip=skip, order=order or "newest", capped=capped),
                skip, skip == 0, skip + len(rows) >= total and not capped)
