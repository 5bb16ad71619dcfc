"""The printable pages of a child's map: the practitioner's (top 60 by rank, confidence and flags)
and the family-facing one (``?family=1``: High-confidence or practitioner-checked people only,
plain names, no ranks or flags). Both leave out people hidden from shared views (the map's
view) and are audited as exports."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

import dash_cytoscape as cyto
from dash import dcc, html

from dashboards import corrections, ecomap, ids, plain_view
from dashboards.views import fmt_date, legend, more_to_check, not_found
from graph_model import queries

PATH = "/child/<child_id>/print"
TOP_N = 60


def layout(cx: Any, user: Any, query: dict[str, str], child_id: str) -> Any:
    family = query.get("family") == "1"
    child = queries.child_summary(cx.driver, cx.viewer(user), child_id, database=cx.database)
    if child is None:
        cx.audit("export", f"child:{child_id}", {"format": "print", "result": "not available"})
        return not_found()
    members = cx.members(user, child_id)["members"]
    to_check = 0
    if family:  # the family-facing page: High-confidence or practitioner-checked people only
        members, to_check = corrections.checked_only(members)
    elements, sel = ecomap.build_elements(child, members, ecomap.View(top_n=TOP_N, show_flags=not family))
    shown = sel.shown
    cx.audit("export", f"child:{child_id}", {"format": "print", "family": family, "people": len(shown)})
    entries = ecomap.legend_entries(shown, show_flags=not family)
    if family:
        elements, entries = plain_view.plain_elements(elements), plain_view.family_legend(entries)
    return page(child, elements, entries, shown, family=family, total=sel.matched, to_check=to_check)


def people_rows(members: list[dict[str, Any]], *, family: bool) -> list[dict[str, str]]:
    """The printable list: name, role, category (and, for practitioners, confidence and flags)."""
    out = []
    for m in members:
        row = {"name": str(m.get("name") or ""), "role": ecomap.short_role(m) or "—",
               "group": ecomap.group_label(m)}
        if not family:
            row["confidence"] = ecomap.confidence_bucket(m.get("confidence")).capitalize()
            row["flag"] = ", ".join(sorted(x for x in ecomap.flags(m) if x != "hidden")) or ""
        out.append(row)
    return out


def page(child: dict[str, Any], elements: list[dict[str, Any]], legend_entries: list[dict[str, Any]],
         members: list[dict[str, Any]], *, family: bool, total: int, to_check: int = 0) -> html.Div:
    name = child.get("display_name") or child["child_id"]
    rows = people_rows(members, family=family)
    cols = ["name", "role", "group"] + ([] if family else ["confidence", "flag"])
    heads = {"name": "Name", "role": "Relationship / role", "group": "Group", "confidence": "Confidence",
             "flag": "Practitioner flag"}
    return html.Div(className="page print-page" + (" family-print" if family else ""), children=[
        html.Div(className="no-print button-row", children=[
            dcc.Link(f"← {name}'s map", href=f"/child/{quote(child['child_id'], safe='')}"),
            html.Button("Print", id=ids.PRINT_NOW, className="button primary", n_clicks=0),
        ]),
        html.H1(f"{name}'s network" if family else f"Ecomap: {name} ({child['child_id']})", id=ids.PRINT_TITLE),
        html.P("The people and places in " + (f"{name}'s life, as we understand them." if family else
               f"the network, top {len(members)} of {total} by rank, as of {fmt_date(date.today())}. "
               "Kinscope suggests; the practitioner decides."), className="muted"),
        html.P(["Only people a practitioner has checked, or Kinscope is confident about. ",
                more_to_check(child["child_id"], to_check)], className="muted no-print", id=ids.PRINT_CHECKED_ONLY)
        if to_check else None,
        cyto.Cytoscape(id=ids.PRINT_MAP, elements=elements, layout={"name": "preset", "fit": True, "padding": 20},
                       stylesheet=ecomap.stylesheet(large_text=family), userZoomingEnabled=False,
                       userPanningEnabled=False, autoungrabify=True, boxSelectionEnabled=False,
                       style={"width": "100%", "height": "560px"}),
        legend(legend_entries),
        html.H2("People", className="h3"),
        html.Table(className="table", id=ids.PRINT_PEOPLE, children=[
            html.Thead(html.Tr([html.Th(heads[c]) for c in cols])),
            html.Tbody([html.Tr([html.Td(r[c]) for c in cols]) for r in rows]),
        ]),
    ])
