"""The "Review possible duplicates" page: the linker's "possibly the same" record pairs on the
user's children, each answered in two clicks (choose Same person / Not the same / Not sure, then
confirm), the pairs the linker is least sure of first. Layout only: the queue comes from
``graph_model.decisions.review_pairs``; each answer is also a training label for the council's
record model (``linkage.council_model``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from dash import dcc, html

from dashboards import ids
from dashboards.views import fmt_date
from linkage.review_label import ANSWER_WORDS, reason_lines

__all__ = ["ANSWER_WORDS", "choice_words", "pair_rows", "reason_lines", "review_page"]
PAGE_SIZE = 20


def _record_cell(rec: dict[str, Any]) -> html.Div:
    name = " ".join(p for p in (rec.get("given_name"), rec.get("family_name")) if p) or "(no name)"
    cid = rec.get("child_id") or ""
    return html.Div(className="review-record", children=[
        html.Strong(name),
        html.Div(f"Date of birth {fmt_date(rec.get('date_of_birth'))}"),
        html.Div(f"{rec.get('relationship') or 'Relationship not recorded'} of ",
                 style={"display": "inline"}),
        dcc.Link(cid, href=f"/child/{quote(cid, safe='')}"),
        html.Div(f"Record {rec.get('relationship_id')}", className="muted"),
    ])


def _pair_id(pair: dict[str, Any]) -> str:
    return f"{pair['record_1']['relationship_id']}|{pair['record_2']['relationship_id']}"


def pair_rows(page: dict[str, Any], skip: int, status: str | None = None) -> list[Any]:
    """The queue's current page: one row per pair with its three answer buttons."""
    total, pairs = page["total"], page["pairs"]
    out: list[Any] = [html.P(status, id="review-status", role="status")] if status else []
    if not pairs:
        out.append(html.P("No possible duplicates to review." if not total else "No more pairs on this page.",
                          className="muted", id="review-none"))
        return out
    out.append(html.P(f"Showing {skip + 1}–{skip + len(pairs)} of {total} pairs.", id="review-count"))
    rows = []
    for pair in pairs:
        pid = _pair_id(pair)
        score = pair.get("score")
        rows.append(html.Tr(className="review-pair", **{"data-pair": pid}, children=[
            html.Td(_record_cell(pair["record_1"])),
            html.Td(_record_cell(pair["record_2"])),
            html.Td([html.Div("—" if score is None else f"{score:.2f}"),
                     html.Ul([html.Li(line) for line in reason_lines(pair.get("reasons"))], className="reasons")]),
            html.Td(html.Div(className="button-row", children=[
                html.Button(word, className="button", n_clicks=0,
                            id={"type": ids.REVIEW_ANSWER, "pair": pid, "answer": answer})
                for answer, word in ANSWER_WORDS.items()])),
        ]))
    head = html.Thead(html.Tr([html.Th(h) for h in ("Record", "Record", "Score and why", "Answer")]))
    out.append(html.Table([head, html.Tbody(rows)], className="table", id="review-table"))
    return out


def choice_words(choice: dict[str, Any] | None) -> str:
    """The second click's question: what was chosen for which records."""
    if not choice:
        return ""
    return f"{ANSWER_WORDS[choice['answer']]}: records {choice['pair'].replace('|', ' and ')}?"


def review_page(page: dict[str, Any], skip: int) -> html.Div:
    """The page: explanation, the confirmation area, the queue and paging."""
    return html.Div(className="page", children=[
        dcc.Store(id=ids.REVIEW_SKIP, data=skip),
        dcc.Store(id=ids.REVIEW_CHOSEN, data=None),
        html.H1("Review possible duplicates"),
        html.P("Records the linker thinks may be the same person but did not merge. Your answer is saved "
               "with your name and the date, recorded in the audit trail, and respected by every later "
               "run: Same person puts the records together, Not the same keeps them apart, Not sure "
               "changes nothing and takes the pair off your list. Your answers also teach the linker: "
               "the pairs it is least sure of come first.", className="muted"),
        html.Div(id=ids.REVIEW_CONFIRM_AREA, hidden=True, className="review-confirm", children=[
            html.P(id=ids.REVIEW_CHOICE, **{"aria-live": "polite"}),
            html.Div(className="button-row", children=[
                html.Button("Confirm", id=ids.REVIEW_CONFIRM, className="button primary", n_clicks=0),
                html.Button("Cancel", id=ids.REVIEW_CANCEL, className="button", n_clicks=0)]),
        ]),
        html.Div(id=ids.REVIEW_LIST, children=pair_rows(page, skip)),
        html.Div(className="button-row", children=[
            dcc.Link("Previous page", href=f"/review?skip={max(0, skip - PAGE_SIZE)}", className="button",
                     id="review-prev") if skip else None,
            dcc.Link("Next page", href=f"/review?skip={skip + PAGE_SIZE}", className="button",
                     id="review-next") if skip + PAGE_SIZE < page["total"] else None,
        ]),
    ])
