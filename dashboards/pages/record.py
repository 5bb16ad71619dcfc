"""One case note or document, opened from the map's evidence, a search or the chronology: its text
with the mentions marked (the one the user came from focused and scrolled to). The query returns
nothing for a record the user may not read, and the page says so; every opening is audited."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dash import dcc, html

from dashboards import ids
from dashboards.views import fmt_date, not_found
from graph_model import queries

PATH = "/record/<kind>/<record_id>"


def focus_of(query: dict[str, str]) -> tuple[int, int] | None:
    """The mention to focus (``?m=start-end``), or None when absent or not two numbers."""
    try:
        start, end = (int(x) for x in query["m"].split("-", 1))
    except (KeyError, ValueError):
        return None
    return start, end


def layout(cx: Any, user: Any, query: dict[str, str], kind: str, record_id: str) -> Any:
    rec = queries.open_record(cx.driver, cx.viewer(user), kind, record_id, database=cx.database)
    if rec is None:
        cx.audit("open", f"{kind}:{record_id}", {"result": "not available"})
        return not_found()
    cx.audit("open", f"{kind}:{record_id}", {"child": rec["child_id"]}, about_children=[rec["child_id"]])
    return page(rec, focus_of(query))


def marked_text(text: str, mentions: list[dict[str, Any]], focus: tuple[int, int] | None) -> list[Any]:
    """The text as strings and marks: every mention marked, overlapping ones after the first skipped."""
    marks = sorted({(int(m["start"]), int(m["end"])) for m in mentions
                    if m.get("start") is not None and m.get("end") is not None
                    and 0 <= int(m["start"]) < int(m["end"]) <= len(text)})
    if focus and 0 <= focus[0] < focus[1] <= len(text) and focus not in marks:
        marks = sorted(set(marks) | {focus})
    pieces: list[Any] = []
    pos = 0
    for s, e in marks:
        if s < pos:
            continue  # overlapping mention: keep the first
        if s > pos:
            pieces.append(text[pos:s])
        if focus == (s, e):
            pieces.append(html.Mark(text[s:e], className="mention focus", id=ids.MENTION_FOCUS))
        else:
            pieces.append(html.Mark(text[s:e], className="mention"))
        pos = e
    pieces.append(text[pos:])
    return pieces


def page(rec: dict[str, Any], focus: tuple[int, int] | None) -> html.Div:
    text = rec.get("text") or ""
    note = rec["kind"] == "note"
    meta = [("Event date" if note else "Document date", fmt_date(rec.get("date"))),
            ("Recorded" if note else "Uploaded", fmt_date(rec.get("recorded_at"))),
            ("Type", rec.get("record_type") or "—")]
    if rec.get("author"):
        meta.append(("Author", rec["author"]))
    if rec.get("restricted"):
        meta.append(("Access", "Restricted record"))
    body: Any
    if text:
        body = html.Div(marked_text(text, rec.get("mentions") or [], focus), className="record-text", id=ids.RECORD_TEXT)
    else:
        body = html.P("The text of this document has not been extracted yet"
                      + (f" (status: {rec.get('text_status')})." if rec.get("text_status") else "."), className="muted")
    return html.Div(className="page record-page", children=[
        html.P(dcc.Link(f"← {rec.get('child_name') or rec['child_id']}'s map",
                        href=f"/child/{quote(rec['child_id'], safe='')}")),
        html.H1(f"{'Case note' if note else 'Document'}: {rec.get('title') or rec['record_id']}", id=ids.RECORD_TITLE),
        html.Dl([x for k, v in meta for x in (html.Dt(k), html.Dd(v))], className="facts"),
        html.P("" if note else "Shown as text inside Kinscope; it cannot be downloaded from here.", className="muted"),
        body,
    ])
