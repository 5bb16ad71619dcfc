"""Streaming readers for the files of a source export.

Each reader yields `RawRow(line, values, problem)`: values is a dict of column → raw value,
or `problem` says why the line could not be read at all (bad JSON, wrong number of fields,
bytes that are not UTF-8). A row with a problem may still carry `values` as far as they can be
read (undecodable bytes shown as \\xNN) -- only to say in the quarantine whose row it was
(child id, restriction), never to load. Rows are never held all at once, so a 7-million-note
export streams in constant memory.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.contract import MAX_TEXT_CHARS, Rejection

csv.field_size_limit(MAX_TEXT_CHARS * 4)


@dataclass
class RawRow:
    line: int
    values: dict[str, Any] | None
    raw: str  # the row as read, for the quarantine file
    problem: Rejection | None = None


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogates(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _printable(text: str) -> str:
    """The raw text with undecodable bytes shown as \\xNN, safe to write as UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _readable_object(raw_bytes: bytes) -> dict[str, Any] | None:
    """A JSON object with undecodable bytes replaced (U+FFFD), to identify the row only."""
    try:
        obj = json.loads(raw_bytes.decode("utf-8", "replace"))
    except (json.JSONDecodeError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def read_csv_header(path: Path) -> list[str] | None:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        try:
            return [h.strip() for h in next(csv.reader(fh))]
        except (StopIteration, csv.Error):
            return None


def iter_csv(path: Path) -> Iterator[RawRow]:
    """Rows of a CSV file with a header (RFC 4180, UTF-8, optional BOM)."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except (StopIteration, csv.Error):
            return
        while True:
            line = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRow(line, None, "", Rejection("unparseable_csv", str(exc)))
                continue
            if not fields or all(not f.strip() for f in fields):
                continue
            raw = _printable(",".join(fields))
            if any(_has_surrogates(f) for f in fields):
                readable = dict(zip(header, map(_printable, fields))) if len(fields) == len(header) else None
                yield RawRow(line, readable, raw, Rejection("invalid_encoding", "row holds bytes that are not UTF-8"))
            elif len(fields) != len(header):
                yield RawRow(
                    line, None, raw,
                    Rejection("wrong_field_count", f"{len(fields)} fields, header has {len(header)}"),
                )
            else:
                yield RawRow(line, dict(zip(header, fields)), raw)


def iter_jsonl(path: Path, start: int = 0, end: int | None = None) -> Iterator[RawRow]:
    """Objects of a JSON Lines file; a bad line is reported, the rest still read.

    With `start`/`end`, only the lines that begin in that byte range (`start` at a line's
    beginning), numbered from 1 there: one worker's share of a large file.
    """
    with path.open("rb") as fh:
        fh.seek(start)
        position = start
        for number, raw_bytes in enumerate(fh, start=1):
            if end is not None:
                if position >= end:
                    return
                position += len(raw_bytes)
            text = raw_bytes.decode("utf-8", "surrogateescape").strip()
            if not text:
                continue
            raw = _printable(text)
            if _has_surrogates(text):
                yield RawRow(number, _readable_object(raw_bytes), raw,
                             Rejection("invalid_encoding", "line holds bytes that are not UTF-8"))
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield RawRow(number, None, raw, Rejection("invalid_json", str(exc)))
                continue
            except RecursionError:  # hostile nesting: thousands of [ or {
                yield RawRow(number, None, raw, Rejection("invalid_json", "nested too deeply to read"))
                continue
            if not isinstance(obj, dict):
                yield RawRow(number, None, raw, Rejection("not_an_object", f"line is a JSON {type(obj).__name__}"))
                continue
            yield RawRow(number, obj, raw)
