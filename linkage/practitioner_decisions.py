"""Practitioner decisions about record merges: the one place resolution reads them.

``kind 'split'`` with ``target_id`` (a relationship id) and ``other_id`` keeps the two records in
different persons (the target leaves its cluster when the model put them together); without
``other_id`` the target record becomes a person of its own. ``kind 'confirm_merge'`` with
``target_id`` and ``other_id`` puts the two records' clusters together. Links made by a decision
carry ``method 'practitioner'`` and the decision's ``decided_by``. (Only record-level decisions are
implemented; a split inside a cluster does not re-run the clustering of the remaining members.)
New kinds of decision are read here too (``read_decisions``) and applied in ``apply_decisions``.
"""

from __future__ import annotations

from neo4j import Driver

from linkage.records import Cluster, Member, _natural_key, person_id_for
from linkage.resolution_base import run


def read_decisions(driver: Driver, database: str | None = None) -> list[dict]:
    """Every record-level decision, oldest first (``cypher/resolution/practitioner_decisions``)."""
    return run(driver, "resolution/practitioner_decisions", database)


def apply_decisions(clusters: list[Cluster], decisions: list[dict]) -> tuple[list[Cluster], dict]:
    """Practitioner splits and confirmed merges over the model's clusters."""
    where: dict[str, int] = {}
    groups: list[list[Member]] = []
    for c in clusters:
        for m in c.members:
            where[m.relationship_id] = len(groups)
        groups.append(list(c.members))
    decided: dict[str, dict] = {}
    for d in decisions:
        t, o = d.get("target_id"), d.get("other_id")
        if t not in where:
            continue
        if d["kind"] == "split":
            if o is not None and (o not in where or where[o] != where[t]):
                continue
            gi = where[t]
            groups[gi] = [m for m in groups[gi] if m.relationship_id != t]
            where[t] = len(groups)
            groups.append([Member(t, 1.0)])
            decided[t] = d
        elif d["kind"] == "confirm_merge" and o in where and where[o] != where[t]:
            a, b = where[t], where[o]
            for m in groups[b]:
                where[m.relationship_id] = a
            groups[a] = groups[a] + groups[b]
            groups[b] = []
            decided[t] = d
            decided[o] = d
    out = []
    for g in groups:
        if not g:
            continue
        ids = [m.relationship_id for m in g]
        members = sorted((Member(m.relationship_id, 1.0 if m.relationship_id in decided else m.confidence)
                          for m in g), key=lambda m: _natural_key(m.relationship_id))
        out.append(Cluster(person_id_for(ids), members,
                           method="practitioner" if any(i in decided for i in ids) else "dedupe"))
    out.sort(key=lambda c: _natural_key(c.person_id))
    return out, decided
