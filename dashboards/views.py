"""Page layouts and small components (Dash only: data comes in, components go out).

Every piece of text from the records is rendered as a text node by React, never as HTML, so a
name like ``<script>alert(1)</script>`` is shown as those characters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

import dash_cytoscape as cyto
from dash import dcc, html

from dashboards import ecomap, ids, member_list

LEGAL_STATUS_WORDS = {
    "CIN": "Child in need", "CP": "Child protection plan", "LAC": "Looked after (in care)",
    "CLA": "Looked after (in care)", "Care leaver": "Care leaver", "Early Help": "Early Help",
}


def fmt_date(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    s = str(value)
    try:
        return date.fromisoformat(s[:10]).strftime("%d %b %Y")
    except ValueError:
        return s


def can_see_quality(user: Any) -> bool:
    return bool({"admin", "practitioner"} & set(getattr(user, "roles", ()) or ()))


def header(user: Any) -> html.Header:
    links = [dcc.Link("Find a child", href="/", className="nav-link"),
             dcc.Link("Search records", href="/search", className="nav-link"),
             dcc.Link("MACE", href="/mace", className="nav-link")]
    if can_see_quality(user):
        links.append(dcc.Link("Data quality", href="/quality", className="nav-link"))
    if getattr(user, "is_admin", False):
        links.append(dcc.Link("Audit", href="/audit", className="nav-link"))
    links.append(dcc.Link("Help", href="/help", className="nav-link", id=ids.HELP_LINK))
    return html.Header(className="topbar", children=[
        html.A("Kinscope", href="/", className="brand"),
        html.Nav(links, className="nav", **{"aria-label": "Main"}),
        html.Div(className="who", children=[
            html.Span(f"Signed in as {user.display}", id="signed-in-as"),
            html.A("Sign out", href="/logout", className="nav-link", id="sign-out"),
        ]),
    ])


# --------------------------------------------------------------------------- find a child

def review_link() -> dcc.Link:
    """The way to the review queue (dashboards/review.py), shown to practitioners."""
    return dcc.Link("Review possible duplicates", href="/review", className="button", id="link-review")


# --------------------------------------------------------------------------- the child page

def shape_svg(shape: str, colour: str, size: int = 16) -> str:
    """An SVG (as a data: URI) of a Cytoscape node shape, outlined like the map's nodes."""
    pts = ecomap.shape_svg_points(shape, float(size))
    fill = colour.replace("#", "%23")
    if pts is None:
        body = f"<circle cx='{size / 2}' cy='{size / 2}' r='{size / 2 - 1.5}'"
    else:
        body = f"<polygon points='{pts}'"
    body += f" fill='{fill}' stroke='%23333333' stroke-width='1.2'/>"
    return (f"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' "
            f"viewBox='0 0 {size} {size}'>{body}</svg>")


def tie_svg(colour: str, dash: list[int], width: float, length: int = 34) -> str:
    """An SVG (as a data: URI) of the map's family line: a dash-dot stroke."""
    stroke = colour.replace("#", "%23")
    return (f"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='{length}' height='8' "
            f"viewBox='0 0 {length} 8'><line x1='0' y1='4' x2='{length}' y2='4' stroke='{stroke}' "
            f"stroke-width='{width}' stroke-dasharray='{' '.join(str(d) for d in dash)}'/></svg>")


def _legend_icon(entry: dict[str, Any]) -> Any:
    if entry["type"] == "tie":
        return html.Img(src=tie_svg(entry["colour"], entry["dash"], entry["width"]), alt="", width=34, height=8,
                        className="legend-tie")
    if entry["type"] == "line":
        return html.Span(className="legend-line", style={
            "borderTopStyle": entry["line_style"], "borderTopColor": entry["colour"]})
    if entry["type"] == "flag":
        return html.Span(className="legend-shape shape-ellipse", style={
            "backgroundColor": "#ffffff", "border": f"4px {entry['border']} {entry['colour']}"})
    # the same outline as the node on the map (decorative: the text beside it names the group)
    return html.Img(src=shape_svg(entry["shape"], entry["colour"]), alt="", width=16, height=16,
                    className=f"legend-svg shape-{entry['shape']}", **{"data-shape": entry["shape"]})


