"""A child's map: the ecomap with its key, filters, time slider, list view and timeline, and the
evidence panel with the practitioner's decisions and corrections. Layout and callback wiring only:
the layout is :func:`dashboards.views.child_page`; what the map draws is
:func:`dashboards.child_map.draw` (as of the slider's day too); the time bar is
:mod:`dashboards.timebar`; reads and stored decisions for one member are
:mod:`dashboards.child_actions`. Every callback reads as the signed-in user again: a callback called
directly sees no more than the page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import ALL, Input, Output, State, ctx, no_update

from dashboards import child_actions, child_map, ecomap, ids, timebar, views
from dashboards.as_of import records_in_month
from graph_model import queries

PATH = "/child/<child_id>"
MORE_STEP = child_map.MORE_STEP


def layout(cx: Any, user: Any, query: dict[str, str], child_id: str) -> Any:
    child = queries.child_summary(cx.driver, cx.viewer(user), child_id, database=cx.database)
    if child is None:
        cx.audit("view", f"child:{child_id}", {"result": "not available"})
        return views.not_found()
    data = cx.members(user, child_id)
    timeline = queries.evidence_timeline(cx.driver, cx.viewer(user), child_id, database=cx.database)
    months = ecomap.month_options(timeline, data["members"])
    cx.audit("view", f"child:{child_id}", {"members": len(data["members"]), "source": data["source"]})
    return views.child_page(child, data["source"], months, practitioner=user.is_practitioner,
                            to_check=query.get("check") == "1")


def register(app: Any, cx: Any) -> None:
    @app.callback(
        Output(ids.ECOMAP, "elements"), Output(ids.ECOMAP, "stylesheet"), Output(ids.LEGEND_HOLDER, "children"),
        Output(ids.MAP_STATUS, "children"), Output(ids.AS_OF_LABEL, "children"), Output(ids.MAP_SELECTION, "data"),
        Input(ids.CATEGORIES, "value"), Input(ids.CONFIDENCE, "value"), Input(ids.MAP_TEXT, "value"),
        Input(ids.TOP_N, "data"), Input(ids.EXPANDED, "data"), Input(ids.HIDDEN, "data"), Input(ids.AS_OF, "value"),
        Input(ids.LAYOUT, "value"), Input(ids.MODE, "value"), Input(ids.SHOW_HIDDEN, "value"),
        Input(ids.DECISIONS_VERSION, "data"), Input(ids.FAMILY_LINES, "value"),
        State(ids.CHILD_ID, "data"), State(ids.MONTHS, "data"),
    )
    def draw(categories, confidence, text, top_n, expanded, hidden, as_of_idx, layout, mode, show_hidden, _version,
             family, child_id, months):
        user = cx.user()
        child = queries.child_summary(cx.driver, cx.viewer(user), child_id, database=cx.database)
        if child is None:
            return [], no_update, "", "Not available.", "", None
        return child_map.draw(cx, user, child, child_map.Controls(
            categories=categories, confidence=confidence, text=text, top_n=top_n, expanded=expanded, hidden=hidden,
            as_of_index=as_of_idx, layout=layout, mode=mode, show_hidden=show_hidden, family=family, months=months))

    @app.callback(Output(ids.MEMBER_LIST, "children"), Input(ids.MAP_SELECTION, "data"), Input(ids.LIST_SORT, "value"),
                  State(ids.CHILD_ID, "data"), prevent_initial_call=True)
    def member_list_view(selection, sort_by, child_id):
        if not selection:
            return ""
        return child_map.listed_members(cx, cx.user(), child_id, selection, sort_by)

    @app.callback(Output(ids.TIMELINE, "figure"), Output(ids.MONTH_KEYS, "children"),
                  Input(ids.CHILD_ID, "data"), State(ids.MONTHS, "data"))
    def timeline(child_id, months):
        user = cx.user()
        cx.audit_view_once(user, child_id, "timeline")
        counts = {t["month"]: t["records"] for t in
                  queries.evidence_timeline(cx.driver, cx.viewer(user), child_id, database=cx.database)}
        return timebar.figure(months or [], counts), timebar.month_keys(months or [], counts)

    @app.callback(Output(ids.MONTH_RECORDS, "children"), Input(ids.TIMELINE, "clickData"),
                  Input({"type": ids.MONTH_KEY, "month": ALL}, "n_clicks"), State(ids.CHILD_ID, "data"),
                  prevent_initial_call=True)
    def month_records(click, _keys, child_id):
        """A click on a month's bar, or Enter on its button, lists that month's records (those the user may read)."""
        if isinstance(ctx.triggered_id, dict) and not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update  # a month's button drawn, not pressed
        month = timebar.clicked_month(ctx.triggered_id, click)
        if not month:
            return no_update
        user = cx.user()
        rows = records_in_month(queries.chronology(cx.driver, cx.viewer(user), child_id, database=cx.database), month)
        cx.audit("view", f"child:{child_id}", {"timeline_month": month, "records": len(rows)})
        return views.month_records(month, rows)

    @app.callback(Output(ids.TOP_N, "data"), Input(ids.SHOW_MORE, "n_clicks"), Input(ids.SHOW_FEWER, "n_clicks"),
                  State(ids.TOP_N, "data"), prevent_initial_call=True)
    def more(_a, _b, top_n):
        top_n = int(top_n or MORE_STEP)
        return top_n + MORE_STEP if ctx.triggered_id == ids.SHOW_MORE else max(MORE_STEP, top_n - MORE_STEP)

    @app.callback(
        Output(ids.EXPANDED, "data"), Output(ids.EVIDENCE, "children"), Output(ids.SELECTED_KEY, "data"),
        Input(ids.ECOMAP, "tapNodeData"), State(ids.CHILD_ID, "data"), State(ids.EXPANDED, "data"),
        State(ids.MODE, "value"), State(ids.AS_OF, "value"), State(ids.MONTHS, "data"), prevent_initial_call=True,
    )
    def tap(node, child_id, expanded, mode, as_of_idx, months):
        if not node:
            return no_update, no_update, no_update
        user = cx.user()
        if node.get("kind") == "group":
            return sorted(set(expanded or []) | {node["group"]}), no_update, no_update
        if node.get("kind") == "child":
            return no_update, no_update, no_update
        return no_update, *child_actions.open_evidence(cx, user, child_id, node["id"], mode == "conversation",
                                                       timebar.as_of_day(months, as_of_idx))

    @app.callback(
        Output(ids.EVIDENCE, "children", allow_duplicate=True), Output(ids.DECISIONS_VERSION, "data"),
        Input(ids.DECIDE_RISK, "n_clicks"), Input(ids.DECIDE_PROTECTIVE, "n_clicks"),
        Input(ids.DECIDE_CLEAR, "n_clicks"), Input(ids.DECIDE_HIDE, "n_clicks"),
        Input(ids.DECIDE_CONFIRM, "n_clicks"), Input(ids.DECIDE_SPLIT, "n_clicks"),
        State(ids.DECISION_REASON, "value"), State(ids.MERGE_RECORDS, "value"), State(ids.SELECTED_KEY, "data"),
        State(ids.CHILD_ID, "data"), State(ids.DECISIONS_VERSION, "data"), State(ids.MODE, "value"),
        prevent_initial_call=True,
    )
    def decide(_r, _p, _c, _h, _cm, _s, reason, ticked, key, child_id, version, mode):
        trigger = ctx.triggered_id
        if not key or not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update
        if mode == "conversation":
            return no_update, no_update
        panel, stored = child_actions.decide(cx, cx.user(), child_id, key, trigger, reason, ticked)
        return (no_update if panel is None else panel), (int(version or 0) + 1 if stored else no_update)

    @app.callback(
        Output(ids.EVIDENCE, "children", allow_duplicate=True),
        Output(ids.DECISIONS_VERSION, "data", allow_duplicate=True),
        Input(ids.DECIDE_SAME, "n_clicks"), Input(ids.DECIDE_NOT_SAME, "n_clicks"),
        Input(ids.DECIDE_NOT_PERSON, "n_clicks"), Input(ids.DECIDE_ROLE, "n_clicks"),
        Input(ids.DECIDE_LOOKS_RIGHT, "n_clicks"),
        State(ids.SAME_AS, "value"), State(ids.NOT_SAME_NAMES, "value"), State(ids.CORRECT_ROLE, "value"),
        State(ids.CORRECT_GROUP, "value"), State(ids.DECISION_REASON, "value"), State(ids.SELECTED_KEY, "data"),
        State(ids.CHILD_ID, "data"), State(ids.DECISIONS_VERSION, "data"), State(ids.MODE, "value"),
        prevent_initial_call=True,
    )
    def correct(_s, _n, _p, _r, _l, same_as, names, role, group, reason, key, child_id, version, mode):
        trigger = ctx.triggered_id
        if not key or not trigger or mode == "conversation" or not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update
        panel, stored = child_actions.correct(cx, cx.user(), child_id, key, trigger, reason, same_as=same_as,
                                              names=names, role=role, group=group)
        return (no_update if panel is None else panel), (int(version or 0) + 1 if stored else no_update)

    @app.callback(Output(ids.SAME_AS, "options"), Input(ids.SAME_AS_SEARCH_GO, "n_clicks"),
                  Input(ids.SAME_AS_SEARCH, "value"), State(ids.CHILD_ID, "data"), State(ids.SELECTED_KEY, "data"),
                  prevent_initial_call=True)
    def same_as_search(_n, text, child_id, key):
        return child_actions.same_as_search_options(cx, cx.user(), child_id, key, text)

    @app.callback(Output(ids.HIDDEN, "data"), Input(ids.HIDE_PERSON, "n_clicks"), Input(ids.UNHIDE, "n_clicks"),
                  State(ids.SELECTED_KEY, "data"), State(ids.HIDDEN, "data"), prevent_initial_call=True)
    def hide(n_hide, _n_unhide, key, hidden):
        if ctx.triggered_id == ids.UNHIDE:
            return []
        if not n_hide or not key:
            return no_update
        return sorted(set(hidden or []) | {key})

    @app.callback(
        Output(ids.AS_OF, "value"), Output(ids.PLAY_TIMER, "disabled"), Output(ids.PLAY, "children"),
        Input(ids.PLAY, "n_clicks"), Input(ids.PLAY_TIMER, "n_intervals"), Input(ids.AS_OF_NOW, "n_clicks"),
        State(ids.AS_OF, "value"), State(ids.MONTHS, "data"), State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )
    def play(_p, _t, _now, value, months, disabled):
        value, disabled, label = timebar.play_step(ctx.triggered_id, value, months, disabled)
        return (no_update if value is None else value), disabled, label

    @app.callback(
        Output(ids.ECOMAP, "generateImage"), Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_PNG, "n_clicks"), Input(ids.EXPORT_SVG, "n_clicks"), State(ids.CHILD_ID, "data"),
        State(ids.SHOW_HIDDEN, "value"), prevent_initial_call=True,
    )
    def export(_png, _svg, child_id, show_hidden):
        request, status = child_actions.export_image(cx, child_id, "png" if ctx.triggered_id == ids.EXPORT_PNG else "svg",
                                                     "on" in (show_hidden or []))
        return (no_update if request is None else request), status

    @app.callback(Output(ids.URL, "href"), Input(ids.CHILD_SEARCH_GO, "n_clicks"),
                  Input(ids.CHILD_SEARCH_TEXT, "n_submit"), State(ids.CHILD_SEARCH_TEXT, "value"),
                  State(ids.CHILD_ID, "data"), prevent_initial_call=True)
    def child_search(_n, _s, text, child_id):
        if not (text or "").strip():
            return no_update
        return "/search?" + urlencode({"q": text.strip(), "child": child_id})
