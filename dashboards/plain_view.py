"""The plain views (conversation mode, the family-facing printable page): names only, no ranks,
no confidence styling, no practitioner flags. Pure: map elements and legend entries in, out."""

from __future__ import annotations

from typing import Any

RANKING_CLASSES = ("conf-", "flag-")
"""Element classes that show Kinscope's confidence or a practitioner's flag."""


def plain_elements(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The elements without confidence or flag classes (changed in place, and returned)."""
    for el in elements:
        el["classes"] = " ".join(c for c in el.get("classes", "").split() if not c.startswith(RANKING_CLASSES))
    return elements


def family_legend(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The key of a family-facing page: no confidence or size (rank) entries."""
    return [e for e in entries if e["key"] not in ("confidence", "size")]
