"""Step a, records: every ``AdultRecord`` linked into persons (dedupe) and written back.

All children at once, so a parent of three children is one person: each cluster is a
``(:Person {origin: 'records'})`` with the stable id ``P-<smallest relationship id>`` and
``RESOLVED_TO {confidence, method: 'dedupe', decided_by: 'kinscope', decided_at}``; its
``display_name``, ``names``, ``roles`` (as recorded), ``date_of_birth`` (the most common full
date), ``gender`` and ``resolution_confidence`` (weakest member). Record and child addresses
become shared ``(:Address {address_key})`` nodes with ``LIVES_AT {first_seen, last_seen}``.
Practitioner decisions (:mod:`linkage.practitioner_decisions`) override the model.

**Incremental.** Each record's blocking keys (the linker's fingerprints, and the family name +
address / postcode keys of "possibly related") are kept in the graph as
``(:AdultRecord)-[:IN_BLOCK]->(:LinkBlock {key})``; cluster membership is the ``RESOLVED_TO``
already written. A run links again only its *scope*: the records that are new or changed
(``resolution_status 'pending'``), those of persons that lost a record, those practitioner
decisions name, every record sharing a block with them (blocks of more than
``blocking.max_block_size`` records on the whole file are skipped, here and when the scope is
linked, as a full run skips them), and, closed by :func:`close_scope`, every other record of
their *link components* (``AdultRecord.link_component``: records joined by any pair the
clustering read, :func:`linkage.records.link_components`) and of their persons, and the family
records the parents-of-siblings rule reads -- so the scope's persons are those a full run makes.
Grading edges are replaced inside the scope only. The children of records whose person changed
are marked ``resolution_dirty`` for the per-child step. When most records are in scope (a first
run), or the scope is still growing after ``MAX_SCOPE_ROUNDS`` rounds, every record is linked.
The file-level statistics of :func:`linkage.records.link_adult_records` (per-file comparison
weights, the household switch, placeholder values) are fitted on every record and kept
(``(:ResolutionState {step: 'records'}).statistics``); every later run, full or increment,
scores with them, so both give the same graph. They are fitted again (the run then links every
record) only as :mod:`linkage.record_statistics` says: none kept for this linker, asked, or
more than a share of the file changed since the fit.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver

from kinscope.logs import get_logger
from linkage.mention_step import parent_role
from linkage.name_blocks import record_name_rows
from linkage.grading import _related_keys, grade_links, possibly_related
from linkage.normalise import normalise_address, normalise_dob, normalise_postcode, normalise_relationship
from linkage.practitioner_decisions import apply_decisions, read_decisions
from linkage.record_statistics import StatisticsPlan, plan_statistics
from linkage.record_rules import FAMILY_ROLES
from linkage.records import (Cluster, Member, _blocking_view, _natural_key, _prepare_all, blocking_keys,
                             link_adult_records, load_model, load_or_train, placeholder_values)
from linkage.resolution_base import display_name, mode, run, write_batches
from linkage.settings import RecordModelSettings

FULL_SHARE = 0.5  # more of the records than this in scope: link them all (a first run)
READ_BATCH = 5000
# the way blocks are named and scopes closed (in model_id): records keyed another way are linked again
SCOPE_VERSION = 2
MAX_SCOPE_ROUNDS = 20
log = get_logger(__name__)


def address_key(line: object, postcode: object) -> tuple[str, str | None, str | None] | None:
    """(address_key, postcode, street_key) or None when there is no address line."""
    street = normalise_address(line)
    if not street:
        return None
    pc = normalise_postcode(postcode)
    return f"{pc or ''}|{street}", pc, street


@dataclass
class Scope:
    """What one run of the records step links again."""

    total: int
    changed: list[str]                    # new/changed records, decisions' records, lost members
    records: list[str] = field(default_factory=list)   # everything linked again (changed included)
    blocks: int = 0                       # blocks the changed records are in (looked at)
    full: bool = False
    skip_blocks: frozenset[str] = frozenset()  # blocks of the scope too big on the whole file
    rounds: int = 0                       # closing rounds (components, persons, siblings' files)


def _model(model, settings: RecordModelSettings):
    if model is None:
        return load_or_train(settings)
    if isinstance(model, (str, Path)):
        return load_model(Path(model), num_cores=settings.num_cores)
    return model


def model_id(model) -> str:
    """A digest of the linker's blocking rules and classifier: records keyed or linked by another
    model (the council's refitted one) are all linked again."""
    try:
        blob = pickle.dumps((str(model.predicates), model.classifier, SCOPE_VERSION))
    except Exception:  # noqa: BLE001 - an unpicklable classifier: its rules alone
        blob = f"{model.predicates}|{SCOPE_VERSION}".encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _static_fingerprints(model) -> bool:
    """Blocking keys that depend on the record alone (no index predicates), so they can be kept."""
    return not getattr(model.fingerprinter, "index_predicates", [])


def read_records(driver: Driver, ids: list[str], database: str | None = None) -> list[dict]:
    out: list[dict] = []
    for start in range(0, len(ids), READ_BATCH):
        out.extend(run(driver, "resolution/adult_records_by_ids", database, ids=ids[start:start + READ_BATCH]))
    return out


def block_keys(model, records: list[dict], settings: RecordModelSettings,
               placeholders: dict[str, set] | None = None) -> dict[str, list[str]]:
    """relationship_id -> its blocking keys: the blocks the linker pairs it in
    (:func:`linkage.records.blocking_keys`, on the records as blocked: ``placeholders`` blanked,
    found on these records when None) and the "possibly related" keys."""
    data = _prepare_all(dict(r) for r in records)
    if placeholders is None:
        placeholders = placeholder_values(data, settings.placeholders) if settings.placeholders else {}
    keys = blocking_keys(model, _blocking_view(data, placeholders), settings.link_keys)
    for r in records:
        keys[r["relationship_id"]].update(block_keys_related(r))
    return {rid: sorted(k) for rid, k in keys.items()}


def find_scope(driver: Driver, model, settings: RecordModelSettings, *, full: bool = False,
               refit: bool = False, database: str | None = None) -> tuple[Scope, list[dict], StatisticsPlan]:
    """The records to link again, read, and the statistics to score them with; their keys
    written (before linking: a run that dies afterwards leaves them pending, so the next run finds
    the same scope). A run that must fit the statistics links every record."""
    linker = model_id(model)
    found = run(driver, "resolution/records_to_relink", database, full=False, model=linker)[0]
    changed = sorted(found["ids"], key=_natural_key)
    scope = Scope(found["total"], changed)
    if not found["total"] or (not changed and not full):
        return scope, [], StatisticsPlan(None, "none", 0)
    plan = plan_statistics(run(driver, "resolution/record_statistics", database)[0], linker,
                           total=found["total"], changed=len(changed), refit=refit)
    full = full or plan.fit or not _static_fingerprints(model) or len(changed) > FULL_SHARE * found["total"]
    if full:
        all_ids = run(driver, "resolution/records_to_relink", database, full=True, model=linker)[0]["ids"]
        scope.changed = scope.records = sorted(all_ids, key=_natural_key)
        scope.full = True
        records = read_records(driver, scope.records, database)
        keys = block_keys(model, records, settings, None if plan.fit else plan.kept.placeholders)
        scope.blocks = len({k for ks in keys.values() for k in ks})
    else:
        seeds = read_records(driver, changed, database)
        keys = block_keys(model, seeds, settings, plan.kept.placeholders)
    write_batches(driver, "resolution/link_blocks",
                  [{"relationship_id": rid, "keys": ks, "model": linker} for rid, ks in keys.items()], database)
    if full:
        return scope, records, plan
    pair_keys = sorted({k for ks in keys.values() for k in ks if not k.startswith("related:")})
    near = run(driver, "resolution/block_neighbours", database, keys=pair_keys,
               max=settings.blocking.max_block_size)[0]
    scope.blocks = near["blocks"]
    ids, scope.rounds, closed = close_scope(driver, set(changed) | set(near["ids"]), settings, database)
    if not closed:  # a scope not closed could give other persons than a full run: link every record
        log.warning("increment scope still growing after %d rounds (%d records): every record is linked",
                    scope.rounds, len(ids))
        return find_scope(driver, model, settings, full=True, refit=refit, database=database)
    scope.records = sorted(ids, key=_natural_key)
    scope.skip_blocks = frozenset(run(driver, "resolution/big_blocks", database, ids=scope.records,
                                      max=settings.blocking.max_block_size)[0]["keys"])
    return scope, read_records(driver, scope.records, database), plan


def close_scope(driver: Driver, ids: set[str], settings: RecordModelSettings,
                database: str | None) -> tuple[set[str], int, bool]:
    """``ids`` with everything that decides their persons in a full run, and the rounds that
    took: the other records of their link components (clustering is a function of a whole
    component, :func:`linkage.records.link_components`) and of their persons (a practitioner's
    merge joins components), and the family records the parents-of-siblings rule reads
    (:func:`sibling_family_records`); then the same for what those brought (each round looks up
    only the records the last one added), until nothing is added; ``closed`` False when
    ``MAX_SCOPE_ROUNDS`` were not enough."""
    ids = set(ids)
    frontier = set(ids)
    for rounds in range(1, MAX_SCOPE_ROUNDS + 1):
        grown = set(run(driver, "resolution/component_members", database, ids=sorted(frontier))[0]["ids"])
        for row in run(driver, "resolution/person_members", database, ids=sorted(frontier | grown)):
            grown.update(row["others"])
        if settings.rules.parents_of_siblings:
            grown |= sibling_family_records(driver, frontier | grown, database)
        frontier = grown - ids
        if not frontier:
            return ids, rounds, True
        ids |= frontier
    return ids, MAX_SCOPE_ROUNDS, False


def _family_role(relationship: str | None) -> bool:
    return (normalise_relationship(relationship) or "").split(":")[0] in FAMILY_ROLES


def sibling_family_records(driver: Driver, ids: set[str], database: str | None) -> set[str]:
    """The family records (and their persons' other records) on the files of the scope's
    children and of those children's siblings, beyond ``ids``. The parents-of-siblings rule joins
    a mother on one child's file to the mother on a sibling's, where siblings are children one
    family person is on the files of; a full run sees every such person and parent, so an
    increment's scope must hold them too (else a changed mother stays apart from herself on her
    other children's files)."""
    children: set[str] = set()
    for row in run(driver, "resolution/sibling_files", database, ids=sorted(ids)):
        children.add(row["child"])
        if row["other"] and _family_role(row["role_here"]) and _family_role(row["role_there"]):
            children.add(row["other"])
    family = {row["id"] for row in run(driver, "resolution/child_file_records", database,
                                       children=sorted(children, key=_natural_key))
              if _family_role(row["relationship"])} - ids
    out = set(family)
    for row in run(driver, "resolution/person_members", database, ids=sorted(family, key=_natural_key)):
        out.update(row["others"])
    return out - ids


def resolve_records(driver: Driver, *, model=None, database: str | None = None, full: bool = False,
                    refit_statistics: bool = False, settings: RecordModelSettings | None = None) -> dict:
    """Link the records in scope into persons and write them; return counts (``scope_records``,
    ``changed_records``, ``blocks_touched``, ``children_marked``, ``statistics``: kept or
    fitted, and why...). refit_statistics: fit the file-level statistics again (a full run)."""
    settings = settings or RecordModelSettings.for_council()
    model = _model(model, settings)
    scope, records, plan = find_scope(driver, model, settings, full=full, refit=refit_statistics,
                                      database=database)
    if not scope.total:
        run(driver, "resolution/orphan_persons", database)
        run(driver, "resolution/grading_stale", database, same_keys=[], related_keys=[])
        return {"records": 0, "persons": 0, "scope_records": 0, "changed_records": 0, "blocks_touched": 0,
                "children_marked": 0, "full": scope.full}
    summary = {"records": scope.total, "scope_records": len(scope.records), "changed_records": len(scope.changed),
               "blocks_touched": scope.blocks, "scope_rounds": scope.rounds, "full": scope.full}
    if not records:
        children = _write_child_addresses(driver, all_children=False, database=database)
        return {**summary, "persons": 0, "children_marked": 0, "child_addresses": children}
    before = {r["relationship_id"]: r for r in run(driver, "resolution/person_members", database,
                                                       ids=scope.records)}
    by_id = {r["relationship_id"]: r for r in records}
    resolution = link_adult_records([dict(r) for r in records], model=model, settings=settings,
                                    statistics=plan.kept, skip_blocks=scope.skip_blocks)
    if plan.fit and resolution.statistics is not None:
        run(driver, "resolution/record_statistics_set", database,
            statistics=resolution.statistics.to_json(), model=model_id(model))
    elif not plan.fit:
        run(driver, "resolution/record_statistics_changed", database, changed=plan.changed_since_fit)
    summary["statistics"] = plan.reason
    decisions = read_decisions(driver, database)
    clusters, decided = apply_decisions(resolution.clusters, decisions)
    named = Counter(rid for d in decisions for rid in {d.get("target_id"), d.get("other_id")} if rid)
    grading = grade_links(by_id, resolution, clusters, decided, settings)
    rows, address_rows = [], []
    for c in clusters:
        recs = [by_id[m.relationship_id] for m in c.members]
        names = sorted({display_name(r["given_name"], r["family_name"]) for r in recs} - {""})
        display = mode(display_name(r["given_name"], r["family_name"]) for r in recs) or c.person_id
        full_dobs = [normalise_dob(r["date_of_birth"]) for r in recs]
        props = {
            "display_name": display,
            "names": names,
            "roles": sorted({r["relationship"] for r in recs if r["relationship"]}),
            "date_of_birth": mode(d for d in full_dobs if d and len(d) == 10) or mode(full_dobs),
            "gender": mode(r["gender"] for r in recs),
            "resolution_confidence": round(c.confidence, 4),
            "children": sorted({r["child_id"] for r in recs}, key=_natural_key),
            "record_count": len(recs),
        }
        members = []
        for m in c.members:
            d = decided.get(m.relationship_id)
            members.append({"relationship_id": m.relationship_id, "confidence": round(m.confidence, 4),
                            "parent_role": parent_role(by_id[m.relationship_id]["relationship"]),
                            "method": "practitioner" if d else "dedupe",
                            "decided_by": (d or {}).get("decided_by") or "kinscope",
                            "decided_at": (d or {}).get("decided_at"),
                            "reasons": grading.resolved_reasons.get(m.relationship_id),
                            "component": resolution.components.get(m.relationship_id, m.relationship_id),
                            "decisions_seen": named.get(m.relationship_id, 0)})
        rows.append({"person_id": c.person_id, "props": props, "members": members})
        addresses: dict[str, dict] = {}
        for r in recs:
            key = address_key(r["address_line"], r["postcode"])
            if not key:
                continue
            seen = [x for x in (r.get("start_date"), r.get("updated_date")) if x]
            a = addresses.setdefault(key[0], {"address_key": key[0], "postcode": key[1], "street_key": key[2],
                                              "line": str(r["address_line"]).strip(), "dates": []})
            a["dates"].extend(seen)
        address_rows.append(_lives_at_row(c.person_id, addresses))
    write_batches(driver, "resolution/record_persons", rows, database)
    persons_changed = _changed_persons(scope, before, clusters)
    write_batches(driver, "resolution/record_name_blocks",
                  record_name_rows(records, marked=_records_of(persons_changed, scope, before, clusters)), database)
    if scope.full:
        removed = run(driver, "resolution/orphan_persons", database)
    else:  # only a person that had a record in scope can have lost its last one
        removed = run(driver, "resolution/orphan_persons_among", database,
                      ids=sorted({r["person_id"] for r in before.values() if r["person_id"]}))
    write_batches(driver, "resolution/lives_at", address_rows, database)
    child_addresses = _write_child_addresses(driver, all_children=scope.full, database=database)
    related = _write_grading(driver, scope, clusters, grading, by_id, database)
    marked = _mark_children(driver, persons_changed, before, clusters, by_id, database)
    return {**summary, "persons": len(clusters),
            "possibly_same": len(grading.possibly_same), "possibly_related": related,
            "merged_records": sum(len(c.members) for c in clusters if len(c.members) > 1),
            "review_pairs": len(resolution.review_pairs), "decisions_applied": len(decided),
            "orphans_removed": removed[0]["removed"] if removed else 0,
            "children_marked": marked, "child_addresses": child_addresses}


def _write_child_addresses(driver: Driver, *, all_children: bool, database: str | None) -> int:
    rows, done = [], []
    for child in run(driver, "resolution/child_addresses", database, all=all_children):
        key = address_key(child["address_line"], child["postcode"])
        addresses = {key[0]: {"address_key": key[0], "postcode": key[1], "street_key": key[2],
                              "line": str(child["address_line"] or "").strip(), "dates": [child["seen"]]}} if key else {}
        if key or not all_children:
            rows.append(_lives_at_row(child["person_id"], addresses))
        done.append({"person_id": child["person_id"], "source": child["source"]})
    write_batches(driver, "resolution/lives_at", rows, database)
    write_batches(driver, "resolution/child_addresses_done", done, database)
    return len(rows)


def _write_grading(driver: Driver, scope: Scope, clusters: list[Cluster], grading, by_id: dict[str, dict],
                   database: str | None) -> int:
    """POSSIBLY_SAME from this run's scores; POSSIBLY_RELATED among the scope's persons and the
    persons sharing a related key with them (read back from the graph)."""
    if scope.full:
        related_rows = grading.possibly_related
        run(driver, "resolution/grading_stale", database,
            same_keys=[r["pair_key"] for r in grading.possibly_same],
            related_keys=[r["pair_key"] for r in related_rows])
    else:
        keys = sorted({k for r in by_id.values() for k in block_keys_related(r)})
        others = run(driver, "resolution/related_persons", database, keys=keys)
        known = {c.person_id for c in clusters}
        outside = [o for o in others if o["person_id"] not in known]
        extra = read_records(driver, sorted({rid for o in outside for rid in o["records"]}), database)
        records = {**by_id, **{r["relationship_id"]: r for r in extra}}
        groups = list(clusters) + [Cluster(o["person_id"], [Member(rid, 1.0) for rid in o["records"]])
                                   for o in outside]
        related_rows = possibly_related(groups, records)
        run(driver, "resolution/grading_stale_within", database,
            records=scope.records, changed=scope.changed, persons=sorted(known),
            related=sorted(known | {o["person_id"] for o in outside}),
            same_keys=[r["pair_key"] for r in grading.possibly_same],
            related_keys=[r["pair_key"] for r in related_rows])
    write_batches(driver, "resolution/possibly_same", grading.possibly_same, database)
    write_batches(driver, "resolution/possibly_related", related_rows, database)
    return len(related_rows)


def block_keys_related(record: dict) -> list[str]:
    """The "possibly related" keys of a record: family name + address, family name + postcode."""
    fams, addrs, pcs = _related_keys(record)
    return [f"related:{f}|address|{a}" for f in fams for a in addrs] + \
        [f"related:{f}|postcode|{p}" for f in fams for p in pcs]


def _changed_persons(scope: Scope, before: dict[str, dict], clusters: list[Cluster]) -> set[str]:
    """The persons (old and new ids) of the records whose person changed or whose record changed."""
    after = {m.relationship_id: c.person_id for c in clusters for m in c.members}
    changed = set(scope.changed)
    persons: set[str] = set()
    for rid, pid in after.items():
        old = (before.get(rid) or {}).get("person_id")
        if rid in changed or old != pid:
            persons.update({old, pid} - {None})
    return persons


def _records_of(persons: set[str], scope: Scope, before: dict[str, dict], clusters: list[Cluster]) -> set[str]:
    """The records changed or belonging (before or after) to one of ``persons``: the name blocks
    the cross-child step must look at again (record persons are read by block)."""
    out = set(scope.changed)
    out.update(m.relationship_id for c in clusters if c.person_id in persons for m in c.members)
    out.update(rid for rid, r in before.items() if r.get("person_id") in persons)
    return out


def _mark_children(driver: Driver, persons: set[str], before: dict[str, dict], clusters: list[Cluster],
                   by_id: dict[str, dict], database: str | None) -> int:
    """Children of the records whose person changed (or whose record changed), for step b."""
    after = {m.relationship_id: c.person_id for c in clusters for m in c.members}
    children = {by_id[rid]["child_id"] for rid, pid in after.items()
                if pid in persons or (before.get(rid) or {}).get("person_id") in persons}
    children.discard(None)
    run(driver, "resolution/children_mark_dirty", database, children=sorted(children, key=_natural_key))
    return len(children)


def _lives_at_row(person_id: str, addresses: dict[str, dict]) -> dict:
    out = []
    for a in addresses.values():
        dates = sorted(a.pop("dates"))
        out.append({**a, "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None})
    return {"person_id": person_id, "addresses": out, "keys": sorted(addresses)}
