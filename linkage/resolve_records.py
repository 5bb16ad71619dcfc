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
decisions name, every record sharing a block with them that a pair with one of them joins
(scored above the clustering's floor with the kept statistics; blocks of more than
``blocking.max_block_size`` records on the whole file are skipped, here and when the scope is
linked, as a full run skips them; the other neighbours keep their persons), and, closed by
:func:`close_scope`, every other record of their *link components* (``AdultRecord.link_component``:
records joined by any pair the clustering read, :func:`linkage.records.link_components`) and of
their persons, and the parents the parents-of-siblings rule could join to one of them -- so the
scope's persons are those a full run makes. The family records that show those parents' children
to be siblings are linked beside the scope as *context*, for the rule to read, and not written.
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
from dataclasses import dataclass, field, replace
from pathlib import Path

from neo4j import Driver

from kinscope.logs import get_logger
from linkage.mention_step import parent_role
from linkage.name_blocks import record_name_rows
from linkage.grading import _related_keys, grade_links, possibly_related
from linkage.normalise import normalise_address, normalise_dob, normalise_postcode, normalise_relationship
from linkage.practitioner_decisions import apply_decisions, read_decisions
from linkage.record_statistics import StatisticsPlan, plan_statistics
from linkage.record_rules import FAMILY_ROLES, PARENT_ROLES, possible_joins
from linkage.records import (Cluster, Member, Resolution, _blocking_view, _natural_key, _prepare_all, blocking_keys,
                             link_adult_records, load_model, load_or_train, placeholder_values,
                             records_linked_to)
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
    rounds: int = 0                       # closing rounds (components, persons, siblings' files)
    neighbours: int = 0                   # records sharing a block with a changed one (scored against it)
    closure: Closure | None = None        # an increment's: its records and the context linked beside them


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
    closure, scope.blocks, scope.neighbours = increment_scope(driver, model, settings, plan.kept, seeds, keys,
                                                              set(changed), database)
    scope.rounds = closure.rounds
    if not closure.closed:  # a scope not closed could give other persons than a full run: link every record
        log.warning("increment scope still growing after %d rounds (%d records): every record is linked",
                    scope.rounds, len(closure.records))
        return find_scope(driver, model, settings, full=True, refit=refit, database=database)
    scope.records = sorted(closure.records, key=_natural_key)
    scope.closure = closure
    return scope, [], plan  # read when linked (linked_in_scope)


def increment_scope(driver: Driver, model, settings: RecordModelSettings, statistics, seeds: list[dict],
                    keys: dict[str, list[str]], changed: set[str],
                    database: str | None) -> tuple[Closure, int, int]:
    """The :class:`Closure` of an increment whose changed records are ``changed`` (``seeds``: those
    of them read, with their blocking ``keys``), scored with the kept ``statistics``; and the
    blocks looked at and the block neighbours scored. On a graph a full run left, linking the
    closure's records with its context gives them the persons they have
    (``tests/integration/test_resolution_increment.py``, ``bench/resolution_scope_check.py``)."""
    pair_keys = sorted({k for ks in keys.values() for k in ks if not k.startswith("related:")})
    near = run(driver, "resolution/block_neighbours", database, keys=pair_keys,
               max=settings.blocking.max_block_size)[0]
    joins = _linked_neighbours(driver, model, settings, statistics, seeds, near["ids"], database)
    closure = close_scope(driver, changed, settings, database, joins)
    return closure, near["blocks"], len(set(near["ids"]) - changed)


def linked_in_scope(driver: Driver, model, settings: RecordModelSettings, statistics, closure: Closure,
                    database: str | None) -> tuple[Resolution, list[dict]] | None:
    """The closure's records and context linked (blocks too big on the whole file skipped), then
    the resolution and records of the closure's records alone (None: a person mixes them with the
    context, which the closure rules out)."""
    ids = sorted(closure.records | closure.context, key=_natural_key)
    skip = frozenset(run(driver, "resolution/big_blocks", database, ids=ids,
                         max=settings.blocking.max_block_size)[0]["keys"])
    records = read_records(driver, ids, database)
    resolution = link_adult_records([dict(r) for r in records], model=model, settings=settings,
                                    statistics=statistics, skip_blocks=skip)
    return _without_context(resolution, records, closure.records)


def _linked_neighbours(driver: Driver, model, settings: RecordModelSettings, statistics,
                       seeds: list[dict], near: list[str], database: str | None) -> list[tuple[str, str]]:
    """The pairs of a changed record and another (a block neighbour or changed too) that join
    them in one link component (:func:`linkage.records.records_linked_to`, scored with the kept
    statistics and skipping the blocks too big on the whole file). A neighbour no changed record
    pairs with keeps its link component unless that component held a changed record, which
    :func:`close_scope` adds from the stored components: so its person cannot change."""
    changed = {r["relationship_id"] for r in seeds}
    others = sorted(set(near) - changed, key=_natural_key)
    skip = frozenset(run(driver, "resolution/big_blocks", database, ids=sorted(changed, key=_natural_key),
                         max=settings.blocking.max_block_size)[0]["keys"])
    return records_linked_to([dict(r) for r in seeds] + [dict(r) for r in read_records(driver, others, database)],
                             changed, model=model, settings=settings, statistics=statistics, skip_blocks=skip)


