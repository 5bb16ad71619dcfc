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

from dashboards import chronology, ecomap, ids, member_list

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
        dcc.Store(id="child-id", data=cid),
        dcc.Store(id="months", data=months),
        dcc.Store(id="top-n", data=40),
        dcc.Store(id="expanded", data=[]),
        dcc.Store(id="hidden", data=[]),
        dcc.Store(id="selected-key", data=None),
        dcc.Store(id="decisions-version", data=0),
        dcc.Store(id="map-selection", data=None),
        html.Div(className="child-head", children=[
            html.H1(child.get("display_name") or cid, id="child-name"),
            html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="facts"),
            html.P(source_note, className="muted", id="map-source"),
            child_links(cid, practitioner),
            html.Div(className="child-search", children=[
                html.Label("Search this child's records", htmlFor="child-search-text"),
                dcc.Input(id="child-search-text", type="text", placeholder="e.g. safety plan",
                          debounce=True, className="text-input"),
                html.Button("Search", id="child-search-go", className="button", n_clicks=0),
            ]),
        ]),
        html.Div(className="map-grid", id="map-grid", children=[
            html.Div(className="controls", role="region", **{"aria-label": "Map filters"}, children=[
                html.H2("Show", className="h3"),
                html.Label("Mode", htmlFor="mode"),
                dcc.RadioItems(id="mode", value="standard", className="radio", options=[
                    {"label": "Practitioner", "value": "standard"},
                    {"label": "Conversation (plain, no risk flags)", "value": "conversation"}]),
                html.Label("Arrange in rings by", htmlFor="layout"),
                dcc.RadioItems(id="layout", value="rank", className="radio", options=[
                    {"label": "Rank", "value": "rank"}, {"label": "Category", "value": "category"}]),
                html.Label("Categories", htmlFor="categories"),
                dcc.Checklist(id="categories", value=list(ecomap.CATEGORIES), className="checklist", options=[
                    {"label": ecomap.CATEGORY_STYLE[c]["label"], "value": c} for c in ecomap.CATEGORIES]),
                html.Label("Confidence", htmlFor="confidence"),
                dcc.Checklist(id="confidence", value=["medium", "low"] if to_check else list(ecomap.CONFIDENCE_LEVELS),
                              inline=True,
                              className="toggle-buttons", options=[
                                  {"label": "High", "value": "high"}, {"label": "Medium", "value": "medium"},
                                  {"label": "Low", "value": "low"}]),
                html.Label("Find on the map", htmlFor="map-text"),
                dcc.Input(id="map-text", type="text", placeholder="name or role", debounce=True, className="text-input"),
                html.Div(className="button-row", children=[
                    html.Button("Show more", id="show-more", className="button", n_clicks=0),
                    html.Button("Show fewer", id="show-fewer", className="button", n_clicks=0),
                ]),
                html.Button("Unhide everyone", id="unhide", className="button", n_clicks=0),
                dcc.Checklist(id="show-hidden", value=[], className="checklist", options=[
                    {"label": "Show people hidden from shared views (practitioner only; not exported)", "value": "on"}]),
                dcc.Checklist(id="family-lines", value=[], className="checklist", options=[
                    {"label": "Lines between family members (partners, parents, brothers and sisters) where the "
                              "records say so", "value": "on"}]),
                html.H2("Export", className="h3"),
                html.Div(className="button-row", children=[
                    html.Button("PNG", id="export-png", className="button", n_clicks=0),
                    html.Button("SVG", id="export-svg", className="button", n_clicks=0),
                ]),
                html.P(id="export-status", className="muted"),
            ]),
            html.Div(className="map-column", children=[
                html.P(id="map-status", className="map-status", **{"aria-live": "polite"}),
                cyto.Cytoscape(id="ecomap", elements=[], layout={"name": "preset", "fit": True, "padding": 20},
                               stylesheet=ecomap.stylesheet(),
                               style={"width": "100%", "height": "max(420px, calc(100vh - 250px))"},
                               minZoom=0.15, maxZoom=3, boxSelectionEnabled=False, autoRefreshLayout=True,
                               responsive=True),
                html.Div(className="timebar", role="region", **{"aria-label": "Time bar"}, children=[
                    html.H2("Evidence over time", className="h3"),
                    html.P("Bars count the child's notes and documents per month by event date (when things "
                           "happened, not when they were recorded). Move the slider to see the network as it "
                           "was at the end of a month.", className="muted"),
                    dcc.Graph(id="timeline", config={"displayModeBar": False, "staticPlot": True},
                              style={"height": "120px"}),
                    html.Div(className="button-row", children=[
                        html.Button("▶ Play", id="play", className="button", n_clicks=0),
                        html.Button("Now", id="as-of-now", className="button", n_clicks=0),
                        html.Span(id="as-of-label", className="muted"),
                    ]),
                    # data-slider-label: the slider thumb's accessible name (set by assets/a11y.js)
                    html.Div(**{"data-slider-label": "Show the network as it was at the end of the month"},
                             children=dcc.Slider(id="as-of", min=0, max=max(0, len(months) - 1), step=1,
                                                 value=max(0, len(months) - 1), marks=slider_marks,
                                                 updatemode="mouseup", disabled=not months,
                                                 allow_direct_input=False)),
                    dcc.Interval(id="play-timer", interval=900, disabled=True),
                ]),
                html.Section(className="member-list", id="member-list-section", **{"aria-label": "People as a list"},
                             children=[
                    html.H2("The same people as a list", className="h3"),
                    html.P("Everyone the filters above select, including those in the grey groups.", className="muted"),
                    html.Label("Sort by", htmlFor="list-sort"),
                    dcc.RadioItems(id="list-sort", value="rank", inline=True, className="radio inline", options=[
                        {"label": label, "value": value} for value, label in member_list.SORTS.items()]),
                    html.Div(id="member-list"),
                ]),
            ]),
            # the key sits beside the map (visible at 1366×768 without scrolling), the evidence below it
            html.Div(className="side-column", children=[
                html.Div(id="legend-holder"),
                html.Aside(id="evidence", className="evidence", role="region", **{"aria-label": "Evidence"},
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
        dcc.Dropdown(id="same-as", options=others, placeholder="pick someone on this map or search below",
                     className="dropdown", clearable=True),
        html.Label("Or search the maps of other children you can see", htmlFor="same-as-search"),
        html.Div(className="button-row", children=[
            dcc.Input(id="same-as-search", type="text", placeholder="a name", debounce=True, className="text-input"),
            html.Button("Search", id="same-as-search-go", className="button", n_clicks=0),
            html.Button("Same person", id="decide-same", className="button", n_clicks=0),
        ]),
        html.Label("Names in the notes that are not this person", htmlFor="not-same-names"),
        dcc.Checklist(id="not-same-names", className="checklist", value=[],
                      options=[{"label": n, "value": n} for n in names]),
        html.Div(className="button-row", children=[
            html.Button("Not the same person", id="decide-not-same", className="button", n_clicks=0,
                        disabled=len(names) < (1 if records else 2)),
            html.Button("Not a person", id="decide-not-person", className="button", n_clicks=0,
                        disabled=bool(records) or not names,
                        title="A heading, a word or a place: removed from every network"),
        ]),
        html.Label("Right relationship or role", htmlFor="correct-role"),
        dcc.Input(id="correct-role", type="text", maxLength=80, className="text-input",
                  placeholder="e.g. maternal uncle, brother, IRO"),
        html.Label("Right group", htmlFor="correct-group"),
        dcc.Dropdown(id="correct-group", options=group_options, placeholder="keep the group", className="dropdown"),
        html.Div(className="button-row", children=[
            html.Button("Save role / group", id="decide-role", className="button", n_clicks=0),
            html.Button("Looks right", id="decide-looks-right", className="button", n_clicks=0,
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
        dcc.Input(id="decision-reason", type="text", maxLength=300, className="text-input",
                  placeholder="e.g. threatened mum in March"),
        html.Div(className="button-row", children=[
            html.Button("Flag as risk", id="decide-risk", className="button", n_clicks=0),
            html.Button("Flag as protective", id="decide-protective", className="button", n_clicks=0),
            html.Button("Clear flag", id="decide-clear", className="button", n_clicks=0, disabled=not (fl & {"risk", "protective"})),
            html.Button("Show in shared views" if "hidden" in fl else "Hide from shared views",
                        id="decide-hide", className="button", n_clicks=0),
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
            dcc.Checklist(id="merge-records", className="checklist", value=[r["relationship_id"] for r in records],
                          options=[{"label": f"{r.get('name') or '?'} — {r.get('relationship') or '?'} of "
                                             f"{r.get('child_name') or r['child_id']} ({r['relationship_id']})"
                                             + (" · decided by a practitioner" if r.get("method") == "practitioner" else ""),
                                    "value": r["relationship_id"]} for r in records]),
            html.Div(className="button-row", children=[
                html.Button("Confirm ticked records are one person", id="decide-confirm", className="button",
                            n_clicks=0, disabled=len(records) < 2),
                html.Button("Split off unticked records", id="decide-split", className="button", n_clicks=0,
                            disabled=not records),
            ]),
        ]))
    parts.append(corrections_panel(member, records, names or [], others or []))
    parts.append(html.P(status or "", id="decision-status", className="muted", role="status"))
    return html.Div(parts, className="actions", id="actions")


def person_names(ev: dict[str, Any] | None) -> list[str]:
    """The distinct names the notes give a member (the choices for "Not the same")."""
    seen = [" ".join(str(m.get("mention_text") or "").split()) for m in (ev or {}).get("mentions") or []
            if m.get("label") == "PERSON"]
    return sorted({n for n in seen if n})


def evidence_panel(child_id: str, member: dict[str, Any], ev: dict[str, Any] | None, *,
                   conversation: bool = False, records: list[dict[str, Any]] | None = None,
                   status: str | None = None, others: list[dict[str, str]] | None = None,
                   contacts: list[dict[str, Any]] | None = None) -> list[Any]:
    """``contacts``: the member's recorded contact details, ``None`` for a user not permitted to see
    them (the section is left out)."""
    name = member.get("name") or "(no name)"
    out: list[Any] = [html.H2(name, id="evidence-name")]
    if checked_words(member):
        out.append(html.P(checked_words(member), id="checked-by", className="checked"))
    roles = ecomap.known_roles(member)
    role_text = ", ".join(roles) or ("named in the notes" if member.get("roles") else "no role recorded")
    out.append(html.P([html.Strong(role_text), f" — {ecomap.group_label(member)}"], id="evidence-group"))
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
    out.append(html.Button("Hide from this map", id="hide-person", className="button", n_clicks=0))
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


# --------------------------------------------------------------------------- viewer

def record_page(rec: dict[str, Any], focus: tuple[int, int] | None, terms: list[str] | None = None) -> html.Div:
    text = rec.get("text") or ""
    marks = sorted({(int(m["start"]), int(m["end"])) for m in rec.get("mentions") or []
                    if m.get("start") is not None and m.get("end") is not None and 0 <= int(m["start"]) < int(m["end"]) <= len(text)})
    if focus and 0 <= focus[0] < focus[1] <= len(text) and focus not in marks:
        marks = sorted(set(marks) | {focus})
    pieces: list[Any] = []
    pos = 0
    for s, e in marks:
        if s < pos:
            continue  # overlapping mention: keep the first
        if s > pos:
            pieces.append(text[pos:s])
        is_focus = focus == (s, e)
        if is_focus:
            pieces.append(html.Mark(text[s:e], className="mention focus", id="mention-focus"))
        else:
            pieces.append(html.Mark(text[s:e], className="mention"))
        pos = e
    pieces.append(text[pos:])
    kind_word = "Case note" if rec["kind"] == "note" else "Document"
    date_word = "Event date" if rec["kind"] == "note" else "Document date"
    meta = [(date_word, fmt_date(rec.get("date"))),
            ("Recorded" if rec["kind"] == "note" else "Uploaded", fmt_date(rec.get("recorded_at"))),
            ("Type", rec.get("record_type") or "—")]
    if rec.get("author"):
        meta.append(("Author", rec["author"]))
    if rec.get("restricted"):
        meta.append(("Access", "Restricted record"))
    body: Any
    if text:
        body = html.Div(pieces, className="record-text", id="record-text")
    else:
        body = html.P("The text of this document has not been extracted yet"
                      + (f" (status: {rec.get('text_status')})." if rec.get("text_status") else "."), className="muted")
    return html.Div(className="page record-page", children=[
        html.P(dcc.Link(f"← {rec.get('child_name') or rec['child_id']}'s map",
                        href=f"/child/{quote(rec['child_id'], safe='')}")),
        html.H1(f"{kind_word}: {rec.get('title') or rec['record_id']}", id="record-title"),
        html.Dl([x for k, v in meta for x in (html.Dt(k), html.Dd(v))], className="facts"),
        html.P("Shown as text inside Kinscope; it cannot be downloaded from here." if rec["kind"] == "document" else "",
               className="muted"),
        body,
    ])


# --------------------------------------------------------------------------- search

SEARCH_ORDER_WORDS = {"newest": "newest first (event date)", "oldest": "oldest first (event date)",
                      "relevance": "best match first"}


def search_page(q: str = "", child: str = "", kind: str = "", date_from: str = "", date_to: str = "",
                order: str = "newest", record_type: str = "") -> html.Div:
    return html.Div(className="page", children=[
        html.H1("Search case notes and documents"),
        html.P("All words must appear; use \"quotes\" for a phrase. Every filter is applied before counting, "
               "so the count is of everything that matches, and the pages go through all of it.", className="muted"),
        dcc.Store(id="search-skip", data=0),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Words", htmlFor="search-text"),
                      dcc.Input(id="search-text", type="text", value=q, debounce=True, className="text-input wide")]),
            html.Div([html.Label("Child (case reference)", htmlFor="search-child"),
                      dcc.Input(id="search-child", type="text", value=child, debounce=True, className="text-input")]),
            html.Div([html.Label("Notes or documents", htmlFor="search-kind"),
                      dcc.Dropdown(id="search-kind", value=kind or None, clearable=True, searchable=False,
                                   options=[{"label": "Case notes", "value": "note"},
                                            {"label": "Documents", "value": "document"}])]),
            html.Div([html.Label("Type (e.g. Safety plan)", htmlFor="search-type"),
                      dcc.Input(id="search-type", type="text", value=record_type, debounce=True, className="text-input")]),
            html.Div([html.Label("From (YYYY-MM-DD)", htmlFor="search-from"),
                      dcc.Input(id="search-from", type="text", value=date_from, debounce=True, className="text-input")]),
            html.Div([html.Label("To (YYYY-MM-DD)", htmlFor="search-to"),
                      dcc.Input(id="search-to", type="text", value=date_to, debounce=True, className="text-input")]),
            html.Button("Search", id="search-go", className="button primary", n_clicks=0),
        ]),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Order", htmlFor="search-order"),
                      dcc.RadioItems(id="search-order", value=order if order in SEARCH_ORDER_WORDS else "newest",
                                     inline=True, className="radio inline", options=[
                                         {"label": "Newest first", "value": "newest"},
                                         {"label": "Oldest first", "value": "oldest"},
                                         {"label": "Best match", "value": "relevance"}])]),
        ]),
        html.Div(id="search-results", **{"aria-live": "polite"}),
        html.Div(className="button-row", children=[
            html.Button("← Previous 50", id="search-prev", className="button", n_clicks=0, disabled=True),
            html.Button("Next 50 →", id="search-next", className="button", n_clicks=0, disabled=True),
        ]),
    ])