def legend(entries: list[dict[str, Any]]) -> html.Div:
    items = []
    for e in entries:
        if e["type"] == "note":
            items.append(html.Li(e["label"], className="legend-note"))
            continue
        text = e["label"]
        if e.get("count"):
            text += f" ({e['count']})"
        children = [_legend_icon(e), html.Span(text)]
        if e.get("detail"):
            children.append(html.Span(" — " + e["detail"], className="muted"))
        items.append(html.Li(children, className=f"legend-item legend-{e['key']}"))
    return html.Div([html.H2("Key", className="h3"), html.Ul(items, className="legend-list")],
                    id="legend", className="legend", role="region", **{"aria-label": "Map key"})


def map_status(sel: Any, view: Any, child_id: str) -> list[Any]:
    """The line above the map: what is shown, which filters hide what, and a one-click reset
    (a plain link to the child's page: every filter back to its default)."""
    out: list[Any] = [html.Span(ecomap.filter_summary(sel, view), id="filter-summary")]
    if ecomap.active_filters(view):
        out += [" ", html.A("Reset filters", href=f"/child/{quote(child_id, safe='')}", id="reset-filters",
                            className="reset-link")]
    return out


def more_to_check(child_id: str, n: int) -> Any:
    """"N more people to check": a link to them on the practitioner map (Medium and Low shown)."""
    words = f"{n} more {'person' if n == 1 else 'people'} to check"
    return dcc.Link(words, href=f"/child/{quote(child_id, safe='')}?check=1", id="more-to-check",
                    className="more-to-check no-print")


def evidence_href(child_id: str, member_key: str, category: str | None = None) -> str:
    """A link that opens a child's map with one member's evidence panel (assets/member_focus.js)."""
    params = {"member": member_key}
    if category:
        params["group"] = category
    return f"/child/{quote(child_id, safe='')}?" + urlencode(params)


