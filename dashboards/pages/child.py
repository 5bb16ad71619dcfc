"""A child's map: the ecomap with its key, filters, time slider, list view and timeline, and the
evidence panel with the practitioner's decisions and corrections. The layout is
:func:`dashboards.views.child_page`; the members are ``cx.members`` (the viewer's network with
the corrections applied, audited once per session and child); what each button stores is
:mod:`dashboards.decision_actions`, stored through :mod:`graph_model.decisions`. Every callback
reads as the signed-in user again: a callback called directly sees no more than the page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import Input, Output, State, ctx, html, no_update

from dashboards import corrections, decision_actions, ecomap, ids, member_list, plain_view, views
from dashboards.as_of import members_as_of, records_in_month
from dashboards.family_lines import family_lines
from graph_model import decisions as decisions_model
from graph_model import queries

PATH = "/child/<child_id>"
MORE_STEP = 40


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


def member_of(cx: Any, user: Any, child_id: str, key: str | None) -> dict[str, Any] | None:
    """The member ``key`` of the child's map as this user sees it (None: not on it, or not theirs to see)."""
    return next((m for m in cx.members(user, child_id)["members"] if m["key"] == key), None)


def same_as_options(cx: Any, user: Any, child_id: str, key: str | None) -> list[dict[str, str]]:
    """The other people on this map (value ``child_id|key``), for "Same person as…"."""
    return [{"label": f"{m.get('name') or '?'} — {ecomap.short_role(m) or ecomap.group_label(m)}",
             "value": f"{child_id}|{m['key']}"}
            for m in sorted(cx.members(user, child_id)["members"], key=lambda m: str(m.get("name") or ""))
            if m.get("kind") == "person" and not m.get("is_worker") and m["key"] != key
            and not str(m["key"]).startswith("child:")]


def evidence(cx: Any, user: Any, child_id: str, member: dict[str, Any], conversation: bool,
             status: str | None = None) -> list[Any]:
    ev = queries.member_evidence(cx.driver, cx.viewer(user), child_id, member["key"], database=cx.database)
    records = [] if conversation or member.get("kind") != "person" else \
        decisions_model.person_records(cx.driver, cx.viewer(user), member["key"], database=cx.database)
    others = [] if conversation else same_as_options(cx, user, child_id, member["key"])
    contacts = None  # recorded phone/address/email: permitted roles only, each read audited
    if not conversation and member.get("kind") == "person" and user.may_see_contact_details:
        contacts = queries.contact_details(cx.driver, cx.viewer(user), child_id, [member["key"]],
                                           database=cx.database).get(member["key"], [])
        cx.audit("view", f"child:{child_id}", {"person": member["key"], "contact_details": len(contacts)})
    return views.evidence_panel(child_id, member, ev, conversation=conversation, records=records, status=status,
                                others=others, contacts=contacts)


def store_decisions(cx: Any, user: Any, child_id: str, member: dict[str, Any], trigger: str, reason: str,
                    ticked: list[str] | None) -> str:
    """One button press in the actions panel -> its stored decisions (each audited); the status line."""
    record_ids = None
    if trigger in decision_actions.NEEDS_RECORDS:
        record_ids = [r["relationship_id"] for r in
                      decisions_model.person_records(cx.driver, cx.viewer(user), member["key"], database=cx.database)]
    plan = decision_actions.decisions_for(trigger, member, reason, ticked, record_ids)
    for kind, target, other in plan.decisions:
        decisions_model.record_decision(cx.driver, cx.viewer(user), kind, target, other_id=other, child_id=child_id,
                                        reason=plan.reason, database=cx.database)
    return plan.status