def search_results(rows: list[dict[str, Any]], q: str, searched: bool, *, total: int | None = None,
                   skip: int = 0, order: str = "newest", capped: bool = False) -> Any:
    if not searched:
        return ""
    total = len(rows) if total is None else total
    if not rows:
        return html.P("Nothing found.", className="muted", id="search-none")
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
    return html.Div([html.P(f"Showing {shown} of {of}, {SEARCH_ORDER_WORDS.get(order, order)}.", id="search-count"),
                     html.Ol(items, className="results", id="search-list", start=skip + 1)])


# --------------------------------------------------------------------------- shared

def not_found(message: str = "Not found, or you do not have access.") -> html.Div:
    return html.Div(className="page", children=[html.H1("Not available"), html.P(message, id="not-found")])


# --------------------------------------------------------------------------- printable page, modes

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


def people_rows(members: list[dict[str, Any]], *, family: bool) -> list[dict[str, str]]:
    """The printable list: name, role, category (and, for practitioners, confidence and flags)."""
    out = []
    for m in members:
        row = {"name": str(m.get("name") or ""), "role": ecomap.short_role(m) or "—",
               "group": ecomap.group_label(m)}
        if not family:
            fl = ecomap.flags(m)
            row["confidence"] = ecomap.confidence_bucket(m.get("confidence")).capitalize()
            row["flag"] = ", ".join(sorted(x for x in fl if x != "hidden")) or ""
        out.append(row)
    return out