def child_page(child: dict[str, Any], source: str, months: list[str], practitioner: bool = False,
               to_check: bool = False) -> html.Div:
    """The map page; ``to_check``: opened from "N more people to check" (Medium and Low only)."""
    cid = child["child_id"]
    allocations = child.get("allocations") or []
    facts = [
        ("Case reference", cid), ("Date of birth", fmt_date(child.get("date_of_birth"))),
        ("Age", "—" if child.get("age") is None else str(child["age"])),
        ("Locality", child.get("locality") or "—"),
        ("Legal status", LEGAL_STATUS_WORDS.get(child.get("legal_status") or "", child.get("legal_status") or "—")),
        ("Records", f"{child.get('notes', 0)} notes, {child.get('documents', 0)} documents"),
    ]
    if allocations:
        facts.append(("Allocated", "; ".join(f"{a.get('worker') or '?'} ({a.get('role') or 'worker'}, {a.get('team') or '?'})"
                                             for a in allocations[:3])))
    source_note = {
        "network": f"Network ranked as of {fmt_date(child.get('ranked_as_of'))}." if child.get("ranked_as_of") else "Network from the pipeline.",
        "records": "Not yet analysed: this map shows the recorded relationships and allocations only.",
        "none": "No people are recorded for this child yet.",
    }[source]
    if child.get("network_stale") and source == "network":
        source_note += " New records have arrived since; the map will update after the next pipeline run."
    slider_marks = {}
    if months:
        step = max(1, len(months) // 8)
        slider_marks = {i: months[i] for i in range(0, len(months), step)}
        slider_marks[len(months) - 1] = months[-1]
    return html.Div(className="page child-page", children=[
        dcc.Store(id=ids.CHILD_ID, data=cid),
        dcc.Store(id=ids.MONTHS, data=months),
        dcc.Store(id=ids.TOP_N, data=40),
        dcc.Store(id=ids.EXPANDED, data=[]),
        dcc.Store(id=ids.HIDDEN, data=[]),
        dcc.Store(id=ids.SELECTED_KEY, data=None),
        dcc.Store(id=ids.DECISIONS_VERSION, data=0),
        dcc.Store(id=ids.MAP_SELECTION, data=None),
        html.Div(className="child-head", children=[
            html.H1(child.get("display_name") or cid, id="child-name"),
            html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="facts"),
            html.P(source_note, className="muted", id="map-source"),
            child_links(cid, practitioner),
            html.Div(className="child-search", children=[
                html.Label("Search this child's records", htmlFor="child-search-text"),
                dcc.Input(id=ids.CHILD_SEARCH_TEXT, type="text", placeholder="e.g. safety plan",
                          debounce=True, className="text-input"),
                html.Button("Search", id=ids.CHILD_SEARCH_GO, className="button", n_clicks=0),
            ]),
        ]),
        html.Div(className="map-grid", id="map-grid", children=[
            html.Div(className="controls", role="region", **{"aria-label": "Map filters"}, children=[
                html.H2("Show", className="h3"),
                html.Label("Mode", htmlFor="mode"),
                dcc.RadioItems(id=ids.MODE, value="standard", className="radio", options=[
                    {"label": "Practitioner", "value": "standard"},
                    {"label": "Conversation (plain, no risk flags)", "value": "conversation"}]),
                html.Label("Arrange in rings by", htmlFor="layout"),
                dcc.RadioItems(id=ids.LAYOUT, value="rank", className="radio", options=[
                    {"label": "Rank", "value": "rank"}, {"label": "Category", "value": "category"}]),
                html.Label("Categories", htmlFor="categories"),
                dcc.Checklist(id=ids.CATEGORIES, value=list(ecomap.CATEGORIES), className="checklist", options=[
                    {"label": ecomap.CATEGORY_STYLE[c]["label"], "value": c} for c in ecomap.CATEGORIES]),
                html.Label("Confidence", htmlFor="confidence"),
                dcc.Checklist(id=ids.CONFIDENCE, value=["medium", "low"] if to_check else list(ecomap.CONFIDENCE_LEVELS),
                              inline=True,
                              className="toggle-buttons", options=[
                                  {"label": "High", "value": "high"}, {"label": "Medium", "value": "medium"},
                                  {"label": "Low", "value": "low"}]),
                html.Label("Find on the map", htmlFor="map-text"),
                dcc.Input(id=ids.MAP_TEXT, type="text", placeholder="name or role", debounce=True, className="text-input"),
                html.Div(className="button-row", children=[
                    html.Button("Show more", id=ids.SHOW_MORE, className="button", n_clicks=0),
                    html.Button("Show fewer", id=ids.SHOW_FEWER, className="button", n_clicks=0),
                ]),
                html.Button("Unhide everyone", id=ids.UNHIDE, className="button", n_clicks=0),
                dcc.Checklist(id=ids.SHOW_HIDDEN, value=[], className="checklist", options=[
                    {"label": "Show people hidden from shared views (practitioner only; not exported)", "value": "on"}]),
                dcc.Checklist(id=ids.FAMILY_LINES, value=[], className="checklist", options=[
                    {"label": "Family lines from the records", "value": "on"}]),
                html.H2("Export", className="h3"),
                html.Div(className="button-row", children=[
                    html.Button("PNG", id=ids.EXPORT_PNG, className="button", n_clicks=0),
                    html.Button("SVG", id=ids.EXPORT_SVG, className="button", n_clicks=0),
                ]),
                html.P(id=ids.EXPORT_STATUS, className="muted"),
            ]),
            html.Div(className="map-column", children=[
                html.P(id=ids.MAP_STATUS, className="map-status", **{"aria-live": "polite"}),
                cyto.Cytoscape(id=ids.ECOMAP, elements=[], layout={"name": "preset", "fit": True, "padding": 20},
                               stylesheet=ecomap.stylesheet(),
                               style={"width": "100%", "height": "max(420px, calc(100vh - 250px))"},
                               minZoom=0.15, maxZoom=3, boxSelectionEnabled=False, autoRefreshLayout=True,
                               responsive=True),
                html.Div(className="timebar", role="region", **{"aria-label": "Time bar"}, children=[
                    html.H2("Evidence over time", className="h3"),
                    html.P("Bars count the child's notes and documents per month by event date (when things "
                           "happened, not when they were recorded). Move the slider to see the network as it "
                           "was at the end of a month.", className="muted"),
                    dcc.Graph(id=ids.TIMELINE, config={"displayModeBar": False, "scrollZoom": False,
                                                     "doubleClick": False, "showAxisDragHandles": False},
                              style={"height": "120px"}),
                    # the same months as buttons: Tab to them, arrow keys between months, Enter lists one
                    html.Div(id=ids.MONTH_KEYS, className="month-keys", role="toolbar",
                             **{"aria-label": "Months of the time bar (arrow keys move, Enter lists the records)"}),
                    html.Div(id=ids.MONTH_RECORDS, className="month-records", **{"aria-live": "polite"}),
                    html.Div(className="button-row", children=[
                        html.Button("▶ Play", id=ids.PLAY, className="button", n_clicks=0),
                        html.Button("Now", id=ids.AS_OF_NOW, className="button", n_clicks=0),
                        html.Span(id=ids.AS_OF_LABEL, className="muted"),
                    ]),
                    # data-slider-label: the slider thumb's accessible name (set by assets/a11y.js)
                    html.Div(**{"data-slider-label": "Show the network as it was at the end of the month"},
                             children=dcc.Slider(id=ids.AS_OF, min=0, max=max(0, len(months) - 1), step=1,
                                                 value=max(0, len(months) - 1), marks=slider_marks,
                                                 updatemode="mouseup", disabled=not months,
                                                 allow_direct_input=False)),
                    dcc.Interval(id=ids.PLAY_TIMER, interval=900, disabled=True),
                ]),
                html.Section(className="member-list", id="member-list-section", **{"aria-label": "People as a list"},
                             children=[
                    html.H2("The same people as a list", className="h3"),
                    html.P("Everyone the filters above select, including those in the grey groups.", className="muted"),
                    html.Label("Sort by", htmlFor="list-sort"),
                    dcc.RadioItems(id=ids.LIST_SORT, value="rank", inline=True, className="radio inline", options=[
                        {"label": label, "value": value} for value, label in member_list.SORTS.items()]),
                    html.Div(id=ids.MEMBER_LIST),
                ]),
            ]),
            # the key sits beside the map (visible at 1366×768 without scrolling), the evidence below it
            html.Div(className="side-column", children=[
                html.Div(id=ids.LEGEND_HOLDER),
                html.Aside(id=ids.EVIDENCE, className="evidence", role="region", **{"aria-label": "Evidence"},
                           children=[html.P("Click a person on the map to see the evidence.", className="muted")]),
            ]),
        ]),
    ])


