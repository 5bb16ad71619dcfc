"""What the child map's callbacks read and store for one member: the member as the user sees
it, the evidence panel, the people to offer for "Same person as…", and the decisions and
corrections a button press stores (each one audited write through :mod:`graph_model.decisions`;
what each button means is :mod:`dashboards.decision_actions`). Every function reads as ``user``
through ``cx`` (:class:`dashboards.app.AppContext`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import html

from dashboards import decision_actions, ecomap, ids, views
from dashboards.child_map import members_then
from graph_model import decisions as decisions_model
from graph_model import queries


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
             status: str | None = None, as_of: date | None = None) -> list[Any]:
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
                                others=others, contacts=contacts, as_of=as_of)


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


def open_evidence(cx: Any, user: Any, child_id: str, key: str, conversation: bool,
                  day: date | None = None) -> tuple[list[Any], str | None]:
    """A tap on member ``key`` -> (its evidence panel, the selected key); audited. With the time
    slider moved (``day``), the rank, roles and dates are those the map shows for that day."""
    member = member_of(cx, user, child_id, key)
    if member is None:
        return [html.P("Not available.")], None
    cx.audit("view", f"child:{child_id}", {"person": key, "evidence": True})
    then = None
    if day is not None:
        dated = queries.member_dates(cx.driver, cx.viewer(user), child_id, database=cx.database)
        then = next((m for m in members_then(cx.members(user, child_id)["members"], dated, day, cx.ranking)
                     if m["key"] == key), None)
    return evidence(cx, user, child_id, then or member, conversation, as_of=day if then else None), key


def decide(cx: Any, user: Any, child_id: str, key: str, trigger: str, reason: str | None,
           ticked: list[str] | None) -> tuple[list[Any] | None, bool]:
    """A decision button pressed for member ``key`` -> (the evidence panel with its status line or
    None to leave it, whether anything was stored)."""
    member = member_of(cx, user, child_id, key)
    if member is None:
        return None, False
    try:
        status = store_decisions(cx, user, child_id, member, trigger, (reason or "").strip(), ticked)
    except decisions_model.DecisionError as exc:
        return evidence(cx, user, child_id, member, False, f"Not saved: {exc}."), False
    cx.forget(child_id)
    member = member_of(cx, user, child_id, key) or member
    return evidence(cx, user, child_id, member, False, status), True


def correct(cx: Any, user: Any, child_id: str, key: str, trigger: str, reason: str | None,
            **choices: Any) -> tuple[list[Any] | None, bool]:
    """A correction button pressed (``choices``: same_as, names, role, group) -> (panel, stored)."""
    member = member_of(cx, user, child_id, key)
    if member is None:
        return None, False
    try:
        c = decision_actions.correction_for(trigger, member, **choices)
        store_correction(cx, user, child_id, key, c, (reason or "").strip())
    except decisions_model.DecisionError as exc:
        return evidence(cx, user, child_id, member, False, f"Not saved: {exc}."), False
    cx.forget(child_id)
    if c.other_map(child_id):
        cx.forget(c.other_map(child_id))
    after = member_of(cx, user, child_id, key)
    if after is None:  # "Not a person": off the map now
        return [html.H2(member.get("name") or "(no name)", id=ids.EVIDENCE_NAME),
                html.P(c.status, id=ids.DECISION_STATUS, className="muted", role="status")], True
    return evidence(cx, user, child_id, after, False, c.status), True


def same_as_search_options(cx: Any, user: Any, child_id: str, key: str | None, text: str | None) -> list[dict[str, str]]:
    """This map's people, then people named ``text`` on other visible children's maps (audited)."""
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


def export_image(cx: Any, child_id: str, kind: str, hidden_shown: bool) -> tuple[dict[str, Any] | None, str]:
    """An export of the map as PNG/SVG -> (Cytoscape's image request or None, status line); refused
    (and audited as such) while people hidden from shared views are shown."""
    if hidden_shown:
        cx.audit("denied", f"child:{child_id}", {"format": kind, "result": "refused: hidden people shown"})
        return None, "Untick \"Show people hidden from shared views\" before exporting."
    cx.audit("export", f"child:{child_id}", {"format": kind})
    return ({"type": kind, "action": "download", "filename": f"ecomap-{child_id}",
             "options": {"full": True, "bg": "#ffffff", "scale": 2} if kind == "png" else {"full": True}},
            f"Exported {kind.upper()} (recorded in the audit trail).")