def print_page(child: dict[str, Any], elements: list[dict[str, Any]], legend_entries: list[dict[str, Any]],
               members: list[dict[str, Any]], *, family: bool, total: int, to_check: int = 0) -> html.Div:
    name = child.get("display_name") or child["child_id"]
    rows = people_rows(members, family=family)
    cols = ["name", "role", "group"] + ([] if family else ["confidence", "flag"])
    heads = {"name": "Name", "role": "Relationship / role", "group": "Group", "confidence": "Confidence",
             "flag": "Practitioner flag"}
    return html.Div(className="page print-page" + (" family-print" if family else ""), children=[
        html.Div(className="no-print button-row", children=[
            dcc.Link(f"← {name}'s map", href=f"/child/{quote(child['child_id'], safe='')}"),
            html.Button("Print", id="print-now", className="button primary", n_clicks=0),
        ]),
        html.H1(f"{name}'s network" if family else f"Ecomap: {name} ({child['child_id']})", id="print-title"),
        html.P("The people and places in " + (f"{name}'s life, as we understand them." if family else
               f"the network, top {len(members)} of {total} by rank, as of {fmt_date(date.today())}. "
               "Kinscope suggests; the practitioner decides."), className="muted"),
        html.P(["Only people a practitioner has checked, or Kinscope is confident about. ",
                more_to_check(child["child_id"], to_check)], className="muted no-print", id="print-checked-only")
        if to_check else None,
        cyto.Cytoscape(id="print-map", elements=elements, layout={"name": "preset", "fit": True, "padding": 20},
                       stylesheet=ecomap.stylesheet(large_text=family), userZoomingEnabled=False,
                       userPanningEnabled=False, autoungrabify=True, boxSelectionEnabled=False,
                       style={"width": "100%", "height": "560px"}),
        legend(legend_entries),
        html.H2("People", className="h3"),
        html.Table(className="table", id="print-people", children=[
            html.Thead(html.Tr([html.Th(heads[c]) for c in cols])),
            html.Tbody([html.Tr([html.Td(r[c]) for c in cols]) for r in rows]),
        ]),
    ])


