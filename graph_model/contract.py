"""The source export contract (docs/contract/README.md) as data, and row validation.

Validation is pure logic: a raw row (strings from CSV, values from JSON) goes in, a typed
row or a `Rejection` with a reason comes out. Policy, chosen so that nothing is lost:

* a missing or invalid **required** value rejects the row (it goes to quarantine, whole);
* an invalid **optional** value keeps the row: the field becomes unknown (null), the raw
  value is kept as `<field>_raw`, and the problem is counted as a field warning;
* dates of birth may be partial ISO 8601 (`1990`, `1990-07`), as source systems hold them;
* a value too long for its column (`MAX_KEY_CHARS` for ids, names, codes and addresses, which are
  or become index keys; `MAX_TEXT_CHARS` for free text) rejects the row as `too_large`;
* the **restriction flag fails closed** (`read_restriction`): an unreadable `restricted` value
  means restricted (warning `restricted_unreadable`, raw value kept), a blank one with teams
  named means restricted, and the row always carries an explicit boolean. Only an explicit,
  readable "not restricted" may lift an earlier restriction (the loader enforces that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import UTC, date, datetime
from typing import Any, Literal

ColumnType = Literal["str", "text", "date", "partial_date", "timestamp", "bool", "restricted", "teams"]

MAX_TEXT_CHARS = 2_000_000
"""A free-text value (`text` columns: note subject and body, document title) longer than this
(about 1,000 pages) is rejected as too large."""

MAX_KEY_CHARS = 1_000
"""Any other value (ids, names, codes, addresses, teams) longer than this is rejected as too large.
These are, or become, keys of Neo4j range indexes and constraints (`cypher/schema/`), which hold
at most about 8 KB per key: 1,000 characters are at most 4,000 bytes of UTF-8. A longer value
would abort the write with "Property value is too large to index"."""

RESTRICTED_COLUMN = "restricted"
TEAMS_COLUMN = "restricted_to_teams"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "str"
    required: bool = False


def column_limit(col: Column) -> int:
    """The most characters a value of this column may hold (read at call time, for tests)."""
    return MAX_TEXT_CHARS if col.type in ("text", "teams") else MAX_KEY_CHARS


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

    @cached_property  # asked for every row read: computed once per table
    def has_restriction(self) -> bool:
        """Rows of this table say whether they are restricted (children, case notes, documents)."""
        return RESTRICTED_COLUMN in self.column_names

    @cached_property
    def has_teams(self) -> bool:
        return TEAMS_COLUMN in self.column_names


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
        "restricted:restricted", "restricted_to_teams:teams", "updated_at:timestamp!",
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
        "note_type", "subject:text", "body:text", "restricted:restricted", "updated_at:timestamp!",
    ),
    fmt="jsonl",
)
DOCUMENTS = TableSpec(
    "documents",
    "documents.csv",
    "document_id",
    _cols(
        "document_id!", "child_id!", "file_name!", "title:text", "document_type", "document_date:date",
        "uploaded_at:timestamp", "restricted:restricted", "updated_at:timestamp!",
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


@dataclass(frozen=True)
class Restriction:
    """What a row says about access to its record, read so that it fails closed.

    `restricted` is always a boolean. `explicit` is True only for a readable `restricted` value
    that the team list does not contradict: only such a row may lift an earlier restriction.
    """

    restricted: bool
    explicit: bool
    teams: list[str]
    raw: str | None = None  # the unreadable `restricted` value, as given
    warnings: tuple[Rejection, ...] = ()


@dataclass
class ValidatedRow:
    values: dict[str, Any]
    warnings: list[Rejection] = field(default_factory=list)
    restriction: Restriction | None = None


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_NUMERIC_FLAG = re.compile(r"^([01])(\.0+)?$")  # 1, 0, 1.0, 0.0, 1.00 (spreadsheet exports)
_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}
RESTRICTED_TRUE = _TRUE | {"restricted"}
"""Spellings of `restricted` read as restricted (any case, surrounding spaces; also 1 / 1.0)."""
RESTRICTED_FALSE = _FALSE | {"not restricted", "unrestricted", "non restricted"}
"""Spellings read as not restricted (any case; `-`/`_` read as a space; also 0 / 0.0)."""
TEAM_SEPARATORS = re.compile(r"[;,|\r\n]+")
"""`restricted_to_teams` separators: `;` (the contract's), also `,`, `|` and line breaks.
A team name therefore cannot contain them; blank entries are dropped, runs of whitespace become
one space, repeats are dropped (first spelling kept, case kept: teams are matched exactly)."""
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


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
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC)


def _flag_word(value: str) -> str:
    """Lower case; `-`/`_` between letters and runs of whitespace as one space; 1.0/0.0 as 1/0."""
    word = " ".join(re.sub(r"(?<=[a-z])[-_](?=[a-z])", " ", value.lower()).split())
    numeric = _NUMERIC_FLAG.match(word)
    return numeric.group(1) if numeric else word


def parse_bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    word = _flag_word(value)
    if word in _TRUE or word == "1":
        return True
    if word in _FALSE or word == "0":
        return False
    raise ValueError("expected true or false")


def parse_restricted(value: str | bool) -> bool:
    """A `restricted` value in any spelling councils use; ValueError when unreadable."""
    if isinstance(value, bool):
        return value
    word = _flag_word(value)
    if word in RESTRICTED_TRUE or word == "1":
        return True
    if word in RESTRICTED_FALSE or word == "0":
        return False
    raise ValueError("expected Y/N, Yes/No, true/false, T/F, 1/0 or Restricted/Not restricted")


def parse_teams(value: str) -> list[str]:
    """Team names from a `restricted_to_teams` cell; see `TEAM_SEPARATORS`."""
    teams: list[str] = []
    for part in TEAM_SEPARATORS.split(value.translate(_INVISIBLE)):
        name = " ".join(part.split())
        if name and name not in teams:
            teams.append(name)
    return teams


_PARSERS = {
    "date": parse_date,
    "partial_date": parse_partial_date,
    "timestamp": parse_timestamp,
    "bool": parse_bool,
    "restricted": parse_restricted,
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


def _read_teams(raw: dict[str, Any]) -> tuple[list[str], bool]:
    """(teams, readable) of a row's `restricted_to_teams`."""
    try:
        text = _as_text(raw.get(TEAMS_COLUMN))
    except TypeError:
        return [], False
    if text is None:
        return [], True
    if len(text) > MAX_TEXT_CHARS:
        return [], False
    return parse_teams(text), True


def read_restriction(spec: TableSpec, raw: dict[str, Any]) -> Restriction | None:
    """What a raw row says about access, failing closed; None for tables without the flag.

    * readable value, no contradiction → that value, `explicit`;
    * unreadable value (or unreadable team list) → restricted, warning `restricted_unreadable`;
    * blank value → restricted when teams are named (warning `restricted_from_teams`), else not;
    * "not restricted" with teams named → restricted, warning `restricted_contradicts_teams`;
    * restricted with no team named → still restricted (seen by nobody), warning
      `restricted_without_teams` (children only: notes and documents carry no team list).
    Works on rows that are otherwise invalid too, to label quarantined rows.
    """
    if not spec.has_restriction:
        return None
    teams, teams_readable = _read_teams(raw) if spec.has_teams else ([], True)
    warnings: list[Rejection] = []
    raw_value: str | None = None
    explicit = False
    try:
        text = _as_text(raw.get(RESTRICTED_COLUMN))
    except TypeError:
        text, raw_value = None, repr(raw.get(RESTRICTED_COLUMN))[:200]
    value: bool | None = None
    if text is not None:
        try:
            value = parse_restricted(text)
        except ValueError:
            raw_value = text if len(text) <= MAX_KEY_CHARS else text[:MAX_KEY_CHARS] + "…"
    if raw_value is not None or not teams_readable:
        restricted = True
        what = f"restricted={raw_value[:80]!r}" if raw_value is not None else f"{TEAMS_COLUMN} unreadable"
        warnings.append(Rejection("restricted_unreadable", f"{what}: kept as restricted"))
    elif value is None:
        restricted = bool(teams)
        if teams:
            warnings.append(Rejection("restricted_from_teams", f"restricted is blank but teams are named {teams}"))
    elif not value and teams:
        restricted = True
        warnings.append(Rejection(
            "restricted_contradicts_teams", f"restricted={text!r} but teams are named {teams}: kept as restricted"))
    else:
        restricted, explicit = value, True
    if restricted and spec.has_teams and not teams:
        warnings.append(Rejection("restricted_without_teams", "restricted with no team named: visible to nobody"))
    return Restriction(restricted, explicit, teams, raw_value, tuple(warnings))


def _apply_restriction(spec: TableSpec, raw: dict[str, Any], values: dict[str, Any]) -> Restriction | None:
    """Write the row's restriction into its values: always an explicit boolean, never null."""
    restriction = read_restriction(spec, raw)
    if restriction is None:
        return None
    values[RESTRICTED_COLUMN] = restriction.restricted
    if spec.has_teams:
        values[TEAMS_COLUMN] = restriction.teams
    if restriction.raw is not None:
        values[f"{RESTRICTED_COLUMN}_raw"] = restriction.raw
    return restriction


def validate_row(spec: TableSpec, raw: dict[str, Any]) -> ValidatedRow | Rejection:
    """Check one row against its table's columns; see the module docstring for the policy."""
    values: dict[str, Any] = {}
    warnings: list[Rejection] = []
    for col in spec.columns:
        if col.type in ("restricted", "teams"):
            continue  # read together, failing closed: `read_restriction`
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
            values[col.name] = None
            continue
        limit = column_limit(col)
        if len(text) > limit:
            return Rejection("too_large", f"{col.name} has {len(text):,} characters (limit {limit:,})")
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
    restriction = _apply_restriction(spec, raw, values)
    if restriction is not None:
        warnings.extend(restriction.warnings)
    return ValidatedRow(values, warnings, restriction)


def check_header(spec: TableSpec, header: list[str] | None) -> Rejection | None:
    """A CSV file whose header lacks a required column cannot be read row by row."""
    if not header:
        return Rejection("empty_file", f"{spec.file_name} has no header row")
    missing = [c for c in spec.required_columns if c not in header]
    if missing:
        return Rejection("missing_columns", f"{spec.file_name} lacks required columns {missing}")
    return None
