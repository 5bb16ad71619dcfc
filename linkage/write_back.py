"""Writing mention resolution back: mention-only persons and each mention's one link.

A mention's old ``REFERS_TO`` links that are not the link now decided are removed first, and a
mention no step decided (a PERSON text with no usable name) loses its old links.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from neo4j import Driver

from linkage.records import _natural_key
from linkage.resolution_base import BATCH, mode, write_batches
from linkage.resolve_mentions import Decision, MentionCluster

__all__ = ["BATCH", "write_links", "write_mention_persons"]

LINK_STATEMENTS = (("person", "refers_to_person"), ("address", "refers_to_address"),
                   ("place", "refers_to_place"), ("organisation", "refers_to_organisation"),
                   ("unresolved", "mentions_unresolved"))
LINKED_LABELS = ("PERSON", "ROLE", "ADDRESS", "PLACE", "ORG")


def mention_person_row(person_id: str, cls: list[MentionCluster]) -> dict:
    """The ``(:Person {origin: 'mentions'})`` of the child-level clusters joined as one."""
    texts = [t for cl in cls for t in cl.texts]
    fulls = [t for cl in cls for t, f in zip(cl.texts, cl.forms) if f.kind == "full"]
    confs = [c for cl in cls for c in cl.confidences]
    return {"person_id": person_id, "props": {
        "display_name": mode(fulls) or mode(texts),
        "names": sorted(set(texts)),
        "roles": sorted({r for cl in cls for r in cl.roles}),
        "agencies": sorted({a for cl in cls for a in cl.agencies}),
        "children": sorted({cl.child_id for cl in cls}, key=_natural_key),
        "mention_count": len(texts),
        "resolution_confidence": round(sum(confs) / len(confs), 4) if confs else None,
        "date_of_birth": None, "gender": None,
    }}


def write_mention_persons(driver: Driver, merged: dict[str, list[MentionCluster]],
                          database: str | None = None) -> None:
    rows = [mention_person_row(pid, cls) for pid, cls in merged.items()]
    write_batches(driver, "resolution/mention_persons", rows, database)


def write_links(driver: Driver, decisions: list[Decision], mentions: Iterable[dict],
                database: str | None = None, deferred: set[str] = frozenset()) -> None:
    """Each decided mention's link (stale links cleared first). ``deferred``: mentions of
    child-level clusters, left as they are (the cross-child step points a changed cluster's
    mentions at its person and removes their other links)."""
    clear_rows = [{"mention_id": d.mention_id, "target_uid": d.uid} for d in decisions]
    decided_ids = {d.mention_id for d in decisions} | set(deferred)
    for m in mentions:
        if m["mention_id"] not in decided_ids and m["label"] in LINKED_LABELS:
            clear_rows.append({"mention_id": m["mention_id"], "target_uid": None})
    write_batches(driver, "resolution/refers_to_clear", clear_rows, database)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for d in decisions:
        by_kind[d.kind].append({"mention_id": d.mention_id, "key": d.key, "confidence": d.confidence,
                                "method": d.method, "name": d.name, **d.extra})
    for kind, name in LINK_STATEMENTS:
        write_batches(driver, f"resolution/{name}", by_kind.get(kind, []), database)