def fgc_page(child: dict[str, Any], in_notes: list[dict[str, Any]], relatives: list[dict[str, Any]], *,
             to_check: int = 0) -> html.Div:
    cid = child["child_id"]
    name = child.get("display_name") or cid
    return html.Div(className="page", children=[
        html.P(dcc.Link(f"← {name}'s map", href=f"/child/{quote(cid, safe='')}")),
        html.H1(f"Family group conference: {name}'s wider family", id="fgc-title"),
        html.P("People to think about inviting or asking about. Suggestions from the records: check each "
               "one with the family before planning.", className="muted"),
        html.A("Download the list (CSV)", href=f"/child/{quote(cid, safe='')}/fgc.csv", className="button", id="fgc-csv"),
        html.P("Each name opens the evidence for that person on the map.", className="muted"),
        html.H2("In the notes but not in the recorded relationships", className="h3"),
        html.P(["Only people a practitioner has checked, or Kinscope is confident about. ",
                more_to_check(cid, to_check)], className="muted", id="fgc-checked-only") if to_check else None,
        html.Table(className="table", id="fgc-notes", children=[
            html.Thead(html.Tr([html.Th(h) for h in ("Name", "Role in the notes", "Group", "Why suggested",
                                                     "Last mentioned")])),
            html.Tbody([html.Tr([
                html.Td(html.A(m.get("name") or "(no name)", className="fgc-evidence",
                               href=evidence_href(cid, m["key"], ecomap.category_of(m)))),
                html.Td(ecomap.short_role(m) or "—"), html.Td(ecomap.group_label(m)),
                html.Td(ecomap.fgc_reason_in_notes(m), className="fgc-why"),
                html.Td(fmt_date(m.get("last_seen")))]) for m in in_notes]),
        ]) if in_notes else html.P("Nobody.", className="muted"),
        html.H2("Relatives of relatives (recorded for brothers and sisters)", className="h3"),
        html.Table(className="table", id="fgc-relatives", children=[
            html.Thead(html.Tr([html.Th(h) for h in ("Name", "Relationship to the sibling", "Sibling", "Linked through",
                                                     "Why suggested")])),
            html.Tbody([html.Tr([
                html.Td(html.A(r.get("name") or "(no name)", className="fgc-evidence",
                               href=evidence_href(cid if r.get("on_map") else r["sibling_id"], r["key"]))),
                html.Td(r.get("relationship_to_sibling") or "—"),
                html.Td(r.get("sibling_name") or r["sibling_id"]),
                html.Td(", ".join(x for x in r.get("through") or [] if x)),
                html.Td(ecomap.fgc_reason_relative(r), className="fgc-why")]) for r in relatives]),
        ]) if relatives else html.P("Nobody.", className="muted"),
    ])