@dataclass
class Closure:
    """What :func:`close_scope` found: the records an increment links again and writes, the
    records it links beside them only for the parents-of-siblings rule to read (not written),
    the rounds that took, and whether it closed within ``MAX_SCOPE_ROUNDS``."""

    records: set[str]
    context: set[str]
    rounds: int
    closed: bool


def _close_links(driver: Driver, ids: set[str], database: str | None, max_rounds: int) -> tuple[set[str], int, bool]:
    """``ids`` with the other records of their link components and of their persons, to a fixpoint."""
    ids = set(ids)
    frontier = set(ids)
    for rounds in range(1, max_rounds + 1):
        grown = set(run(driver, "resolution/component_members", database, ids=sorted(frontier))[0]["ids"])
        for row in run(driver, "resolution/person_members", database, ids=sorted(frontier | grown)):
            grown.update(row["others"])
        frontier = grown - ids
        if not frontier:
            return ids, rounds, True
        ids |= frontier
    return ids, max_rounds, False


def close_scope(driver: Driver, ids: set[str], settings: RecordModelSettings,
                database: str | None, joins: list[tuple[str, str]] = ()) -> Closure:
    """``ids`` with everything whose person their change can move, and what decides those persons
    in a full run:

    * the other records of their link components (clustering is a function of a whole component,
      :func:`linkage.records.link_components`) and of their persons (a practitioner's merge joins
      components), to a fixpoint;
    * for the parents-of-siblings rule, the parent records it could join to one of those
      (:func:`linkage.record_rules.possible_joins`: the same role and given name on siblings'
      files, siblings as the stored persons show them or both children on the files of family
      records of one link component as this run may join it: the stored components of
      ``ids``, joined by ``joins``), with their components and persons, to a fixpoint: only a
      record in such a pair can be joined or parted by the rule;
    * as *context*, linked but not written, the components of the family records that make those
      pairs' children siblings: the rule reads them, their persons do not change.

    A parent whose files no changed record touches keeps its person, so the scope stays with the
    families the change is in; a closure that brought every family person's files (the way this
    worked before) reached most of a 20,000-child council through grandparents and parents of
    several families."""
    exact, rounds, closed = _close_links(driver, set(ids) | {x for pair in joins for x in pair}, database,
                                         MAX_SCOPE_ROUNDS)
    if not closed or not settings.rules.parents_of_siblings:
        return Closure(exact, set(), rounds, closed)
    view = _prepare_all(read_records(driver, sorted(exact, key=_natural_key), database))
    parents = {rid: rec for rid, rec in view.items() if _parent(rec)}
    siblings_of: dict[str, set[str]] = {}  # filled for the children whose links were read
    new_siblings = _new_siblings(driver, view, joins, database)
    new_children = frozenset(new_siblings)
    shown_by: dict[tuple[str, str], set[str]] = {}  # (child, child) -> the records showing them siblings
    files_read: set[str] = set()
    links_read: set[str] = set()
    context: set[str] = set()
    examine = set(parents)  # the parents whose possible joins are looked for this round
    first = True
    while True:
        rounds += 1
        if rounds > MAX_SCOPE_ROUNDS:
            return Closure(exact, context, MAX_SCOPE_ROUNDS, False)
        children = {parents[r]["child"] for r in examine}
        _read_sibling_links(driver, children - links_read, siblings_of, shown_by, database)
        links_read |= children
        wanted = children | {o for c in children for o in siblings_of.get(c, ())} | (new_children if first else set())
        parents.update(_parent_records(driver, wanted - files_read, database))
        files_read |= wanted
        pairs = possible_joins(parents, _either(siblings_of, new_siblings), sorted(examine, key=_natural_key))
        if first:  # the children linked again may become siblings: their parents' possible joins
            on_new = sorted((r for r, rec in parents.items() if rec["child"] in new_children), key=_natural_key)
            pairs += possible_joins(parents, new_siblings, on_new)
        added: set[str] = set()
        for a, b in pairs:
            added.update({a, b})
            context |= shown_by.get(tuple(sorted((parents[a]["child"], parents[b]["child"]))), set())
        added -= exact
        first = False
        if not added:
            break
        grown, more, closed = _close_links(driver, added, database, MAX_SCOPE_ROUNDS)
        rounds += more - 1
        if not closed:
            return Closure(exact | grown, context, MAX_SCOPE_ROUNDS, False)
        fresh = grown - exact
        exact |= grown
        fresh_view = _prepare_all(read_records(driver, sorted(fresh, key=_natural_key), database))
        parents.update({rid: rec for rid, rec in fresh_view.items() if _parent(rec)})
        examine = {rid for rid in fresh if rid in parents}
    context -= exact
    if context:
        context = set(run(driver, "resolution/component_members", database,
                          ids=sorted(context, key=_natural_key))[0]["ids"]) - exact
    return Closure(exact, context, rounds, True)


