"""The source export contract (docs/contract/README.md) as data, and row validation.

Validation is pure logic: a raw row (strings from CSV, values from JSON) goes in, a typed
row or a `Rejection` with a reason comes out. Policy, chosen so that nothing is lost:

* a missing or invalid **required** value rejects the row (it goes to quarantine, whole);
* an invalid **optional** value keeps the row: the field becomes unknown (null), the raw
  value is kept as `<field>_raw`, and the problem is counted as a field warning;
* dates of birth may be partial ISO 8601 (`1990`, `1990-07`), as source systems hold them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Literal

ColumnType = Literal["str", "date", "partial_date", "timestamp", "bool", "teams"]

MAX_TEXT_CHARS = 2_000_000
"""A free-text value longer than this (about 1,000 pages) is rejected as too large."""


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "str"
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One file of the export."""

    table: str  # the name used in deletions.csv
    file_name: str
    id_column: str
    columns: tuple[Column, ...]
    fmt: Literal["csv", "jsonl"] = "csv"
    references_child: bool = True

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(*specs: str) -> tuple[Column, ...]:
    """Compact column declarations: "name", "name:type", "name!" (required), "name:type!"."""
    out = []
    for spec in specs:
        required = spec.endswith("!")
        spec = spec.rstrip("!")
        name, _, ctype = spec.partition(":")
        out.append(Column(name, ctype or "str", required))  # type: ignore[arg-type]
    return tuple(out)


CHILDREN = TableSpec(
    "children",
    "children.csv",
    "child_id",
    _cols(
        "child_id!", "given_name!", "family_name!", "preferred_name", "date_of_birth:partial_date",
        "gender", "postcode", "address_line", "legal_status", "open_date:date", "close_date:date",
        "restricted:bool", "restricted_to_teams:teams", "updated_at:timestamp!",
    ),
    references_child=False,
)
SIGNIFICANT_ADULTS = TableSpec(
    "significant_adults",
    "significant_adults.csv",
    "relationship_id",
    _cols(
        "relationship_id!", "child_id!", "person_ref", "given_name", "family_name",
        "date_of_birth:partial_date", "gender", "relationship", "address_line", "postcode", "phone",
        "email", "parental_responsibility:bool", "start_date:date", "end_date:date",
        "updated_at:timestamp!",
    ),
)
WORKER_ALLOCATIONS = TableSpec(
    "worker_allocations",
    "worker_allocations.csv",
    "allocation_id",
    _cols(
        "allocation_id!", "child_id!", "worker_id!", "worker_name", "role", "team",
        "start_date:date", "end_date:date", "updated_at:timestamp!",
    ),
)
CASE_NOTES = TableSpec(
    "case_notes",
    "case_notes.jsonl",
    "note_id",
    _cols(
        "note_id!", "child_id!", "event_date:date", "recorded_at:timestamp", "author_worker_id",
        "note_type", "subject", "body", "restricted:bool", "updated_at:timestamp!",
    ),
    fmt="jsonl",
)
DOCUMENTS = TableSpec(
    "documents",
    "documents.csv",
    "document_id",
    _cols(
        "document_id!", "child_id!", "file_name!", "title", "document_type", "document_date:date",
        "uploaded_at:timestamp", "restricted:bool", "updated_at:timestamp!",
    ),
)
DELETIONS = TableSpec(
    "deletions",
    "deletions.csv",
    "id",
    _cols("table!", "id!", "deleted_at:timestamp!"),
    references_child=False,
)

DATA_TABLES: tuple[TableSpec, ...] = (
    CHILDREN, SIGNIFICANT_ADULTS, WORKER_ALLOCATIONS, CASE_NOTES, DOCUMENTS,
)
TABLES_BY_NAME = {t.table: t for t in (*DATA_TABLES, DELETIONS)}


@dataclass
class Rejection:
    reason: str  # short machine-readable code, counted in the report
    detail: str  # human-readable explanation quoting the bad value


@dataclass
class ValidatedRow:
    values: dict[str, Any]
    warnings: list[Rejection] = field(default_factory=list)


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def parse_date(value: str) -> date:
    return date.fromisoformat(value)


def parse_partial_date(value: str) -> str:
    """ISO 8601 at year, month or day precision; returned as its canonical string."""
    if not _PARTIAL_DATE.match(value):
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    day = int(parts[2]) if len(parts) > 2 else 1
    date(year, month, day)  # raises on impossible dates
    return value


def parse_timestamp(value: str) -> datetime:
    """ISO 8601 timestamp; one without an offset is taken as UTC. Returned in UTC."""
    ts = datetime.fromisoformat(value)
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=timezone.utc)
    return ts.astimezone(timezone.utc)


def parse_bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError("expected true or false")


def parse_teams(value: str) -> list[str]:
    return [t.strip() for t in value.split(";") if t.strip()]


_PARSERS = {
    "date": parse_date,
    "partial_date": parse_partial_date,
    "timestamp": parse_timestamp,
    "bool": parse_bool,
    "teams": parse_teams,
}


def _as_text(value: Any) -> str | None:
    """Normalise a raw cell: None/blank → None; numbers from JSON → text; strip spaces."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    value = value.replace("\x00", "").strip()
    return value or None


def validate_row(spec: TableSpec, raw: dict[str, Any]) -> ValidatedRow | Rejection:
    """Check one row against its table's columns; see the module docstring for the policy."""
    values: dict[str, Any] = {}
    warnings: list[Rejection] = []
    for col in spec.columns:
        try:
            text = _as_text(raw.get(col.name))
        except TypeError as exc:
            if col.required:
                return Rejection("invalid_type", f"{col.name}: {exc}")
            warnings.append(Rejection(f"invalid_{col.name}", f"{col.name}: {exc}"))
            values[col.name] = None
            values[f"{col.name}_raw"] = repr(raw.get(col.name))[:200]
            continue
        if text is None:
            if col.required:
                return Rejection("missing_required", f"required column {col.name!r} is empty")
            values[col.name] = [] if col.type == "teams" else None
            continue
        if len(text) > MAX_TEXT_CHARS:
            return Rejection("too_large", f"{col.name} has {len(text):,} characters (limit {MAX_TEXT_CHARS:,})")
        parser = _PARSERS.get(col.type)
        if parser is None:
            values[col.name] = text
            continue
        try:
            values[col.name] = parser(text)
        except (ValueError, TypeError) as exc:
            detail = f"{col.name}={text[:80]!r}: {exc}"
            if col.required:
                return Rejection(f"invalid_{col.type}", detail)
            warnings.append(Rejection(f"invalid_{col.name}", detail))
            values[col.name] = None
            values[f"{col.name}_raw"] = text
    if spec is DELETIONS and values["table"] not in TABLES_BY_NAME:
        return Rejection("unknown_table", f"table={values['table']!r} is not a contract table")
    return ValidatedRow(values, warnings)


def check_header(spec: TableSpec, header: list[str] | None) -> Rejection | None:
    """A CSV file whose header lacks a required column cannot be read row by row."""
    if not header:
        return Rejection("empty_file", f"{spec.file_name} has no header row")
    missing = [c for c in spec.required_columns if c not in header]
    if missing:
        return Rejection("missing_columns", f"{spec.file_name} lacks required columns {missing}")
    return None