def member_table(rows: list[dict[str, str]], *, conversation: bool) -> Any:
    """The list view's table (rows from :func:`dashboards.member_list.rows`)."""
    if not rows:
        return html.P("Nobody matches the filters.", className="muted", id="member-list-none")
    cols = ["name", "role", "group", "last_seen"] + ([] if conversation else ["rank", "confidence"]) + ["on_map"]
    heads = {"name": "Name", "role": "Relationship / role", "group": "Group", "last_seen": "Last seen",
             "rank": "Rank", "confidence": "Confidence", "on_map": "On the map"}
    return html.Table(className="table member-table", id="member-table", children=[
        html.Thead(html.Tr([html.Th(heads[c], scope="col") for c in cols])),
        html.Tbody([html.Tr([html.Td(r[c] or "shown", className=f"col-{c}") if c == "on_map" else
                             html.Td(r[c], className=f"col-{c}") for c in cols],
                            **{"data-key": r["key"]}) for r in rows]),
    ])


def highlighted(text: str, start: int, end: int, offset: int = 0) -> list[Any]:
    """``text`` (an excerpt beginning at ``offset`` of the record) with [start, end) marked."""
    s, e = max(0, start - offset), max(0, end - offset)
    if not text or s >= len(text) or e <= s:
        return [text]
    return [text[:s], html.Mark(text[s:e], className="hit"), text[e:]]


DECISION_WORDS = {
    "risk": "flagged as a risk", "protective": "flagged as protective", "clear_flag": "flag cleared",
    "hide": "hidden from shared views", "unhide": "shown in shared views again",
    "split": "records split", "confirm_merge": "merge confirmed",
    "same_person": "same person as another", "not_same": "names split off (not the same person)",
    "not_person": "not a person", "role": "role or group corrected", "unsure": "not sure",
}


def checked_words(member: dict[str, Any]) -> str:
    """"Checked by Asha Patel, 1 Dec 2026" for a member a practitioner corrected (else empty)."""
    c = member.get("checked")
    if not c:
        return ""
    at = c.get("at")
    return f"Checked by {c.get('by') or '?'}, {fmt_date(at.date() if isinstance(at, datetime) else at)}"