def mace_page(children_text: str = "", cohort: str = "") -> html.Div:
    return html.Div(className="page", children=[
        html.H1("MACE: children compared"),
        html.P("Pick several children (case references) or a group of children Kinscope found together: "
               "the people and places they share, and the chains of ties between two of them. Peer maps are "
               "for safeguarding, not for labelling children: children are shown by initials unless you untick it.", className="muted"),
        html.Div(className="form-row", children=[
            html.Div([html.Label("Children (case references, comma separated)", htmlFor="mace-children"),
                      dcc.Input(id="mace-children", type="text", value=children_text, debounce=True, className="text-input wide")]),
            html.Div([html.Label("or a group of children found together (its number)", htmlFor="mace-cohort"),
                      dcc.Input(id="mace-cohort", type="text", value=cohort, debounce=True, className="text-input")]),
            dcc.Checklist(id="mace-initials", value=["on"], className="checklist",
                          options=[{"label": "Children and peers by initials only", "value": "on"}]),
            html.Button("Compare", id="mace-go", className="button primary", n_clicks=0),
        ]),
        html.Div(id="mace-results", **{"aria-live": "polite"}),
    ])


def _link_words(link: dict[str, Any]) -> str:
    """How a child knows a shared person: the roles, else the group ("Role not known", never "Community")."""
    roles = ecomap.known_roles(link)
    if roles:
        return ", ".join(roles)
    return ecomap.group_label(link) if link.get("category") in ecomap.CATEGORY_STYLE else str(link.get("category") or "—")