def store_correction(cx: Any, user: Any, child_id: str, key: str, c: decision_actions.Correction,
                     reason: str) -> None:
    """One correction -> one stored, audited decision (:mod:`graph_model.decisions`)."""
    viewer, db = cx.viewer(user), cx.database
    if c.kind == "same_person":
        decisions_model.mark_same_person(cx.driver, viewer, child_id, key, c.other_key, other_child_id=c.other_child,
                                         reason=reason, database=db)
    elif c.kind == "not_same":
        decisions_model.mark_not_same(cx.driver, viewer, child_id, key, c.names, reason=reason, database=db)
    elif c.kind == "not_person":
        decisions_model.mark_not_a_person(cx.driver, viewer, child_id, key, reason=reason, database=db)
    else:
        decisions_model.correct_role(cx.driver, viewer, child_id, key, role=c.role, category=c.category,
                                     reason=reason, database=db)


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
        data = cx.members(user, child_id)
        members = data["members"]
        conversation = mode == "conversation"
        to_check = 0
        if conversation:  # plain views show High-confidence or practitioner-checked people only
            members, to_check = corrections.checked_only(members)
        as_of = None
        label = "Showing the network now."
        if months and as_of_idx is not None and 0 <= int(as_of_idx) < len(months) - 1:
            as_of = ecomap.month_end(months[int(as_of_idx)])
            label = f"Showing the network as of {views.fmt_date(as_of)} (event dates)."
            # roles, current and ended relationships as they stood then, not only who was known by then
            members = members_as_of(members, queries.member_dates(cx.driver, cx.viewer(user), child_id,
                                                                  database=cx.database), as_of)
        view = ecomap.View(
            categories=frozenset(categories or []), confidence=frozenset(confidence or []),
            text=text or "", hidden=frozenset(hidden or []), as_of=as_of, top_n=int(top_n or MORE_STEP),
            expanded=frozenset(expanded or []), layout=layout or "rank", show_flags=not conversation,
            show_hidden=not conversation and "on" in (show_hidden or []),
        )
        elements, sel = ecomap.build_elements(child, members, view)
        if conversation:  # plain names in conversation mode: no ranks, no confidence styling
            elements = plain_view.plain_elements(elements)
        if "on" in (family or []):  # lines between members where the records say so (off by default)
            cx.audit_view_once(user, child_id, "family lines")
            elements += ecomap.tie_elements(family_lines(
                **queries.member_ties(cx.driver, cx.viewer(user), child_id, database=cx.database),
                shown=[m["key"] for m in sel.shown]))
        status = views.map_status(sel, view, child_id)  # what is shown, which filters hide what, reset
        if to_check:
            status = [*status, " ", views.more_to_check(child_id, to_check)]
        listed = member_list.listed(sel)  # the list view: the same members, the same filters
        selection = {"keys": [m["key"] for m in listed], "grouped": [m["key"] for m in listed if not m["on_map"]],
                     "conversation": conversation}
        return (elements, ecomap.stylesheet(large_text=conversation),
                views.legend(ecomap.legend_entries(members, show_flags=not conversation, family_lines="on" in (family or []))),
                status, label, selection)

    @app.callback(Output(ids.MEMBER_LIST, "children"), Input(ids.MAP_SELECTION, "data"), Input(ids.LIST_SORT, "value"),
                  State(ids.CHILD_ID, "data"), prevent_initial_call=True)
    def member_list_view(selection, sort_by, child_id):
        if not selection:
            return ""
        user = cx.user()
        by_key = {m["key"]: m for m in cx.members(user, child_id)["members"]}  # audited, cached
        grouped = set(selection.get("grouped") or [])
        chosen = [{**by_key[k], "on_map": k not in grouped} for k in selection.get("keys") or [] if k in by_key]
        ordered = member_list.sort_members(chosen, sort_by or "rank")
        conversation = bool(selection.get("conversation"))
        return views.member_table(member_list.rows(ordered, conversation=conversation), conversation=conversation)

    @app.callback(Output(ids.TIMELINE, "figure"), Input(ids.CHILD_ID, "data"), State(ids.MONTHS, "data"))
    def timeline(child_id, months):
        import plotly.graph_objects as go

        user = cx.user()
        cx.audit_view_once(user, child_id, "timeline")
        counts = {t["month"]: t["records"] for t in
                  queries.evidence_timeline(cx.driver, cx.viewer(user), child_id, database=cx.database)}
        months = months or []
        fig = go.Figure(go.Bar(x=months, y=[counts.get(m, 0) for m in months], marker_color="#0072B2"))
        fig.update_layout(margin={"l": 30, "r": 10, "t": 5, "b": 25}, height=120, bargap=0.1,
                          plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
                          xaxis={"type": "category", "nticks": 12, "fixedrange": True}, yaxis={"fixedrange": True})
        return fig

    @app.callback(Output(ids.MONTH_RECORDS, "children"), Input(ids.TIMELINE, "clickData"), State(ids.CHILD_ID, "data"),
                  prevent_initial_call=True)
    def month_records(click, child_id):
        """A click on a month's bar lists that month's records (those the user may read)."""
        month = str(((click or {}).get("points") or [{}])[0].get("x") or "")[:7]
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
        State(ids.MODE, "value"), prevent_initial_call=True,
    )
    def tap(node, child_id, expanded, mode):
        if not node:
            return no_update, no_update, no_update
        user = cx.user()
        if node.get("kind") == "group":
            return sorted(set(expanded or []) | {node["group"]}), no_update, no_update
        if node.get("kind") == "child":
            return no_update, no_update, no_update
        key = node["id"]
        member = member_of(cx, user, child_id, key)
        if member is None:
            return no_update, [html.P("Not available.")], None
        cx.audit("view", f"child:{child_id}", {"person": key, "evidence": True})
        return no_update, evidence(cx, user, child_id, member, mode == "conversation"), key

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
        user = cx.user()
        member = member_of(cx, user, child_id, key)
        if member is None or mode == "conversation":
            return no_update, no_update
        try:
            status = store_decisions(cx, user, child_id, member, trigger, (reason or "").strip(), ticked)
        except decisions_model.DecisionError as exc:
            return evidence(cx, user, child_id, member, False, f"Not saved: {exc}."), no_update
        cx.forget(child_id)
        member = member_of(cx, user, child_id, key) or member
        return evidence(cx, user, child_id, member, False, status), int(version or 0) + 1

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
        user = cx.user()
        member = member_of(cx, user, child_id, key)
        if member is None:
            return no_update, no_update
        try:
            c = decision_actions.correction_for(trigger, member, same_as=same_as, names=names, role=role, group=group)
            store_correction(cx, user, child_id, key, c, (reason or "").strip())
        except decisions_model.DecisionError as exc:
            return evidence(cx, user, child_id, member, False, f"Not saved: {exc}."), no_update
        cx.forget(child_id)
        if c.other_map(child_id):
            cx.forget(c.other_map(child_id))
        after = member_of(cx, user, child_id, key)
        if after is None:  # "Not a person": off the map now
            return [html.H2(member.get("name") or "(no name)", id=ids.EVIDENCE_NAME),
                    html.P(c.status, id=ids.DECISION_STATUS, className="muted", role="status")], int(version or 0) + 1
        return evidence(cx, user, child_id, after, False, c.status), int(version or 0) + 1

    @app.callback(Output(ids.SAME_AS, "options"), Input(ids.SAME_AS_SEARCH_GO, "n_clicks"),
                  Input(ids.SAME_AS_SEARCH, "value"), State(ids.CHILD_ID, "data"), State(ids.SELECTED_KEY, "data"),
                  prevent_initial_call=True)
    def same_as_search(_n, text, child_id, key):
        user = cx.user()
        options = same_as_options(cx, user, child_id, key)
        text = (text or "").strip()
        if len(text) >= 2:
            found = queries.find_persons(cx.driver, cx.viewer(user), text, database=cx.database)
            cx.audit("search", "persons", {"text": text, "results": len(found)},
                     about_children=sorted({f["child_id"] for f in found}))
            have = {o["value"] for o in options}
            options += [{"label": f"{f.get('name') or '?'} — on {f.get('child_name') or f['child_id']}'s map",
                         "value": f"{f['child_id']}|{f['key']}"} for f in found
                        if f"{f['child_id']}|{f['key']}" not in have and f["key"] != key]
        return options

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
        last = max(0, len(months or []) - 1)
        value = int(value or 0)
        if ctx.triggered_id == ids.AS_OF_NOW:
            return last, True, "▶ Play"
        if ctx.triggered_id == ids.PLAY:
            if disabled:
                return (0 if value >= last else value), False, "❚❚ Pause"
            return no_update, True, "▶ Play"
        if value >= last:
            return last, True, "▶ Play"
        nxt = min(last, value + max(1, len(months or []) // 40))
        return nxt, nxt >= last, ("▶ Play" if nxt >= last else "❚❚ Pause")

    @app.callback(
        Output(ids.ECOMAP, "generateImage"), Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_PNG, "n_clicks"), Input(ids.EXPORT_SVG, "n_clicks"), State(ids.CHILD_ID, "data"),
        State(ids.SHOW_HIDDEN, "value"), prevent_initial_call=True,
    )
    def export(_png, _svg, child_id, show_hidden):
        kind = "png" if ctx.triggered_id == ids.EXPORT_PNG else "svg"
        if "on" in (show_hidden or []):
            cx.audit("denied", f"child:{child_id}", {"format": kind, "result": "refused: hidden people shown"})
            return no_update, "Untick \"Show people hidden from shared views\" before exporting."
        cx.audit("export", f"child:{child_id}", {"format": kind})
        return ({"type": kind, "action": "download", "filename": f"ecomap-{child_id}",
                 "options": {"full": True, "bg": "#ffffff", "scale": 2} if kind == "png" else {"full": True}},
                f"Exported {kind.upper()} (recorded in the audit trail).")

    @app.callback(Output(ids.URL, "href"), Input(ids.CHILD_SEARCH_GO, "n_clicks"),
                  Input(ids.CHILD_SEARCH_TEXT, "n_submit"), State(ids.CHILD_SEARCH_TEXT, "value"),
                  State(ids.CHILD_ID, "data"), prevent_initial_call=True)
    def child_search(_n, _s, text, child_id):
        if not (text or "").strip():
            return no_update
        return "/search?" + urlencode({"q": text.strip(), "child": child_id})
