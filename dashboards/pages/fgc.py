"""Family group conference: the child's wider family to think about inviting -- people in the
notes (checked or High-confidence only, with "N more to check") and relatives recorded for the
child's brothers and sisters the user may see -- each name linked to its evidence, with why it is
suggested; and the same list as CSV (``/child/<id>/fgc.csv``, served here). Who is listed is
:mod:`dashboards.fgc_selection`; the reads are the viewer's (:mod:`graph_model.queries`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import flask
from dash import dcc, html

from dashboards import contacts as contact_details
from dashboards import ecomap, exports, fgc_selection, ids
from dashboards.views import evidence_href, fmt_date, more_to_check, not_found
from graph_model import queries

PATH = "/child/<child_id>/fgc"
CONTACT_HEADING = "Contact details (as recorded)"


def data(cx: Any, user: Any, child_id: str) -> tuple | None:
    """``(child, in_notes, relatives, to_check)``; None when the user may not see the child."""
    viewer = cx.viewer(user)
    child = queries.child_summary(cx.driver, viewer, child_id, database=cx.database)
    if child is None:
        return None
    members = cx.members(user, child_id)["members"]
    relatives = queries.fgc_relatives_of_relatives(cx.driver, viewer, child_id, database=cx.database)
    return (child, *fgc_selection.select(members, relatives))


def contacts(cx: Any, user: Any, child_id: str, in_notes: list[dict[str, Any]],
             relatives: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]] | None:
    """Recorded contact details of the listed people (coordinators invite them), for users whose
    role permits them (``User.may_see_contact_details``); ``None`` for anyone else."""
    if not user.may_see_contact_details:
        return None
    keys = [m["key"] for m in in_notes] + [r["key"] for r in relatives]
    return queries.contact_details(cx.driver, cx.viewer(user), child_id, keys, database=cx.database)


def layout(cx: Any, user: Any, query: dict[str, str], child_id: str) -> Any:
    found = data(cx, user, child_id)
    if found is None:
        cx.audit("view", f"child:{child_id}", {"mode": "fgc", "result": "not available"})
        return not_found()
    child, in_notes, relatives, to_check = found
    details = contacts(cx, user, child_id, in_notes, relatives)
    cx.audit("view", f"child:{child_id}", {"mode": "fgc", "in_notes": len(in_notes), "relatives": len(relatives),
                                           **({"contact_details": len(details)} if details is not None else {})})
    return page(child, in_notes, relatives, to_check=to_check, contacts=details)


def page(child: dict[str, Any], in_notes: list[dict[str, Any]], relatives: list[dict[str, Any]], *,
         to_check: int = 0, contacts: dict[str, list[dict[str, Any]]] | None = None) -> html.Div:
    """``contacts``: person key -> recorded contact details; ``None``: no contact column."""
    cid = child["child_id"]
    contact_head = (CONTACT_HEADING,) if contacts is not None else ()

    def contact_cell(key: str) -> list[Any]:
        if contacts is None:
            return []
        return [html.Td(contact_details.cell(contacts.get(key)) or "—", className="fgc-contact")]

    name = child.get("display_name") or cid
    return html.Div(className="page", children=[
        html.P(dcc.Link(f"← {name}'s map", href=f"/child/{quote(cid, safe='')}")),
        html.H1(f"Family group conference: {name}'s wider family", id=ids.FGC_TITLE),
        html.P("People to think about inviting or asking about. Suggestions from the records: check each "
               "one with the family before planning.", className="muted"),
        html.A("Download the list (CSV)", href=f"/child/{quote(cid, safe='')}/fgc.csv", className="button", id=ids.FGC_CSV),
        html.P("Each name opens the evidence for that person on the map.", className="muted"),
        html.H2("In the notes but not in the recorded relationships", className="h3"),
        html.P(["Only people a practitioner has checked, or Kinscope is confident about. ",
                more_to_check(cid, to_check)], className="muted", id=ids.FGC_CHECKED_ONLY) if to_check else None,
        html.Table(className="table", id=ids.FGC_NOTES, children=[
            html.Thead(html.Tr([html.Th(h) for h in ("Name", "Role in the notes", "Group", "Why suggested",
                                                     "Last mentioned") + contact_head])),
            html.Tbody([html.Tr([
                html.Td(html.A(m.get("name") or "(no name)", className="fgc-evidence",
                               href=evidence_href(cid, m["key"], ecomap.category_of(m)))),
                html.Td(ecomap.short_role(m) or "—"), html.Td(ecomap.group_label(m)),
                html.Td(ecomap.fgc_reason_in_notes(m), className="fgc-why"),
                html.Td(fmt_date(m.get("last_seen")))] + contact_cell(m["key"])) for m in in_notes]),
        ]) if in_notes else html.P("Nobody.", className="muted"),
        html.H2("Relatives of relatives (recorded for brothers and sisters)", className="h3"),
        html.Table(className="table", id=ids.FGC_RELATIVES, children=[
            html.Thead(html.Tr([html.Th(h) for h in ("Name", "Relationship to the sibling", "Sibling", "Linked through",
                                                     "Why suggested") + contact_head])),
            html.Tbody([html.Tr([
                html.Td(html.A(r.get("name") or "(no name)", className="fgc-evidence",
                               href=fgc_selection.relative_href(cid, r))),
                html.Td(r.get("relationship_to_sibling") or "—"),
                html.Td(r.get("sibling_name") or r["sibling_id"]),
                html.Td(", ".join(x for x in r.get("through") or [] if x)),
                html.Td(ecomap.fgc_reason_relative(r), className="fgc-why")] + contact_cell(r["key"])) for r in relatives]),
        ]) if relatives else html.P("Nobody.", className="muted"),
    ])


def csv_export(cx: Any, child_id: str) -> Any:
    user = cx.user()
    found = data(cx, user, child_id)
    if found is None:
        cx.audit("denied", f"child:{child_id}", {"format": "fgc.csv", "result": "not available"})
        return flask.Response("Not found, or you do not have access.", status=404, mimetype="text/plain")
    _child, in_notes, relatives, _to_check = found
    details = contacts(cx, user, child_id, in_notes, relatives)
    cx.audit("export", f"child:{child_id}", {"format": "fgc.csv", "rows": len(in_notes) + len(relatives),
                                             **({"contact_details": len(details)} if details is not None else {})})
    header, rows = fgc_selection.CSV_HEADER, fgc_selection.csv_rows(child_id, in_notes, relatives)
    if details is not None:  # permitted users only: one more column, the same lines as the page
        keys = [m["key"] for m in in_notes] + [r["key"] for r in relatives]
        header = (*header, "contact_details_as_recorded")
        rows = [[*row, contact_details.cell(details.get(key))] for row, key in zip(rows, keys)]
    body = exports.csv_text(header, rows)
    return flask.Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=fgc-{exports.safe_filename(child_id)}.csv"})


def register(app: Any, cx: Any) -> None:
    app.server.add_url_rule("/child/<child_id>/fgc.csv", "fgc_csv", lambda child_id: csv_export(cx, child_id))
