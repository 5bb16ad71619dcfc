"""The day token of the record full-text index, so the newest or oldest hits come first cheaply.

Neo4j's full-text index cannot sort, and a date property is not in it, so "newest first" once
read the date of every hit (28,000 for "school" on 120,000 notes; ten times that at a council).
Each case note and document therefore carries ``search_day`` — ``d20240315`` for its event or
document date, ``undated`` when it has none — in the index ``record_fulltext``. Tokens of one
length sort like the dates they name, so a Lucene range ``search_day:[d20240101 TO d20241231]``
asks for the hits of a date window, and a search walks windows outwards from the newest (or
oldest) day until a page is full (:func:`day_window`, :func:`grown_width`).

The loaders set the token with every write (:func:`record_search_day`). A graph loaded before
the token existed gets it once, when the schema first creates ``record_fulltext``
(:func:`backfill_search_days`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import neo4j

from graph_model.cypher import cypher

SEARCH_INDEX = "record_fulltext"
UNDATED = "undated"
FIRST_TOKEN = "d00000000"
LAST_TOKEN = "d99999999"
FIRST_WINDOW_DAYS = 31
WINDOW_GROWTH = 4
BACKFILL_BATCH = 10_000


def day_token(day: date | None) -> str:
    """``d`` + YYYYMMDD, or ``undated``."""
    return f"d{day:%Y%m%d}" if day is not None else UNDATED


def record_search_day(values: dict[str, Any]) -> str:
    """The token of a case note's ``event_date`` or a document's ``document_date``."""
    return day_token(values.get("event_date") or values.get("document_date"))


def day_range(first: date | None, last: date | None) -> str:
    """The Lucene clause for the dated records from ``first`` to ``last`` (either end open)."""
    lo = day_token(first) if first is not None else FIRST_TOKEN
    hi = day_token(last) if last is not None else LAST_TOKEN
    return f"search_day:[{lo} TO {hi}]"


def day_window(order: str, first_day: date, last_day: date, width: int, *, date_from: date | None = None,
               date_to: date | None = None) -> tuple[date | None, date | None, bool]:
    """The date window ``width`` days wide for a newest- or oldest-first search: ``(from, to, whole)``
    (None: open), ``whole`` when it spans everything the search's own date filter allows.

    The window is anchored at the newest (``order='newest'``) or oldest end of what can match — the
    records' ``last_day``/``first_day`` within the date filter — so every hit newer (older) than its
    far end is inside it: a window that holds a full page of visible hits holds the exact first page.
    """
    lo_bound = max(first_day, date_from) if date_from else first_day
    hi_bound = min(last_day, date_to) if date_to else last_day
    if order == "oldest":
        far = lo_bound + timedelta(days=width)
        return (date_from, date_to, True) if far >= hi_bound else (date_from, far, False)
    far = hi_bound - timedelta(days=width)
    return (date_from, date_to, True) if far <= lo_bound else (far, date_to, False)


def grown_width(width: int, visible: int, wanted: int) -> int:
    """The next window's width after one that held ``visible`` of the ``wanted`` hits: wide enough for
    the page at the density seen (twice over), at least ``WINDOW_GROWTH`` times, at most 64 times."""
    factor = 2 * wanted / max(visible, 1)
    return int(width * min(64.0, max(float(WINDOW_GROWTH), factor)))


def backfill_search_days(driver: neo4j.Driver, database: str | None = None) -> int:
    """Give every case note and document without ``search_day`` its token; how many were given.

    One streaming read (lazily fetched, so a council's notes are never all in memory) and writes
    in batches from a second session: one pass over the records, whatever their number.
    """
    done = 0
    with driver.session(database=database) as reader, driver.session(database=database) as writer:
        batch: list[dict[str, str]] = []
        for r in reader.run(cypher("schema_upgrade/records_without_search_day")):
            day = r["day"].to_native() if r["day"] is not None else None
            batch.append({"id": r["id"], "search_day": day_token(day)})
            if len(batch) >= BACKFILL_BATCH:
                writer.execute_write(_set_search_days, batch)
                done, batch = done + len(batch), []
        if batch:
            writer.execute_write(_set_search_days, batch)
            done += len(batch)
    return done


def _set_search_days(tx: neo4j.ManagedTransaction, rows: list[dict[str, str]]) -> None:
    tx.run(cypher("schema_upgrade/set_search_days"), rows=rows).consume()
