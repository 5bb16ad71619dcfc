"""Reading SSD tables from CSV files: encodings, header names, sentinels, dates, postcodes.

Pure functions over text; nothing here knows the contract. A cell that cannot be read is
never silently dropped: the caller gets a `CellIssue` naming the column and the value.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from convert.ssd_mapping import SsdTable

NULL_WORDS = frozenset({"null", "nan", "none", "#n/a"})
"""Cells that SQL dumps and spreadsheets write for "no value" (any case)."""
ID_SENTINELS = frozenset({"-1"})
DATE_SENTINELS = frozenset({date(1900, 1, 1), date(9999, 12, 31)})
"""SSD writes 1900-01-01 (and some extracts 9999-12-31) for an open or unknown date."""

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d")
_SQL_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


@dataclass
class CellIssue:
    column: str
    value: str
    reason: str  # e.g. invalid_date


@dataclass
class SsdRow:
    """One data row: `line` is its line number in the file (header = 1)."""

    line: int
    values: dict[str, str | None]
    raw: dict[str, str]
    issues: list[CellIssue] = field(default_factory=list)

    def get(self, column: str) -> str | None:
        return self.values.get(column)


@dataclass
class TableFile:
    """What was read from one table file."""

    table: SsdTable
    path: Path
    encoding: str
    header: list[str]
    rows: list[SsdRow]
    ignored_columns: list[str]
    missing_required: list[str]
    missing_optional: list[str]
    duplicate_columns: list[str]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else Windows-1252 (reported by the caller)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # five bytes are undefined in Windows-1252: keep them visible rather than fail
        return data.decode("cp1252", errors="replace"), "windows-1252"


def clean_cell(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    if not value or value.lower() in NULL_WORDS:
        return None
    return value


def parse_ssd_date(value: str) -> date | None:
    """An SSD date: ISO, SQL Server datetime (`2024-12-10 00:00:00.000`), or dd/mm/yyyy.

    Returns None for the open-date sentinels; raises ValueError when it is not a date."""
    text = value.strip()
    match = _SQL_DATETIME.match(text)
    parsed: date | None = None
    if match:
        parsed = date.fromisoformat(match.group(1))
    else:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return None if parsed in DATE_SENTINELS else parsed


def normalise_postcode(value: str | None) -> str | None:
    """Spaces stripped, upper case, one space before the inward code (`yo125ab` → `YO12 5AB`).
    A value that is not a UK postcode shape is kept as given (upper case, spaces collapsed)."""
    if value is None:
        return None
    compact = re.sub(r"\s+", "", value).upper()
    if not compact:
        return None
    if _POSTCODE.match(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return " ".join(value.upper().split())


def _typed_row(table: SsdTable, line: int, raw: dict[str, str]) -> SsdRow:
    values: dict[str, str | None] = {}
    issues: list[CellIssue] = []
    for column in table.columns:
        cell = clean_cell(raw.get(column))
        if cell is not None and column in table.ids and cell in ID_SENTINELS:
            cell = None
        if cell is not None and column in table.dates:
            try:
                parsed = parse_ssd_date(cell)
            except ValueError:
                issues.append(CellIssue(column, cell, "invalid_date"))
                parsed = None
            cell = parsed.isoformat() if parsed else None
        values[column] = cell
    for column, cell in raw.items():  # extra columns (restriction flags) are kept for the caller
        if column not in values:
            values[column] = clean_cell(cell)
    return SsdRow(line, values, raw, issues)


class UnreadableTable(ValueError):
    """A table file that cannot be read as CSV at all (the report names it; the run goes on)."""


FIELD_LIMIT = 8_000_000
"""Longest cell read (case-note text: the contract allows 2,000,000 characters; the csv module's
default limit is 131,072)."""


def read_table(table: SsdTable, path: Path) -> TableFile:
    """Read one table file by column NAME (case-insensitive, any order)."""
    try:
        return _read_table(table, path)
    except (OSError, csv.Error) as exc:
        raise UnreadableTable(f"{path.name}: {exc}") from exc


def _read_table(table: SsdTable, path: Path) -> TableFile:
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    text, encoding = decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header_raw = next(reader, None) or []
    header = [h.strip().lower() for h in header_raw]
    duplicates = [h for i, h in enumerate(header) if h and h in header[:i]]
    rows: list[SsdRow] = []
    missing_required = [c for c in table.required if c not in header]
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank line
        raw: dict[str, str] = {}
        for name, cell in zip(header, cells, strict=False):
            raw.setdefault(name, cell)
        if len(cells) > len(header):
            raw["_extra_cells"] = "|".join(cells[len(header):])
        rows.append(_typed_row(table, line, raw))
    return TableFile(
        table=table,
        path=path,
        encoding=encoding,
        header=header,
        rows=rows,
        ignored_columns=sorted({h for h in header if h and h not in table.columns}),
        missing_required=missing_required,
        missing_optional=[c for c in table.optional if c not in header],
        duplicate_columns=sorted(set(duplicates)),
    )
