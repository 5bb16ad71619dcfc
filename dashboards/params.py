"""Reading what a request or a form says: query strings and typed dates (pure helpers)."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs


def query(search: str | None) -> dict[str, str]:
    """``?a=1&b=2`` -> ``{"a": "1", "b": "2"}`` (the first value of each name)."""
    return {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items() if v}


def parse_date(text: str | None) -> date | None:
    """A YYYY-MM-DD date typed in a filter; None when blank or not a date."""
    try:
        return date.fromisoformat((text or "").strip()) if text and text.strip() else None
    except ValueError:
        return None