def mace_results(children: list[dict[str, Any]], shared: list[dict[str, Any]], paths: list[dict[str, Any]],
                 *, initials: bool) -> Any:
    if len(children) < 2:
        return html.P("Pick at least two children you have access to.", className="muted", id="mace-none")
    peer_keys = {s["key"] for s in shared if s["kind"] == "child"
                 or any(l.get("category") == "friend_or_peer" for l in s.get("links") or [])}
    names = {c["child_id"]: (ecomap.initials(c.get("display_name")) if initials else (c.get("display_name") or c["child_id"]))
             for c in children}

    def shown(key: str, name: str | None, kind: str) -> str:
        if key in names:
            return names[key]
        if initials and (kind == "child" or key in peer_keys):
            return ecomap.initials(name)
        return name or key

    out: list[Any] = [html.P("Comparing: " + "; ".join(f"{names[c['child_id']]} ({c['child_id']})" for c in children),
                             id="mace-children-list")]
    out.append(html.H2(f"Shared people and places ({len(shared)})", className="h3"))
    out.append(html.Table(className="table", id="mace-shared", children=[
        html.Thead(html.Tr([html.Th(h) for h in ("Shared", "Kind", "Children", "How each child knows them")])),
        html.Tbody([html.Tr([
            html.Td(html.Strong(shown(s["key"], s.get("name"), s["kind"]))), html.Td(s["kind"]),
            html.Td(str(len(s["children"]))),
            html.Td("; ".join(f"{names.get(l['child_id'], l['child_id'])}: {_link_words(l)}"
                              for l in s.get("links") or [])),
        ], className="shared-row") for s in shared]),
    ]) if shared else html.P("Nothing shared.", className="muted"))
    if paths:
        a, b = children[0]["child_id"], children[1]["child_id"]
        out.append(html.H2(f"Chains of ties between {names[a]} and {names[b]}", className="h3"))
        out.append(html.Ol(id="mace-paths", children=[
            html.Li(" → ".join(shown(n["key"], n.get("name"), n["kind"]) for n in p["nodes"])) for p in paths]))
    return html.Div(out)


