"""The start page: find a child (name, case reference, date of birth), and find a person (an
adult, a nickname the notes use, a worker) across the children the user may see, each result
opening that person's evidence on the child's map."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dash import Input, Output, State, dcc, html

from dashboards import ids
from dashboards.views import LEGAL_STATUS_WORDS, evidence_href, fmt_date, review_link
from graph_model import queries

PATH = "/"


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    return html.Div(className="page", children=[
        html.H1("Find a child"),
        html.Div(review_link(), className="button-row") if user.is_practitioner else None,
        html.P("Search by name, case reference or date of birth. Results show age, locality and legal "
               "status so children with the same name can be told apart."),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Name or case reference", htmlFor=ids.FIND_TEXT),
                      dcc.Input(id=ids.FIND_TEXT, type="text", debounce=True, autoComplete="off",
                                placeholder="e.g. Owen or C-1", className="text-input")]),
            html.Div([html.Label("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)", htmlFor=ids.FIND_DOB),
                      dcc.Input(id=ids.FIND_DOB, type="text", debounce=True, placeholder="2011-01-05",
                                className="text-input")]),
            html.Button("Find", id=ids.FIND_GO, className="button primary", n_clicks=0),
        ]),
        html.Div(id=ids.FIND_RESULTS, **{"aria-live": "polite"}),
        html.H2("Find a person", className="h3"),
        html.P("An adult, a name the notes use (a nickname) or a worker, on the maps of the children you "
               "may see. Each result opens the evidence for that person on the child's map.", className="muted"),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Name (2 letters or more)", htmlFor=ids.PERSON_TEXT),
                      dcc.Input(id=ids.PERSON_TEXT, type="text", debounce=True, autoComplete="off",
                                placeholder="e.g. Nana Jo", className="text-input")]),
            html.Button("Find person", id=ids.PERSON_GO, className="button", n_clicks=0),
        ]),
        html.Div(id=ids.PERSON_RESULTS, **{"aria-live": "polite"}),
    ])


def child_results(rows: list[dict[str, Any]], searched: bool) -> Any:
    if not searched:
        return ""
    if not rows:
        return html.P("No children found.", className="muted", id=ids.FIND_NONE)
    head = html.Thead(html.Tr([html.Th(h) for h in ("Name", "Case ref", "Date of birth", "Age",
                                                    "Locality", "Legal status", "Gender")]))
    body = html.Tbody([
        html.Tr([
            html.Td(dcc.Link(r.get("display_name") or r["child_id"], href=f"/child/{quote(r['child_id'], safe='')}",
                             className="child-link")),
            html.Td(r["child_id"]), html.Td(fmt_date(r.get("date_of_birth"))),
            html.Td("—" if r.get("age") is None else str(r["age"])), html.Td(r.get("locality") or "—"),
            html.Td(LEGAL_STATUS_WORDS.get(r.get("legal_status") or "", r.get("legal_status") or "—")),
            html.Td(r.get("gender") or "—"),
        ]) for r in rows
    ])
    return html.Div([html.P(f"{len(rows)} {'child' if len(rows) == 1 else 'children'} found."),
                     html.Table([head, body], className="table", id=ids.FIND_TABLE)])


def person_results(rows: list[dict[str, Any]], searched: bool) -> Any:
    if not searched:
        return ""
    if not rows:
        return html.P("Nobody found on the maps you may see.", className="muted", id=ids.PERSON_NONE)
    head = html.Thead(html.Tr([html.Th(h) for h in ("Name", "Also called in the notes", "Worker", "On the map of")]))
    body = html.Tbody([
        html.Tr(className="person-result", children=[
            html.Td(dcc.Link(r.get("name") or "(no name)", href=evidence_href(r["child_id"], r["key"]),
                             className="person-link")),
            html.Td(", ".join(r.get("also_called") or []) or "—"),
            html.Td("Yes" if r.get("is_worker") else "—"),
            html.Td(dcc.Link(r.get("child_name") or r["child_id"], href=f"/child/{quote(r['child_id'], safe='')}")),
        ]) for r in rows
    ])
    return html.Div([html.P(f"{len(rows)} found."), html.Table([head, body], className="table", id=ids.PERSON_TABLE)])


def register(app: Any, cx: Any) -> None:
    @app.callback(Output(ids.FIND_RESULTS, "children"),
                  Input(ids.FIND_GO, "n_clicks"), Input(ids.FIND_TEXT, "value"), Input(ids.FIND_DOB, "value"),
                  prevent_initial_call=True)
    def find(_n: int, text: str | None, dob: str | None) -> Any:
        user = cx.user()
        text, dob = (text or "").strip(), (dob or "").strip()
        if not text and not dob:
            return child_results([], False)
        rows = queries.find_children(cx.driver, cx.viewer(user), text, dob or None, database=cx.database)
        cx.audit("search", "children", {"text": text, "dob": dob, "results": len(rows)},
                 about_children=[r["child_id"] for r in rows])
        return child_results(rows, True)

    @app.callback(Output(ids.PERSON_RESULTS, "children"),
                  Input(ids.PERSON_GO, "n_clicks"), Input(ids.PERSON_TEXT, "n_submit"), State(ids.PERSON_TEXT, "value"),
                  prevent_initial_call=True)
    def find_person(_n: int, _s: int, text: str | None) -> Any:
        user = cx.user()
        text = " ".join((text or "").split())
        if len(text) < 2:
            return person_results([], False)
        rows = queries.find_people(cx.driver, cx.viewer(user), text, database=cx.database)
        cx.audit("search", "persons", {"text": text, "results": len(rows), "from": "find page"},
                 about_children=sorted({r["child_id"] for r in rows}))
        return person_results(rows, True)
