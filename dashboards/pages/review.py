"""Review possible duplicates (practitioners): the route, the access rule and the two-click
answer (choose, then confirm); the layout is :mod:`dashboards.review`, the queue and the stored
answers :mod:`graph_model.decisions`."""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, ctx, no_update

from dashboards import ids, review
from dashboards.views import not_found
from graph_model import decisions as decisions_model

PATH = "/review"
REFUSED = "Reviewing possible duplicates is for practitioners."


def _skip(text: str | None) -> int:
    try:
        return max(0, int(text or "0"))
    except ValueError:
        return 0


def layout(cx: Any, user: Any, query: dict[str, str]) -> Any:
    if not user.is_practitioner:
        cx.audit("denied", "review", {"page": "review"})
        return not_found(REFUSED)
    skip = _skip(query.get("skip"))
    page = decisions_model.review_pairs(cx.driver, cx.viewer(user), skip=skip, limit=review.PAGE_SIZE,
                                        database=cx.database)
    children = sorted({p[side]["child_id"] for p in page["pairs"] for side in ("record_1", "record_2")})
    cx.audit("view", "review", {"pairs": len(page["pairs"]), "total": page["total"], "skip": skip},
             about_children=children)
    return review.review_page(page, skip)


def answer(cx: Any, user: Any, chosen: dict[str, Any]) -> str:
    """The confirmed answer -> one stored, audited decision; the status line to show."""
    record_1, _, record_2 = str(chosen.get("pair") or "").partition("|")
    word = str(chosen.get("answer") or "")
    try:
        stored = decisions_model.answer_pair(cx.driver, cx.viewer(user), word, record_1, record_2,
                                             database=cx.database)
    except decisions_model.DecisionError as exc:
        return f"Not saved: {exc}."
    cx.forget(stored["child_id"])
    return (f"Saved: {review.ANSWER_WORDS[word]} for records {record_1} and {record_2} "
            "(recorded in the audit trail; applied at the next pipeline run).")


def register(app: Any, cx: Any) -> None:
    @app.callback(
        Output(ids.REVIEW_LIST, "children"), Output(ids.REVIEW_CHOSEN, "data"), Output(ids.REVIEW_CHOICE, "children"),
        Output(ids.REVIEW_CONFIRM_AREA, "hidden"),
        Input({"type": ids.REVIEW_ANSWER, "pair": ALL, "answer": ALL}, "n_clicks"),
        Input(ids.REVIEW_CONFIRM, "n_clicks"), Input(ids.REVIEW_CANCEL, "n_clicks"),
        State(ids.REVIEW_CHOSEN, "data"), State(ids.REVIEW_SKIP, "data"),
        prevent_initial_call=True,
    )
    def review_answer(_answers, _confirm, _cancel, chosen, skip):
        trigger = ctx.triggered_id
        if not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update, no_update, no_update
        if trigger == ids.REVIEW_CANCEL:
            return no_update, None, "", True
        if isinstance(trigger, dict):
            choice = {"pair": str(trigger.get("pair") or ""), "answer": str(trigger.get("answer") or "")}
            if choice["answer"] not in review.ANSWER_WORDS or "|" not in choice["pair"]:
                return no_update, no_update, no_update, no_update
            return no_update, choice, review.choice_words(choice), False
        if trigger != ids.REVIEW_CONFIRM or not chosen:
            return no_update, no_update, no_update, no_update
        user = cx.user()
        if not user.is_practitioner:  # the page refuses them; a callback called directly too
            cx.audit("denied", "review", {"page": "review", "answer": True})
            return not_found(REFUSED), None, "", True
        status = answer(cx, user, chosen)
        skip = max(0, int(skip or 0))
        page = decisions_model.review_pairs(cx.driver, cx.viewer(user), skip=skip, limit=review.PAGE_SIZE,
                                            database=cx.database)
        return review.pair_rows(page, skip, status), None, "", True
