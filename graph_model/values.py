"""Plain Python values from what the Neo4j driver returns (temporal types, ISO strings)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def as_date(value: Any) -> date | None:
    """A `date` from a Neo4j Date/DateTime, a Python date/datetime or an ISO string; else None."""
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