def _new_siblings(driver: Driver, view: dict[str, dict], joins: list[tuple[str, str]],
                  database: str | None) -> dict[str, set[str]]:
    """Child -> the children this run may make its siblings: those on the files of family records
    of one link component as the run may join it (the stored components of ``view``'s records,
    joined by ``joins``; a person lies inside one)."""
    stored = {row["id"]: row["component"] for row in run(driver, "resolution/record_components", database,
                                                            ids=sorted(view, key=_natural_key))}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in joins:
        parent[find(stored.get(a) or a)] = find(stored.get(b) or b)
    groups: dict[str, set[str]] = {}
    for rid, rec in view.items():
        if _family(rec) and rec.get("child"):
            groups.setdefault(find(stored.get(rid) or rid), set()).add(rec["child"])
    out: dict[str, set[str]] = {}
    for children in groups.values():
        if len(children) > 1:
            for child in children:
                out.setdefault(child, set()).update(children - {child})
    return out


def _either(one: dict[str, set[str]], other: dict[str, set[str]]) -> dict[str, set[str]]:
    return {k: one.get(k, set()) | other.get(k, set()) for k in one.keys() | other.keys()}


def _parent(rec: dict) -> bool:
    return rec.get("role") in PARENT_ROLES and bool(rec.get("child"))


def _family(rec: dict) -> bool:
    return (rec.get("role") or "").split(":")[0] in FAMILY_ROLES


def _read_sibling_links(driver: Driver, children: set[str], siblings_of: dict[str, set[str]],
                        shown_by: dict[tuple[str, str], set[str]], database: str | None) -> None:
    """Add to ``siblings_of`` / ``shown_by`` the children each of ``children`` is a sibling of (a
    family person on both files, as stored) and the records that show it (the other child's
    entry gets this one too, but is whole only once its own links are read)."""
    if not children:
        return
    for row in run(driver, "resolution/sibling_links", database, children=sorted(children, key=_natural_key)):
        if not (_family_role(row["role_here"]) and _family_role(row["role_there"])):
            continue
        siblings_of.setdefault(row["child"], set()).add(row["other"])
        siblings_of.setdefault(row["other"], set()).add(row["child"])
        shown_by.setdefault(tuple(sorted((row["child"], row["other"]))), set()).update({row["here"], row["there"]})


def _parent_records(driver: Driver, children: set[str], database: str | None) -> dict[str, dict]:
    """The rule's view of the parent records on ``children``'s files."""
    if not children:
        return {}
    ids = [row["id"] for row in run(driver, "resolution/child_file_records", database,
                                    children=sorted(children, key=_natural_key))
           if (normalise_relationship(row["relationship"]) or "") in PARENT_ROLES]
    view = _prepare_all(read_records(driver, sorted(ids, key=_natural_key), database))
    return {rid: rec for rid, rec in view.items() if _parent(rec)}


def _family_role(relationship: str | None) -> bool:
    return (normalise_relationship(relationship) or "").split(":")[0] in FAMILY_ROLES


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
               "blocks_touched": scope.blocks, "block_neighbours": scope.neighbours,
               "scope_context": len(scope.closure.context) if scope.closure else 0,
               "scope_rounds": scope.rounds, "full": scope.full}
    if not scope.records:
        children = _write_child_addresses(driver, all_children=False, database=database)
        return {**summary, "persons": 0, "children_marked": 0, "child_addresses": children}
    before = {r["relationship_id"]: r for r in run(driver, "resolution/person_members", database,
                                                       ids=scope.records)}
    if scope.full:
        resolution = link_adult_records([dict(r) for r in records], model=model, settings=settings,
                                        statistics=plan.kept)
    else:
        kept = linked_in_scope(driver, model, settings, plan.kept, scope.closure, database)
        if kept is None:
            log.warning("an increment's person mixes its scope with the context: every record is linked")
            return resolve_records(driver, model=model, database=database, full=True,
                                   refit_statistics=refit_statistics, settings=settings)
        resolution, records = kept
    by_id = {r["relationship_id"]: r for r in records}
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
                  record_name_rows(records, marked=_records_of(persons_changed, scope, before, clusters),
                                   renamed=set(scope.changed)), database)
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


def _without_context(resolution: Resolution, records: list[dict],
                     keep: set[str]) -> tuple[Resolution, list[dict]] | None:
    """The resolution and records of ``keep`` alone; None when a cluster mixes them with the
    context, which :func:`close_scope` rules out (the context is whole link components and the
    rule can join none of its parents to a kept one): checked, as a wrong write is worse than
    a full run."""
    clusters = []
    for c in resolution.clusters:
        inside = {m.relationship_id in keep for m in c.members}
        if len(inside) > 1:
            return None
        if inside == {True}:
            clusters.append(c)
    return replace(resolution, clusters=clusters,
                   review_pairs=[p for p in resolution.review_pairs if p.relationship_id_1 in keep],
                   pair_scores={k: v for k, v in resolution.pair_scores.items() if k[0] in keep},
                   components={k: v for k, v in resolution.components.items() if k in keep}), \
        [r for r in records if r["relationship_id"] in keep]


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