def corrections_panel(member: dict[str, Any], records: list[dict[str, Any]], names: list[str],
                      others: list[dict[str, str]]) -> html.Div:
    """Correct the machine: same person as…, not the same, not a person, wrong role / group. Always
    rendered for a person (the callbacks need every input); each button stores one decision."""
    person = member.get("kind") == "person" and not member.get("is_worker")
    group_options = [{"label": ecomap.CATEGORY_STYLE[c]["label"], "value": c} for c in ecomap.CATEGORIES]
    return html.Div(className="corrections", id="corrections", style=None if person else {"display": "none"}, children=[
        html.H4("Correct this person"),
        html.P("Kinscope suggests, you decide: each correction is stored with your name and the time, shown "
               "on the map, and kept by every later pipeline run.", className="muted"),
        html.Label("Same person as…", htmlFor="same-as"),
        dcc.Dropdown(id=ids.SAME_AS, options=others, placeholder="pick someone on this map or search below",
                     className="dropdown", clearable=True),
        html.Label("Or search the maps of other children you can see", htmlFor="same-as-search"),
        html.Div(className="button-row", children=[
            dcc.Input(id=ids.SAME_AS_SEARCH, type="text", placeholder="a name", debounce=True, className="text-input"),
            html.Button("Search", id=ids.SAME_AS_SEARCH_GO, className="button", n_clicks=0),
            html.Button("Same person", id=ids.DECIDE_SAME, className="button", n_clicks=0),
        ]),
        html.Label("Names in the notes that are not this person", htmlFor="not-same-names"),
        dcc.Checklist(id=ids.NOT_SAME_NAMES, className="checklist", value=[],
                      options=[{"label": n, "value": n} for n in names]),
        html.Div(className="button-row", children=[
            html.Button("Not the same person", id=ids.DECIDE_NOT_SAME, className="button", n_clicks=0,
                        disabled=len(names) < (1 if records else 2)),
            html.Button("Not a person", id=ids.DECIDE_NOT_PERSON, className="button", n_clicks=0,
                        disabled=bool(records) or not names,
                        title="A heading, a word or a place: removed from every network"),
        ]),
        html.Label("Right relationship or role", htmlFor="correct-role"),
        dcc.Input(id=ids.CORRECT_ROLE, type="text", maxLength=80, className="text-input",
                  placeholder="e.g. maternal uncle, brother, IRO"),
        html.Label("Right group", htmlFor="correct-group"),
        dcc.Dropdown(id=ids.CORRECT_GROUP, options=group_options, placeholder="keep the group", className="dropdown"),
        html.Div(className="button-row", children=[
            html.Button("Save role / group", id=ids.DECIDE_ROLE, className="button", n_clicks=0),
            html.Button("Looks right", id=ids.DECIDE_LOOKS_RIGHT, className="button", n_clicks=0,
                        title="Mark this person as checked, as shown"),
        ]),
    ])


def actions_panel(member: dict[str, Any], records: list[dict[str, Any]], status: str | None = None, *,
                  names: list[str] | None = None, others: list[dict[str, str]] | None = None) -> html.Div:
    """Practitioner actions on one map member: flag risk/protective, hide from shared views, and
    (for a person merged from several records) confirm or split the merge record by record."""
    fl = ecomap.flags(member)
    parts: list[Any] = [
        html.H3("Practitioner actions"),
        html.Label("Reason (short; stored with your name and the time)", htmlFor="decision-reason"),
        dcc.Input(id=ids.DECISION_REASON, type="text", maxLength=300, className="text-input",
                  placeholder="e.g. threatened mum in March"),
        html.Div(className="button-row", children=[
            html.Button("Flag as risk", id=ids.DECIDE_RISK, className="button", n_clicks=0),
            html.Button("Flag as protective", id=ids.DECIDE_PROTECTIVE, className="button", n_clicks=0),
            html.Button("Clear flag", id=ids.DECIDE_CLEAR, className="button", n_clicks=0, disabled=not (fl & {"risk", "protective"})),
            html.Button("Show in shared views" if "hidden" in fl else "Hide from shared views",
                        id=ids.DECIDE_HIDE, className="button", n_clicks=0),
        ]),
    ]
    has_records = member.get("kind") == "person" and bool(records)
    records = records if has_records else []
    # always rendered (hidden when there is nothing to split): the callback needs all its inputs
    parts.append(html.Div(style=None if has_records else {"display": "none"}, children=[
            html.H4("Records merged into this person"),
            html.P("Untick records that are not this person, then split them off; or confirm that the "
                   "ticked records are one person. Kinscope suggests, you decide: every later pipeline "
                   "run keeps your decision.", className="muted"),
            dcc.Checklist(id=ids.MERGE_RECORDS, className="checklist", value=[r["relationship_id"] for r in records],
                          options=[{"label": f"{r.get('name') or '?'} — {r.get('relationship') or '?'} of "
                                             f"{r.get('child_name') or r['child_id']} ({r['relationship_id']})"
                                             + (" · decided by a practitioner" if r.get("method") == "practitioner" else ""),
                                    "value": r["relationship_id"]} for r in records]),
            html.Div(className="button-row", children=[
                html.Button("Confirm ticked records are one person", id=ids.DECIDE_CONFIRM, className="button",
                            n_clicks=0, disabled=len(records) < 2),
                html.Button("Split off unticked records", id=ids.DECIDE_SPLIT, className="button", n_clicks=0,
                            disabled=not records),
            ]),
        ]))
    parts.append(corrections_panel(member, records, names or [], others or []))
    parts.append(html.P(status or "", id=ids.DECISION_STATUS, className="muted", role="status"))
    return html.Div(parts, className="actions", id="actions")


