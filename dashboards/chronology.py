"""A child's chronology (pure): dated entries from notes and documents, who was involved, a
one-line summary, filters by person and type, and the rows the CSV/DOCX exports write.

Rows come from :func:`graph_model.queries.chronology` (what the viewer may read); names of the people
involved come from the viewer's own map members (so a person tied to a child the viewer may not see
is named as the visible child's evidence names them), else as the record writes the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

SUMMARY_WIDTH = 160
HEADER = ("Date", "Type", "Record", "Who was involved", "Summary", "Link")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def first_sentence(text: str | None, width: int = SUMMARY_WIDTH) -> str:
    """The first sentence of ``text`` on one line, cut at a word boundary to ``width`` characters."""
    flat = " ".join((text or "").split())
    if not flat:
        return ""
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0]
    if len(sentence) <= width:
        return sentence
    cut = sentence[:width].rsplit(" ", 1)[0] if " " in sentence[:width] else sentence[:width]
    return cut.rstrip(",;:") + "…"


def one_line_summary(title: str | None, opening: str | None, record_type: str | None = None,
                     width: int = SUMMARY_WIDTH) -> str:
    """The record's subject/title, unless it only repeats the type (or is missing): then its first sentence."""
    t = " ".join((title or "").split())
    if t and t.casefold() != (record_type or "").strip().casefold():
        return t if len(t) <= width else first_sentence(t, width)
    return first_sentence(opening, width) or t or "(no text)"


def record_href(kind: str, record_id: str) -> str:
    return f"/record/{quote(kind, safe='')}/{quote(str(record_id), safe='')}"


def entries(rows: Iterable[dict[str, Any]], members: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chronology entries: ``date``, ``kind``, ``record_id``, ``type``, ``summary``, ``author``,
    ``people`` (``[{"key", "name"}]``, each person once, in the record's order) and ``href``."""
    names = {m["key"]: str(m.get("name") or "") for m in members if m.get("key")}
    out = []
    for r in rows:
        people: list[dict[str, str]] = []
        seen: set[str] = set()
        for p in r.get("involved") or []:
            key = p.get("key")
            if not key or key in seen:
                continue
            seen.add(key)
            people.append({"key": key, "name": names.get(key) or str(p.get("text") or "") or "(no name)"})
        people.sort(key=lambda p: p["name"].casefold())
        out.append({
            "date": r.get("date"), "kind": r["kind"], "record_id": r["record_id"],
            "type": r.get("record_type") or ("Case note" if r["kind"] == "note" else "Document"),
            "summary": one_line_summary(r.get("title"), r.get("opening"), r.get("record_type")),
            "author": r.get("author"), "people": people, "href": record_href(r["kind"], r["record_id"]),
        })
    return out


def filter_entries(items: Iterable[dict[str, Any]], person: str | None = None,
                   record_type: str | None = None) -> list[dict[str, Any]]:
    """Entries involving ``person`` (a member key) and of type ``record_type``; None means any."""
    return [e for e in items
            if (not person or any(p["key"] == person for p in e["people"]))
            and (not record_type or e["type"] == record_type)]


def person_options(items: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Dropdown options: everyone involved in some entry, by name, with how many entries."""
    counts: dict[str, list] = {}
    for e in items:
        for p in e["people"]:
            counts.setdefault(p["key"], [p["name"], 0])[1] += 1
    return [{"label": f"{name} ({n})", "value": key}
            for key, (name, n) in sorted(counts.items(), key=lambda kv: (kv[1][0].casefold(), kv[0]))]


def type_options(items: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    counts: dict[str, int] = {}
    for e in items:
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    return [{"label": f"{t} ({n})", "value": t} for t, n in sorted(counts.items(), key=lambda kv: kv[0].casefold())]


def dated(items: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The dated entries, and how many have no date (left out of a chronology)."""
    items = list(items)
    kept = [e for e in items if isinstance(e.get("date"), date)]
    return kept, len(items) - len(kept)


def export_rows(items: Iterable[dict[str, Any]], base_url: str = "") -> list[list[Any]]:
    """One row per entry for the CSV/DOCX exports, in :data:`HEADER` order."""
    return [[e["date"], e["type"], "Case note" if e["kind"] == "note" else "Document",
             "; ".join(p["name"] for p in e["people"]), e["summary"], base_url.rstrip("/") + e["href"]]
            for e in items]


def describe_filters(person_name: str | None, record_type: str | None) -> str:
    parts = []
    if person_name:
        parts.append(f"involving {person_name}")
    if record_type:
        parts.append(f"of type {record_type}")
    return ("Entries " + " and ".join(parts)) if parts else "All entries"
