"""Hiding from shared views across children: a person a practitioner hid from the shared views of
any of the children compared is left out of what the comparison shows. Pure: members in (as
:meth:`dashboards.app.AppContext.members` gives them, corrections applied), lists out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dashboards.corrections import hidden_keys


def across(member_lists: Iterable[list[dict[str, Any]]]) -> set[str]:
    """The keys hidden from shared views on any of these maps."""
    return set().union(*(hidden_keys(members) for members in member_lists))


def mace_without(shared: list[dict[str, Any]], paths: list[dict[str, Any]],
                 hidden: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The shared people and the chains of ties, without the hidden people (a chain through one is dropped)."""
    return ([s for s in shared if s["key"] not in hidden],
            [p for p in paths if not any(n["key"] in hidden for n in p["nodes"])])
