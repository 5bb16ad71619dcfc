"""CSV files in the format of Neo4j's bulk importer (`neo4j-admin database import full`).

One file per node kind and per relationship kind, each with its own header: `name:ID(Group)`
for the key (stored as the property `name`; the group is the id space relationships refer to),
`name:type` for properties, `:START_ID(Group)` / `:END_ID(Group)` for relationship endpoints.
Labels and relationship types are given on the importer's command line, not per row.

Values are written so the importer reads them back as the types the transactional loader stores:
strings always quoted (so an empty string stays one), an absent value as an empty unquoted field
(no property), numbers unquoted, dates, datetimes (ISO 8601 with offset) and booleans as quoted
text (the importer parses a field's text whether quoted or not), lists of strings joined by
`ARRAY_DELIMITER`. Team names cannot contain it (`contract.TEAM_SEPARATORS`).
The importer cannot store an empty list: `cypher/load/bulk_empty_teams.cypher` sets those after.
"""

from __future__ import annotations

import csv
import io
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


class _Absent(float):
    """An absent value for `csv.writer` with `QUOTE_NONNUMERIC`: a number (so left unquoted) that
    writes as nothing. The writer itself would quote None as `""`, an empty string."""

    def __repr__(self) -> str:
        return ""

    __str__ = __repr__


ABSENT = _Absent()


def _strings(value: list[str]) -> Any:
    return ARRAY_DELIMITER.join(value) if value else ABSENT


def _boolean(value: Any) -> str:
    return "true" if value else "false"


def _temporal(value: Any) -> str:
    if not isinstance(value, (date, datetime)):
        raise TypeError(f"expected a date or datetime, got {type(value).__name__}")
    return value.isoformat()


CONVERTERS = {"string[]": _strings, "boolean": _boolean, "date": _temporal, "datetime": _temporal}
"""What a present value of these importer types becomes before the writer quotes it; strings and
numbers are written as they are (strings quoted, numbers not)."""

BATCH_ROWS = 2_000  # rows formatted together by the C writer, then written at once


@dataclass
class ImportFile:
    """One CSV file of the import: its header, its rows, and whether any value spans lines.

    `write` takes a row as a dict; rows are formatted in batches by `csv.writer` (quoting and
    escaping in C). A numbered part of the same file (`part`) has no header: the importer reads
    `header-file,part1,part2` as one file.
    """

    path: Path
    header: list[str]  # importer header fields, e.g. "child_id:ID(Child)", "open_date:date"
    keys: list[str]  # the dict key each field is read from
    kinds: list[str]  # importer type of each field ("string" for ids)
    rows: int = 0
    multiline: bool = False
    with_header: bool = True
    _fh: TextIO | None = field(default=None, repr=False)
    _keyset: frozenset[str] = field(default=frozenset(), repr=False)
    _convert: list[tuple[int, Any]] = field(default_factory=list, repr=False)
    _batch: list[list[Any]] = field(default_factory=list, repr=False)

    def open(self) -> ImportFile:
        self._keyset = frozenset(self.keys)
        self._convert = [(i, CONVERTERS[kind]) for i, kind in enumerate(self.kinds) if kind in CONVERTERS]
        self._fh = open_private(self.path)
        if self.with_header:
            self._fh.write(",".join(self.header) + "\n")
        return self

    def part(self, number: int, folder: Path | None = None) -> ImportFile:
        """A headerless part file of this one, e.g. `case_note.part3.csv` (written by a worker)."""
        name = f"{self.path.stem}.part{number}{self.path.suffix}"
        return ImportFile((folder or self.path.parent) / name, self.header, self.keys, self.kinds,
                          with_header=False).open()

    def write(self, values: dict[str, Any]) -> None:
        if not self._keyset.issuperset(values):  # a property the header does not declare would be lost
            raise ValueError(f"{self.path.name}: no column for {sorted(values.keys() - self._keyset)}")
        row = [ABSENT if v is None else v for v in map(values.get, self.keys)]
        for i, convert in self._convert:
            if row[i] is not ABSENT:
                row[i] = convert(row[i])
        self._batch.append(row)
        if len(self._batch) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self._batch:
            return
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(self._batch)
        text = buffer.getvalue()
        # a value with a line break in it adds a "\n" (or holds a "\r") beyond one per row
        if not self.multiline and ("\r" in text or text.count("\n") != len(self._batch)):
            self.multiline = True
        assert self._fh is not None
        self._fh.write(text)
        self.rows += len(self._batch)
        self._batch = []

    def close(self) -> None:
        if self._fh is not None:
            self.flush()
            self._fh.close()
            self._fh = None


def node_file(path: Path, id_key: str, group: str, props: dict[str, str], *, opened: bool = True) -> ImportFile:
    """A node file keyed by `id_key` in id space `group`, with `props` (name -> importer type).

    `opened=False`: only its layout (for the part files workers write).
    """
    others = [k for k in props if k != id_key]
    f = ImportFile(
        path,
        header=[f"{id_key}:ID({group})", *(f"{k}:{props[k]}" for k in others)],
        keys=[id_key, *others],
        kinds=["string", *(props[k] for k in others)],
    )
    return f.open() if opened else f


def relationship_file(path: Path, start: str, end: str, props: dict[str, str] | None = None, *,
                      opened: bool = True) -> ImportFile:
    """A relationship file from id space `start` to `end`; rows carry `start`, `end` and `props`."""
    props = props or {}
    f = ImportFile(
        path,
        header=[f":START_ID({start})", f":END_ID({end})", *(f"{k}:{t}" for k, t in props.items())],
        keys=["start", "end", *props],
        kinds=["string", "string", *props.values()],
    )
    return f.open() if opened else f


def close_all(files: Iterable[ImportFile]) -> None:
    for f in files:
        f.close()