def person_names(ev: dict[str, Any] | None) -> list[str]:
    """The distinct names the notes give a member (the choices for "Not the same")."""
    seen = [" ".join(str(m.get("mention_text") or "").split()) for m in (ev or {}).get("mentions") or []
            if m.get("label") == "PERSON"]
    return sorted({n for n in seen if n})


def evidence_panel(child_id: str, member: dict[str, Any], ev: dict[str, Any] | None, *,
                   conversation: bool = False, records: list[dict[str, Any]] | None = None,
                   status: str | None = None, others: list[dict[str, str]] | None = None,
                   contacts: list[dict[str, Any]] | None = None, as_of: date | None = None) -> list[Any]:
    """``contacts``: the member's recorded contact details, ``None`` for a user not permitted to see
    them (the section is left out); ``as_of``: the time slider's day, when ``member`` is as of then."""
    name = member.get("name") or "(no name)"
    out: list[Any] = [html.H2(name, id=ids.EVIDENCE_NAME)]
    if checked_words(member):
        out.append(html.P(checked_words(member), id="checked-by", className="checked"))
    roles = ecomap.known_roles(member)
    role_text = ", ".join(roles) or ("named in the notes" if member.get("roles") else "no role recorded")
    out.append(html.P([html.Strong(role_text), f" — {ecomap.group_label(member)}"], id="evidence-group"))
    if as_of is not None:
        out.append(html.P(f"As of {fmt_date(as_of)} (the time slider): the rank, roles and dates as they stood "
                          "then. The records below are all of them, up to now.", id="evidence-as-of", className="muted"))
    if not conversation:
        out.append(html.P(ecomap.explain_components(member.get("rank_components"), member), id="rank-why"))
        out.append(html.P(f"Confidence: {ecomap.confidence_bucket(member.get('confidence')).capitalize()}. "
                          f"First seen {fmt_date(member.get('first_seen'))}, last seen {fmt_date(member.get('last_seen'))} "
                          "(event dates).", className="muted"))
        fl = ecomap.flags(member)
        for d in member.get("decisions") or []:
            out.append(html.P(f"Practitioner: {DECISION_WORDS.get(d.get('kind'), d.get('kind'))}"
                              + (f" — {d.get('reason')}" if d.get("reason") else "")
                              + f" ({d.get('decided_by') or '?'}, {fmt_date(d.get('decided_at'))})", className="flag"))
        if "risk" in fl:
            out.append(html.P("Flagged as a risk by a practitioner.", className="flag"))
        if "protective" in fl:
            out.append(html.P("Flagged as protective by a practitioner.", className="flag protective"))
        if "hidden" in fl:
            out.append(html.P("Hidden from shared views and exports.", className="flag"))
    out.append(html.Button("Hide from this map", id=ids.HIDE_PERSON, className="button", n_clicks=0))
    if conversation:  # plain names and relationships: no notes, no ranks, no confidence
        out.append(html.P("Conversation mode: notes and professional detail are not shown.", className="muted"))
        return out
    out.append(actions_panel(member, records or [], status, names=person_names(ev), others=others))
    if ev is None:
        out.append(html.P("No evidence available.", className="muted"))
        return out
    if ev.get("name_history"):
        out.append(html.H3("Names and roles seen"))
        out.append(html.Ul([html.Li(f"{h['name']}" + (f" ({h['role']})" if h.get("role") else "")
                                    + f" — {fmt_date(h.get('first'))} to {fmt_date(h.get('last'))}, {h['count']}×")
                            for h in ev["name_history"][:20]], className="name-history"))
    if contacts is not None and member.get("kind") == "person":
        from dashboards.contacts import evidence_section

        out.append(evidence_section(contacts))
    if ev.get("records") or ev.get("allocations"):
        out.append(html.H3("Recorded"))
        items = []
        for r in ev.get("records") or []:
            items.append(html.Li(f"Significant adult record: {r.get('relationship') or '?'} "
                                 f"({fmt_date(r.get('start_date'))} – {fmt_date(r.get('end_date')) if r.get('end_date') else 'now'})"))
        for a in ev.get("allocations") or []:
            items.append(html.Li(f"Allocation: {a.get('role') or '?'}, {a.get('team') or '?'} "
                                 f"({fmt_date(a.get('start_date'))} – {fmt_date(a.get('end_date')) if a.get('end_date') else 'now'})"))
        out.append(html.Ul(items))
    mentions = ev.get("mentions") or []
    out.append(html.H3(f"Mentioned in {ev.get('record_total', 0)} records ({ev.get('mention_total', 0)} mentions), newest first"))
    cards = []
    for mn in mentions:
        href = f"/record/{mn['kind']}/{quote(str(mn['record_id']), safe='')}?" + urlencode(
            {"m": f"{mn.get('start')}-{mn.get('end')}"})
        excerpt = mn.get("excerpt") or ""
        prefix = "…" if (mn.get("excerpt_from") or 0) > 0 else ""
        cards.append(html.Li(className="evidence-item", children=[
            html.Div([html.Strong(fmt_date(mn.get("date"))), " · ",
                      "Note" if mn["kind"] == "note" else "Document", " · ", mn.get("record_type") or "",
                      " · ", mn.get("title") or ""], className="evidence-meta"),
            html.Blockquote([prefix, *highlighted(excerpt, int(mn.get("start") or 0), int(mn.get("end") or 0),
                                                   int(mn.get("excerpt_from") or 0)), "…"], className="snippet"),
            dcc.Link("Open " + ("note" if mn["kind"] == "note" else "document"), href=href, className="open-record"),
        ]))
    out.append(html.Ul(cards, className="evidence-list", id="evidence-list"))
    return out