# --------------------------------------------------------------------------- chronology

def chronology_page(child: dict[str, Any], items: list[dict[str, Any]], undated: int, *,
                    person: str | None = None, record_type: str | None = None) -> html.Div:
    """A child's chronology: filters (person, type), print, CSV and Word exports, the table."""
    cid = child["child_id"]
    name = child.get("display_name") or cid
    return html.Div(className="page chronology-page", children=[
        dcc.Store(id="chron-child", data=cid),
        html.P(dcc.Link(f"← {name}'s map", href=f"/child/{quote(cid, safe='')}"), className="no-print"),
        html.H1(f"Chronology: {name} ({cid})", id="chron-title"),
        html.P("Dated notes and documents, oldest first (event dates). Who was involved: the people on "
               "the map the record mentions. Each summary is the record's subject, or its first sentence; "
               "open the record to read it in full.", className="muted"),
        html.Div(className="form-row no-print", children=[
            html.Div([html.Label("Person involved", htmlFor="chron-person"),
                      dcc.Dropdown(id="chron-person", value=person, clearable=True, placeholder="Anyone",
                                   options=chronology.person_options(items))]),
            html.Div([html.Label("Type", htmlFor="chron-type"),
                      dcc.Dropdown(id="chron-type", value=record_type, clearable=True, searchable=False,
                                   placeholder="Any type", options=chronology.type_options(items))]),
            html.Div(className="button-row", children=[
                html.Button("Print", id="print-now", className="button", n_clicks=0),
                html.A("Download CSV", id="chron-csv", className="button", href=f"/child/{quote(cid, safe='')}/chronology.csv"),
                html.A("Download Word (DOCX)", id="chron-docx", className="button",
                       href=f"/child/{quote(cid, safe='')}/chronology.docx"),
            ]),
        ]),
        html.P(f"{undated} record(s) with no date are not listed." if undated else "", className="muted",
               id="chron-undated"),
        html.Div(id="chron-results", **{"aria-live": "polite"}),
    ])


def chronology_table(items: list[dict[str, Any]], filters_text: str) -> Any:
    head = html.P(f"{filters_text}: {len(items)}.", id="chron-filter-line")
    if not items:
        return html.Div([head, html.P("Nothing to list.", className="muted", id="chron-none")])
    return html.Div([head, html.Table(className="table chronology", id="chron-table", children=[
        html.Thead(html.Tr([html.Th(h) for h in ("Date", "Type", "Who was involved", "Summary")])),
        html.Tbody([html.Tr(className="chron-row", children=[
            html.Td(fmt_date(e["date"]), className="chron-date"),
            html.Td(("Note" if e["kind"] == "note" else "Document") + " · " + e["type"]),
            html.Td(", ".join(p["name"] for p in e["people"]) or "—", className="chron-people"),
            html.Td(dcc.Link(e["summary"], href=e["href"], className="chron-link")),
        ]) for e in items]),
    ])])
