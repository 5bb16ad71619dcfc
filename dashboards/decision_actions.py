"""What a button in the evidence panel decides (pure): the practitioner's press, the member it is
about and what they typed -> the decisions to store and the status line to show. The stores are
:mod:`graph_model.decisions` (one audited write each); the child page's callbacks only call them.
A refusal (nothing picked, no reason for a split) is a :class:`DecisionError` with the words to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dashboards import ecomap, ids
from graph_model.decisions import DecisionError

FLAG_KINDS = {ids.DECIDE_RISK: "risk", ids.DECIDE_PROTECTIVE: "protective", ids.DECIDE_CLEAR: "clear_flag"}
FLAG_WORDS = {"risk": "Flagged as a risk", "protective": "Flagged as protective", "clear_flag": "Flag cleared"}
NEEDS_RECORDS = frozenset({ids.DECIDE_CONFIRM, ids.DECIDE_SPLIT})
"""Presses about the person's merged records (the caller reads them: ``record_ids``)."""
CORRECTIONS = frozenset({ids.DECIDE_SAME, ids.DECIDE_NOT_SAME, ids.DECIDE_NOT_PERSON, ids.DECIDE_ROLE,
                         ids.DECIDE_LOOKS_RIGHT})


@dataclass(frozen=True)
class Decisions:
    """``decisions``: ``(kind, target, other)`` to record, in order, with ``reason``."""

    decisions: list[tuple[str, str, str | None]]
    reason: str
    status: str


def decisions_for(trigger: str, member: dict[str, Any], reason: str, ticked: list[str] | None = None,
                  record_ids: list[str] | None = None) -> Decisions:
    """A flag, hide/unhide, confirm-merge or split press. ``record_ids``: the person's merged
    records (only for :data:`NEEDS_RECORDS`); ``ticked``: those the practitioner kept ticked."""
    key = member["key"]
    if trigger in FLAG_KINDS:
        kind = FLAG_KINDS[trigger]
        return Decisions([(kind, key, None)], reason, FLAG_WORDS[kind] + " (saved, recorded in the audit trail).")
    if trigger == ids.DECIDE_HIDE:
        if "hidden" in ecomap.flags(member):
            return Decisions([("unhide", key, None)], reason, "Shown in shared views again (saved).")
        return Decisions([("hide", key, None)], reason or "hidden from shared views",
                         "Hidden from shared views and exports (saved).")
    if trigger not in NEEDS_RECORDS:
        raise DecisionError("unknown action")
    all_ids = list(record_ids or [])
    kept = [i for i in all_ids if i in set(ticked or [])]
    if trigger == ids.DECIDE_CONFIRM:
        if len(kept) < 2:
            raise DecisionError("tick at least two records")
        return Decisions([("confirm_merge", kept[0], other) for other in kept[1:]], reason,
                         f"Confirmed {len(kept)} records as one person (applied at the next pipeline run).")
    dropped = [i for i in all_ids if i not in set(kept)]
    if not dropped or not kept:
        raise DecisionError("untick the records to split off, and keep at least one ticked")
    if not reason:
        raise DecisionError("a short reason is needed")
    return Decisions([("split", target, kept[0]) for target in dropped], reason,
                     f"Split off {len(dropped)} record(s) (applied at the next pipeline run).")


@dataclass(frozen=True)
class Correction:
    """One correction of who a member is: ``kind`` is ``same_person`` (with ``other_child`` /
    ``other_key``), ``not_same`` (``names``), ``not_person`` or ``role`` (``role`` / ``category``)."""

    kind: str
    status: str
    other_child: str | None = None
    other_key: str | None = None
    names: list[str] = field(default_factory=list)
    role: str | None = None
    category: str | None = None

    def other_map(self, child_id: str) -> str | None:
        """Another child's map this changes too (its cached map is dropped), else None."""
        return self.other_child if self.other_child and self.other_child != child_id else None


def correction_for(trigger: str, member: dict[str, Any], *, same_as: str | None = None,
                   names: list[str] | None = None, role: str | None = None, group: str | None = None) -> Correction:
    """A "Same person as…" (``same_as`` = ``child_id|key`` of the other), "Not the same" (the
    ``names`` to split off), "Not a person", "Wrong role / group" or "Looks right" press
    (the member's current role and group, stored as checked)."""
    if trigger == ids.DECIDE_SAME:
        other_child, _, other_key = str(same_as or "").partition("|")
        if not other_key:
            raise DecisionError("pick the person this is")
        return Correction("same_person", "Saved: the same person (recorded in the audit trail; the map joins them "
                          "at the next pipeline run).", other_child=other_child, other_key=other_key)
    if trigger == ids.DECIDE_NOT_SAME:
        return Correction("not_same", "Saved: not the same person (recorded in the audit trail; the names become "
                          "a person of their own at the next pipeline run).", names=list(names or []))
    if trigger == ids.DECIDE_NOT_PERSON:
        return Correction("not_person", "Saved: not a person. Removed from the map (recorded in the audit trail).")
    if trigger == ids.DECIDE_LOOKS_RIGHT:
        roles = ecomap.known_roles(member)
        role, group = (roles[0] if roles else None), ecomap.category_of(member)
    elif trigger != ids.DECIDE_ROLE:
        raise DecisionError("unknown action")
    return Correction("role", "Saved: checked (recorded in the audit trail).", role=role, category=group)
