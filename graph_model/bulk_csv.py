"""CSV files in the format of Neo4j's bulk importer (`neo4j-admin database import full`).

One file per node kind and per relationship kind, each with its own header: `name:ID(Group)`
for the key (stored as the property `name`; the group is the id space relationships refer to),
`name:type` for properties, `:START_ID(Group)` / `:END_ID(Group)` for relationship endpoints.
Labels and relationship types are given on the importer's command line, not per row.

Values are written so the importer reads them back as the types the transactional loader stores:
strings always quoted (so an empty string stays one), an absent value as an empty unquoted field
(no property), dates, datetimes (ISO 8601 with offset), booleans and numbers unquoted, lists of
strings joined by `ARRAY_DELIMITER`. Team names cannot contain it (`contract.TEAM_SEPARATORS`).
The importer cannot store an empty list: `cypher/load/bulk_empty_teams.cypher` sets those after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from graph_model.contract import ColumnType, TableSpec
from kinscope.private_files import open_private

ARRAY_DELIMITER = ";"

IMPORT_TYPES: dict[ColumnType, str] = {
    "str": "string",
    "text": "string",
    "partial_date": "string",  # kept as its canonical text (1990, 1990-07, 1990-07-14)
    "date": "date",
    "timestamp": "datetime",
    "bool": "boolean",
    "restricted": "boolean",
    "teams": "string[]",
}


def spec_properties(spec: TableSpec) -> dict[str, str]:
    """Every property a validated row of `spec` may carry, with its importer type.

    Each column may also come with `<column>_raw` (the unreadable value, kept as text).
    """
    props: dict[str, str] = {}
    for col in spec.columns:
        props[col.name] = IMPORT_TYPES[col.type]
    for col in spec.columns:
        props[f"{col.name}_raw"] = "string"
    return props


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _string(value: Any) -> str:
    return _quote(value if isinstance(value, str) else str(value))


def _strings(value: list[str]) -> str:
    return _quote(ARRAY_DELIMITER.join(value)) if value else ""


def _boolean(value: Any) -> str:
    return "true" if value else "false"


def _temporal(value: Any) -> str:
    if not isinstance(value, (date, datetime)):
        raise TypeError(f"expected a date or datetime, got {type(value).__name__}")
    return value.isoformat()


FORMATTERS = {"string": _string, "string[]": _strings, "boolean": _boolean, "date": _temporal,
              "datetime": _temporal, "long": repr, "double": repr}
"""How a present value of each importer type is written (an absent one is an empty field)."""


@dataclass
class ImportFile:
    """One CSV file of the import: its header, its rows, and whether any value spans lines."""

    path: Path
    header: list[str]  # importer header fields, e.g. "child_id:ID(Child)", "open_date:date"
    keys: list[str]  # the dict key each field is read from
    kinds: list[str]  # importer type of each field ("string" for ids)
    rows: int = 0
    multiline: bool = False
    _fh: TextIO | None = field(default=None, repr=False)
    _keyset: frozenset[str] = field(default=frozenset(), repr=False)
    _columns: list[tuple[str, Any]] = field(default_factory=list, repr=False)

    def open(self) -> ImportFile:
        self._keyset = frozenset(self.keys)
        self._columns = [(k, FORMATTERS[kind]) for k, kind in zip(self.keys, self.kinds)]
        self._fh = open_private(self.path)
        self._fh.write(",".join(self.header) + "\n")
        return self

    def write(self, values: dict[str, Any]) -> None:
        unknown = values.keys() - self._keyset
        if unknown:  # a property the header does not declare would be silently lost
            raise ValueError(f"{self.path.name}: no column for {sorted(unknown)}")
        get = values.get
        line = ",".join("" if (v := get(k)) is None else f(v) for k, f in self._columns)
        if not self.multiline and ("\n" in line or "\r" in line):
            self.multiline = True
        assert self._fh is not None
        self._fh.write(line + "\n")
        self.rows += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def node_file(path: Path, id_key: str, group: str, props: dict[str, str]) -> ImportFile:
    """A node file keyed by `id_key` in id space `group`, with `props` (name -> importer type)."""
    others = [k for k in props if k != id_key]
    return ImportFile(
        path,
        header=[f"{id_key}:ID({group})", *(f"{k}:{props[k]}" for k in others)],
        keys=[id_key, *others],
        kinds=["string", *(props[k] for k in others)],
    ).open()


def relationship_file(path: Path, start: str, end: str, props: dict[str, str] | None = None) -> ImportFile:
    """A relationship file from id space `start` to `end`; rows carry `start`, `end` and `props`."""
    props = props or {}
    return ImportFile(
        path,
        header=[f":START_ID({start})", f":END_ID({end})", *(f"{k}:{t}" for k, t in props.items())],
        keys=["start", "end", *props],
        kinds=["string", "string", *props.values()],
    ).open()


def close_all(files: Iterable[ImportFile]) -> None:
    for f in files:
        f.close()
