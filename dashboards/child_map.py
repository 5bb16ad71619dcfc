"""The child's map as one user asks for it: which members, as of which day, drawn how.

:func:`draw` is everything the map callback returns (elements, stylesheet, key, status line,
slider label, the list view's selection), from the controls' values. On an earlier step of the
time slider the members are those of that day (:mod:`dashboards.as_of`: roles, current and
ended then) ranked as of then (:mod:`ranking.as_of_rank`), so node sizes follow; both read only
the dated evidence the user may read (``graph_model.queries.member_dates``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboards import corrections, ecomap, member_list, plain_view, timebar, views
from dashboards.as_of import members_as_of
from dashboards.family_lines import family_lines
from graph_model import queries
from ranking.as_of_rank import ranks_as_of
from ranking.settings import RankingSettings

MORE_STEP = 40


@dataclass(frozen=True)
class Controls:
    """The map's controls as the page holds them (the callback's inputs)."""

    categories: list[str] | None = None
    confidence: list[str] | None = None
    text: str | None = None
    top_n: int | None = None
    expanded: list[str] | None = None
    hidden: list[str] | None = None
    as_of_index: int | None = None
    layout: str | None = None
    mode: str | None = None
    show_hidden: list[str] | None = None
    family: list[str] | None = None
    months: list[str] | None = None

    @property
    def conversation(self) -> bool:
        return self.mode == "conversation"


def as_of_label(day: date | None) -> str:
    return "Showing the network now." if day is None else \
        f"Showing the network as of {views.fmt_date(day)} (event dates)."


def members_then(members: list[dict[str, Any]], dated: dict[str, list[dict[str, Any]]], day: date,
                 settings: RankingSettings) -> list[dict[str, Any]]:
    """The members as they stood on ``day``, ranked as of then (sizes follow the rank)."""
    return ranks_as_of(members_as_of(members, dated, day), dated, day, settings)


def draw(cx: Any, user: Any, child: dict[str, Any], c: Controls) -> tuple:
    child_id = child["child_id"]
    data = cx.members(user, child_id)
    members, to_check = data["members"], 0
    if c.conversation:  # plain views show High-confidence or practitioner-checked people only
        members, to_check = corrections.checked_only(members)
    day = timebar.as_of_day(c.months, c.as_of_index)
    if day is not None:  # roles, current/ended and ranks as they stood then, not only who was known
        dated = queries.member_dates(cx.driver, cx.viewer(user), child_id, database=cx.database)
        members = members_then(members, dated, day, cx.ranking)
    view = ecomap.View(
        categories=frozenset(c.categories or []), confidence=frozenset(c.confidence or []),
        text=c.text or "", hidden=frozenset(c.hidden or []), as_of=day, top_n=int(c.top_n or MORE_STEP),
        expanded=frozenset(c.expanded or []), layout=c.layout or "rank", show_flags=not c.conversation,
        show_hidden=not c.conversation and "on" in (c.show_hidden or []),
    )
    elements, sel = ecomap.build_elements(child, members, view)
    if c.conversation:  # plain names in conversation mode: no ranks, no confidence styling
        elements = plain_view.plain_elements(elements)
    lines_on = "on" in (c.family or [])
    if lines_on:  # lines between members where the records say so (off by default)
        cx.audit_view_once(user, child_id, "family lines")
        elements += ecomap.tie_elements(family_lines(
            **queries.member_ties(cx.driver, cx.viewer(user), child_id, database=cx.database),
            shown=[m["key"] for m in sel.shown]))
    status = views.map_status(sel, view, child_id)  # what is shown, which filters hide what, reset
    if to_check:
        status = [*status, " ", views.more_to_check(child_id, to_check)]
    listed = member_list.listed(sel)  # the list view: the same members, the same filters
    selection = {"keys": [m["key"] for m in listed], "grouped": [m["key"] for m in listed if not m["on_map"]],
                 "conversation": c.conversation, "as_of": day.isoformat() if day else None}
    legend = views.legend(ecomap.legend_entries(members, show_flags=not c.conversation, family_lines=lines_on))
    return elements, ecomap.stylesheet(large_text=c.conversation), legend, status, as_of_label(day), selection


def listed_members(cx: Any, user: Any, child_id: str, selection: dict[str, Any], sort_by: str | None) -> Any:
    """The list view of the members the map selected (as of the slider's day when it is moved)."""
    members = cx.members(user, child_id)["members"]  # audited, cached
    if selection.get("as_of"):  # the ranks and roles of that day, as the map shows them
        day = date.fromisoformat(selection["as_of"])
        dated = queries.member_dates(cx.driver, cx.viewer(user), child_id, database=cx.database)
        members = members_then(members, dated, day, cx.ranking)
    by_key = {m["key"]: m for m in members}
    grouped = set(selection.get("grouped") or [])
    chosen = [{**by_key[k], "on_map": k not in grouped} for k in selection.get("keys") or [] if k in by_key]
    ordered = member_list.sort_members(chosen, sort_by or "rank")
    conversation = bool(selection.get("conversation"))
    return views.member_table(member_list.rows(ordered, conversation=conversation), conversation=conversation)