# --------------------------------------------------------------------------- shared

def month_records(month: str, rows: list[dict[str, Any]]) -> list[Any]:
    """The records of one month of the time bar (a click on its bar), each linked to the record."""
    from dashboards.chronology import one_line_summary, record_href

    head = html.H3(f"Records in {fmt_month(month)} ({len(rows)})", id="month-records-title")
    if not rows:
        return [head, html.P("No records you may read in that month.", className="muted")]
    return [head, html.Ul(className="month-record-list", children=[html.Li([
        html.A(f"{fmt_date(r.get('date'))} · {'Note' if r.get('kind') == 'note' else 'Document'}"
               + (f" · {r['record_type']}" if r.get("record_type") else ""),
               href=record_href(r["kind"], r["record_id"]), className="month-record"),
        html.Span(" — " + one_line_summary(r.get("title"), r.get("opening"), r.get("record_type")))]) for r in rows])]


def fmt_month(month: str) -> str:
    try:
        return date.fromisoformat(month[:7] + "-01").strftime("%B %Y")
    except ValueError:
        return month


def not_found(message: str = "Not found, or you do not have access.") -> html.Div:
    return html.Div(className="page", children=[html.H1("Not available"), html.P(message, id="not-found")])


# --------------------------------------------------------------------------- a child's other pages

def child_links(child_id: str, practitioner: bool = False) -> html.Div:
    cid = quote(child_id, safe="")
    return html.Div(className="button-row mode-links", children=[
        dcc.Link("Printable page", href=f"/child/{cid}/print", className="button", id="link-print"),
        dcc.Link("Family-facing printable", href=f"/child/{cid}/print?family=1", className="button", id="link-print-family"),
        dcc.Link("FGC: wider family", href=f"/child/{cid}/fgc", className="button", id="link-fgc"),
        dcc.Link("Chronology", href=f"/child/{cid}/chronology", className="button", id="link-chronology"),
        dcc.Link("MACE: compare children", href=f"/mace?children={cid}", className="button", id="link-mace"),
        review_link() if practitioner else None,
    ])
