"""What every resolution step shares: running a named statement, writing rows in batches,
a lost server turned into a clear error, the most common value and a display name."""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from neo4j import Driver
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph_model.cypher import cypher
from kinscope.errors import ServerError

BATCH = 2000


def run(driver: Driver, name: str, database: str | None = None, **params: Any) -> list[dict]:
    # notifications off: optional properties/labels (person_ref, PractitionerDecision) may not
    # exist in a graph yet, which Neo4j reports as warnings on every run
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        return [r.data() for r in session.run(cypher(name), **params)]


@contextmanager
def server_lost_clearly(step: str) -> Iterator[None]:
    """Neo4j going away mid-step becomes a `ServerError` that says what was lost and what to do.

    Every resolution write is one keyed, idempotent transaction per batch and the changed work
    stays marked until a step finishes it, so a rerun completes what the lost run left."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise ServerError(
            f"Neo4j stopped answering during resolution ({step}): {str(exc)[:200]}. Resolution is NOT "
            f"complete; what it wrote before stays consistent. Start Neo4j again (`kinscope neo4j start`) "
            f"and run resolution again: the rerun finishes the work.") from exc


def write_batches(driver: Driver, name: str, rows: list[dict], database: str | None = None,
                   batch: int = BATCH) -> None:
    for start in range(0, len(rows), batch):
        driver.execute_query(cypher(name), rows=rows[start:start + batch], database_=database)


def mode(values: Iterable[Any]) -> Any:
    vals = [v for v in values if v not in (None, "")]
    if not vals:
        return None
    counts = Counter(vals)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def display_name(given: object, family: object) -> str:
    return " ".join(str(x).strip() for x in (given, family) if x not in (None, "") and str(x).strip())
