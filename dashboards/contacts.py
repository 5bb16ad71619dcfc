"""Recorded contact details as the evidence panel and the FGC list show them (permitted users only).

The details come from ``graph_model.queries.contact_details`` (records on children the viewer may
see, newest first); each is shown with the date its record was recorded, because an address or a
phone number from an old record may no longer be right. Every value is a text node, never HTML.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dash import html

FIELDS = ("address_line", "postcode", "phone", "email")


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d %b %Y")
    except ValueError:
        return "date not known"


def contact_text(detail: dict[str, Any]) -> str:
    """``"14 Filey Road, YO12 5AB · 07700 900123 · a@b.org (recorded 02 Mar 2023)"``; empty
    when the record carries none of the fields."""
    address = ", ".join(str(detail[f]).strip() for f in ("address_line", "postcode") if detail.get(f))
    parts = [p for p in (address, str(detail.get("phone") or "").strip(), str(detail.get("email") or "").strip()) if p]
    if not parts:
        return ""
    return " · ".join(parts) + f" (recorded {_day(detail.get('recorded'))})"


def contact_texts(details: list[dict[str, Any]] | None) -> list[str]:
    """Distinct contact lines, newest record first (the same details on two records once)."""
    return list(dict.fromkeys(t for t in (contact_text(d) for d in details or []) if t))


def evidence_section(details: list[dict[str, Any]] | None) -> html.Div:
    """The evidence panel's "Contact details (as recorded)" list."""
    lines = contact_texts(details)
    return html.Div(id="contact-details", children=[
        html.H3("Contact details (as recorded)"),
        html.Ul([html.Li(t, className="contact-detail") for t in lines]) if lines
        else html.P("No contact details recorded.", className="muted"),
    ])


def cell(details: list[dict[str, Any]] | None) -> str:
    """One table or CSV cell: every contact line, newest first, separated by "; "."""
    return "; ".join(contact_texts(details))
