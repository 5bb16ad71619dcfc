"""Why someone ranks where they do, in one plain-English sentence.

``explain_rank(components)`` reads the ``rank_components`` stored on a NETWORK edge
(ranking/rank.py) and says it the way a practitioner would:

    Ranked 2nd: mother (family), seen 3 weeks ago, in 14 notes and 2 documents.
    Ranked 1st: social worker (professional), current allocation, in 1 allocation.
"""

from __future__ import annotations

import json
from typing import Any

_CATEGORY_WORDS = {
    "household": "household",
    "family": "family",
    "friend_or_peer": "friend or peer",
    "associate_or_risk": "associate",
    "community": "community",
    "professional": "professional",
    "place": "place",
}


def ordinal(n: int) -> str:
    """1 → ``1st``, 2 → ``2nd``, 11 → ``11th``, 23 → ``23rd``."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def age_in_words(days: int | None) -> str:
    """``0`` → ``today``, ``1`` → ``yesterday``, ``20`` → ``3 weeks ago``, ``400`` → ``1 year ago``."""
    if days is None:
        return "date unknown"
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{round(days / 7)} weeks ago"
    if days < 365:
        return f"{round(days / 30.44)} months ago"
    years = days // 365
    return "1 year ago" if years == 1 else f"{years} years ago"


def _evidence_words(c: dict[str, Any]) -> str:
    parts = []
    for key, word in (("notes", "note"), ("documents", "document"), ("records", "record"),
                      ("allocations", "allocation")):
        n = int(c.get(key) or 0)
        if n:
            parts.append(_plural(n, word))
    if not parts:
        if "address" in (c.get("sources") or []):
            return "address records"
        n = int(c.get("evidence_count") or 0)
        return _plural(n, "source") if n else "no evidence"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def explain_rank(components: dict[str, Any] | str) -> str:
    """A sentence saying why a member ranks where they do.

    Args:
        components: the ``rank_components`` of a NETWORK edge (a dict, or its JSON string).

    Returns:
        e.g. ``"Ranked 2nd: mother (family), seen 3 weeks ago, in 14 notes and 2 documents."``
    """
    c = json.loads(components) if isinstance(components, str) else dict(components)
    roles = [r for r in (c.get("roles") or []) if r != "mentioned"]
    role = " / ".join(roles[:2]) if roles else ("named in the notes" if "mentioned" in (c.get("roles") or []) else "connected")
    category = _CATEGORY_WORDS.get(c.get("category") or "", c.get("category") or "")
    who = f"{role} ({category})" if category and category != role else role
    if c.get("current"):
        when = "current allocation" if int(c.get("allocations") or 0) and c.get("category") == "professional" else "current relationship"
        if c.get("age_days") is not None and int(c.get("notes") or 0) + int(c.get("documents") or 0):
            when += f", last seen {age_in_words(c.get('age_days'))}"
    else:
        when = f"seen {age_in_words(c.get('age_days'))}" if c.get("age_days") is not None else "date unknown"
    head = f"Ranked {ordinal(int(c['rank']))}: " if c.get("rank") else ""
    return f"{head}{who}, {when}, in {_evidence_words(c)}."
