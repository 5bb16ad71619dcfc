"""Step c in the graph: child-level mention clusters linked across children, and the mentions
of the clusters whose person changed pointed at it.

:func:`linkage.cross_child.link_across_children` pairs clusters only inside a name block
(``f:`` family name, ``g:`` given-name variants) of at most ``MAX_NAME_BLOCK`` clusters, and a
cluster's pairs depend only on its own blocks, read whole (their members, and the flags computed
on them: one holder of the surname, one professional holder of the given name). The blocks are
kept in the graph (``(:MentionCluster)-[:IN_NAME_BLOCK]->(:NameBlock {flags})``, records
``-[:NAMED]->`` the same blocks). An increment links only the clusters *connected by accepted
pairs* to what changed -- not every cluster sharing a block with them, which through common names
reaches most of the council: it starts from the clusters waiting for a link (new: a re-resolved
child's), those of persons marked regroup (a cluster of theirs was replaced or removed), every
cluster in a block whose records changed (linking to record persons reads them), the clusters
practitioner corrections name, and the members of changed blocks whose flags (or whether they
pair at all) changed; it adds, until nothing new comes, each cluster's pair partners (found on
its whole blocks) and the clusters of the persons its clusters pointed at last time (a group
that loses a cluster is linked again whole). Pairs are merged strongest first in an order that
does not depend on what else was read (:func:`linkage.cross_child.merge_pairs`), so every group
touched is decided as a full run decides it, and every group not reached keeps its pairs and
its person. The record persons read are those with a record in the linked clusters' blocks.

Writes only what changed: the mention-only persons of groups that gained or lost a cluster, and
the links of mentions whose cluster is new or has another person now. Then persons nothing
supports any more are removed.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from neo4j import Driver

from linkage.cross_child import (
    MAX_NAME_BLOCK,
    block_flags,
    candidate_pairs,
    cluster_blocks,
    link_to_record_persons,
    may_link_to_record,
    merge_pairs,
    name_block_keys,
)
from linkage.mention_matching import NameForm
from linkage.name_blocks import record_name_rows
from linkage.practitioner_constraints import apply_to_clusters  # the app's corrections
from linkage.resolution_base import BATCH, run, write_batches
from linkage.resolve_mentions import MentionCluster
from linkage.write_back import mention_person_row

PAGE = 5000
MENTION_ONLY = ("P-note:", "P-doc:")
KEYS_VERSION = 1  # the name blocks kept in the graph (bump when name_block_keys changes)


def _cluster(r: dict) -> MentionCluster:
    """A cluster as read (a light row has no mention ids, texts or confidences: enough to score
    pairs and flag blocks, not to merge or write a person)."""
    forms = [NameForm(*f) for f in json.loads(r["forms"])]
    return MentionCluster(r["child_id"], list(r.get("mention_ids") or []), forms, list(r.get("texts") or []),
                          set(r["roles"]), set(r["agencies"]), {r["key"]},
                          list(r.get("confidences") or []), key=r["key"])


def read_clusters(driver: Driver, database: str | None = None) -> tuple[list[MentionCluster], dict]:
    """Every child-level cluster (records = {its key}: its context is stored whole) and, per key,
    (stored final id, needs_link, context)."""
    clusters: list[MentionCluster] = []
    stored: dict[str, tuple[str | None, bool, set[str]]] = {}
    after = None
    while True:
        page = run(driver, "resolution/mention_clusters_page", database, after=after, limit=PAGE)
        for r in page:
            clusters.append(_cluster(r))
            stored[r["key"]] = (r["final_id"], r["needs_link"], set(r["context"]))
        if len(page) < PAGE:
            return clusters, stored
        after = page[-1]["key"]


def read_clusters_by_keys(driver: Driver, keys: list[str], database: str | None = None, *, light: bool = False
                          ) -> tuple[list[MentionCluster], dict]:
    """These clusters; ``light``: without mention ids, texts and confidences."""
    clusters: list[MentionCluster] = []
    stored: dict[str, tuple[str | None, bool, set[str]]] = {}
    query = "resolution/mention_clusters_light_by_keys" if light else "resolution/mention_clusters_by_keys"
    for start in range(0, len(keys), PAGE):
        for r in run(driver, query, database, keys=keys[start:start + PAGE]):
            clusters.append(_cluster(r))
            stored[r["key"]] = (r["final_id"], r["needs_link"], set(r["context"]))
    clusters.sort(key=lambda cl: cl.key)
    return clusters, stored


def block_flag_text(clusters: list[MentionCluster], members: list[int], block: str) -> str:
    """How a whole block pairs its clusters, as kept on ``(:NameBlock {flags})``: ``large`` (it
    pairs none), else the bits of :func:`linkage.cross_child.block_flags`."""
    if len(members) > MAX_NAME_BLOCK:
        return "large"
    return "".join("1" if f else "0" for f in block_flags(clusters, members, block))


class ComponentReader:
    """Clusters read by key (kept), whole name blocks and the pairs each accepts, for an increment.
    A block member outside the closure is read light (what pair scoring needs); a cluster is read
    whole once it joins the closure. The graph is read through the six ``_``-methods (a test
    reads a list instead)."""

    def __init__(self, driver: Driver | None, database: str | None = None) -> None:
        self.driver, self.database = driver, database
        self.clusters: dict[str, MentionCluster] = {}
        self.whole: set[str] = set()  # clusters read whole (the others light)
        self.decided: set[str] = set()  # clusters whose pairs are all found (their blocks read whole)
        self.views: dict = {}  # what pair scoring reads of each cluster (candidate_pairs keeps it)
        self.stored: dict[str, tuple[str | None, bool, set[str]]] = {}
        self.members: dict[str, list[str]] = {}  # every block read whole -> its cluster keys, sorted
        self.large: set[str] = set()
        self.pairs: dict[tuple[str, str], tuple[int, tuple[str, str]]] = {}
        self.partners: dict[str, set[str]] = defaultdict(set)
        self.rounds: list[dict] = []  # per closure round: its frontier and what it added

    def _read(self, keys: list[str], light: bool = False) -> tuple[list[MentionCluster], dict]:
        return read_clusters_by_keys(self.driver, keys, self.database, light=light)

    def _blocks_of(self, keys: list[str]) -> list[tuple[str, int]]:
        """(block, clusters in it) of every name block of these clusters."""
        return [(r["block"], r["size"]) for start in range(0, len(keys), BATCH)
                for r in run(self.driver, "resolution/cluster_name_blocks", self.database,
                             keys=keys[start:start + BATCH])]

    def _member_lists(self, blocks: list[str]) -> dict[str, list[str]]:
        return {r["block"]: r["keys"] for start in range(0, len(blocks), BATCH)
                for r in run(self.driver, "resolution/name_block_member_lists", self.database,
                             blocks=blocks[start:start + BATCH])}

    def _mates(self, persons: list[str]) -> set[str]:
        """The clusters that pointed at these persons at the last run."""
        return {k for start in range(0, len(persons), BATCH)
                for k in run(self.driver, "resolution/mention_clusters_of_persons", self.database,
                             ids=persons[start:start + BATCH])[0]["keys"]}

    def _records_changed_blocks(self) -> list[dict]:
        """The name blocks whose records changed: block, any_cluster, givens."""
        return run(self.driver, "resolution/name_blocks_records_changed", self.database)

    def _changed_blocks(self) -> list[dict]:
        """The name blocks whose clusters changed: block, size, flags (kept at the last run)."""
        return run(self.driver, "resolution/name_blocks_changed", self.database)

    def load(self, keys, light: bool = False) -> None:
        """These clusters read (``light``: unless read already; else whole, unless read whole)."""
        todo = sorted(set(keys) - (set(self.clusters) if light else self.whole))
        if todo:
            clusters, stored = self._read(todo, light)
            self.clusters.update((cl.key, cl) for cl in clusters)
            self.stored.update(stored)
            if not light:
                self.whole.update(cl.key for cl in clusters)

    def block_members(self, blocks: list[str]) -> dict[str, list[str]]:
        """These blocks' members (read once per run: kept in ``members``), their clusters loaded."""
        out = {block: self.members[block] for block in blocks if block in self.members}
        todo = [block for block in blocks if block not in out]
        read = {block: sorted(keys) for block, keys in self._member_lists(todo).items()} if todo else {}
        self.members.update(read)
        self.load({k for keys in read.values() for k in keys}, light=True)
        return {**out, **read}

    def flags(self, block: str, keys: list[str]) -> str:
        clusters = [self.clusters[k] for k in keys]
        return block_flag_text(clusters, list(range(len(clusters))), block)

    def read_blocks_of(self, keys: list[str]) -> None:
        """Every block of these clusters read whole, and the pairs of these clusters it accepts."""
        mine: dict[str, list[str]] = {}
        fresh = []
        for block, size in self._blocks_of(keys):
            if size > MAX_NAME_BLOCK:
                self.large.add(block)
            elif block in self.members:
                mine[block] = self.members[block]
            else:
                fresh.append(block)
        read = self.block_members(sorted(set(fresh)))
        self.members.update(read)
        mine.update(read)
        mine = {block: members for block, members in mine.items() if members}
        if not mine:
            return
        sub_keys = sorted({k for members in mine.values() for k in members})
        pos = {k: i for i, k in enumerate(sub_keys)}
        sub = [self.clusters[k] for k in sub_keys]
        blocks = {block: [pos[k] for k in members] for block, members in mine.items()}
        context = {k: self.stored[k][2] for k in sub_keys}
        only = {pos[k] for k in keys if k in pos}
        decided = {pos[k] for k in self.decided if k in pos}
        self.decided.update(keys)
        for score, rank, i, j in candidate_pairs(sub, context, self.large, blocks, only, decided, self.views):
            a, b = sub_keys[i], sub_keys[j]
            old = self.pairs.get((a, b))
            if old is None or rank < old[1]:
                self.pairs[(a, b)] = (score, rank)
            self.partners[a].add(b)
            self.partners[b].add(a)

    def closure(self, seeds: list[str]) -> list[str]:
        """The seeds, their pair partners and last run's group-mates, until nothing new comes."""
        found = set(seeds)
        frontier = sorted(found)
        while frontier:
            self.load(frontier)
            self.read_blocks_of(frontier)
            persons = sorted({self.stored[k][0] for k in frontier if k in self.stored} - {None})
            partners = {p for k in frontier for p in self.partners[k]} - found
            mates = self._mates(persons) - found - partners
            self.rounds.append({"frontier": len(frontier), "partners": len(partners), "mates": len(mates)})
            found |= partners | mates
            frontier = sorted(partners | mates)
        return sorted(k for k in found if k in self.clusters)

    def linked(self, keys: list[str]) -> tuple[list[MentionCluster], dict[str, str]]:
        """These clusters (a closure) and their final person ids, as a full run decides them."""
        clusters = [self.clusters[k] for k in keys]
        pos = {k: i for i, k in enumerate(keys)}
        pairs = [(score, rank, pos[a], pos[b]) for (a, b), (score, rank) in self.pairs.items()
                 if a in pos and b in pos]
        return clusters, merge_pairs(clusters, pairs)


def changed_block_seeds(reader: ComponentReader) -> tuple[list[str], list[dict]]:
    """The members of changed name blocks that pair them otherwise now (flags or size), and the
    flags to keep for every changed block."""
    rows = reader._changed_blocks()
    # a block too large to pair anything, now and at the last run: its size (kept) is all it needs
    still_large = {r["block"] for r in rows if r["size"] > MAX_NAME_BLOCK and r["flags"] == "large"}
    members = reader.block_members(sorted(r["block"] for r in rows if r["block"] not in still_large))
    seeds: set[str] = set()
    out = []
    for r in rows:
        if r["block"] in still_large:
            out.append({"block": r["block"], "flags": "large"})
            continue
        keys = members.get(r["block"], [])
        flags = reader.flags(r["block"], keys)
        if flags != r["flags"]:
            seeds.update(keys)
        out.append({"block": r["block"], "flags": flags})
    return sorted(seeds), out


def record_changed_seeds(reader: ComponentReader) -> list[str]:
    """The members of name blocks whose records changed that may be joined to those records
    (:func:`linkage.cross_child.may_link_to_record`; every member where the block says any)."""
    rows = reader._records_changed_blocks()
    members = reader.block_members(sorted(r["block"] for r in rows))
    seeds: set[str] = set()
    for r in rows:
        keys = members.get(r["block"], [])
        if r["any_cluster"]:
            seeds.update(keys)
        else:
            seeds.update(k for k in keys if may_link_to_record(reader.clusters[k], r["block"], r["givens"]))
    return sorted(seeds)


def _record_persons(driver: Driver, clusters: list[MentionCluster], database: str | None) -> list[dict]:
    blocks = sorted({k for cl in clusters for k in name_block_keys(cl)})
    out: dict[str, dict] = {}
    for start in range(0, len(blocks), BATCH):
        for r in run(driver, "resolution/record_person_names_by_blocks", database, blocks=blocks[start:start + BATCH]):
            out[r["person_id"]] = r
    children = sorted({cl.child_id for cl in clusters})  # a record person under another surname
    for start in range(0, len(children), BATCH):
        for r in run(driver, "resolution/record_person_names_by_children", database,
                     children=children[start:start + BATCH]):
            out[r["person_id"]] = r
    return list(out.values())


def _key_graph(driver: Driver, clusters: list[MentionCluster], database: str | None) -> None:
    """A graph resolved before the name blocks were kept: every cluster's and record's written."""
    write_batches(driver, "resolution/cluster_name_blocks_write",
                  [{"key": cl.key, "blocks": name_block_keys(cl)} for cl in clusters], database)
    records = [{"relationship_id": r["relationship_id"], "given_name": r["given"], "family_name": r["family"]}
               for r in run(driver, "resolution/record_names", database)]
    write_batches(driver, "resolution/record_name_blocks", record_name_rows(records), database)


def link_children(driver: Driver, database: str | None = None, *, full: bool = False) -> dict:
    """Link the clusters across children (all of them when ``full`` or the graph does not keep
    the name blocks yet, else the clusters connected to what changed) and write what changed;
    return counts (``cross_child_phases``: seconds per phase -- an increment's seeds and closure,
    reading and linking, joining record persons, writing)."""
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def lap(name: str) -> None:
        phases[name] = round(time.perf_counter() - started - sum(phases.values()), 2)

    orphaned = run(driver, "resolution/mention_clusters_orphaned", database)[0]
    corrections = run(driver, "resolution/practitioner_corrections", database)
    keyed = run(driver, "resolution/cross_child_state", database, version=KEYS_VERSION)[0]["keyed"]
    full = full or not keyed
    if full:
        clusters, stored = read_clusters(driver, database)
        if not keyed:
            _key_graph(driver, clusters, database)
        record_persons = run(driver, "resolution/record_person_names", database)
        context = {key: s[2] for key, s in stored.items()}
        final = merge_pairs(clusters, candidate_pairs(clusters, context))
        flag_rows = [{"block": block, "flags": block_flag_text(clusters, members, block)}
                     for block, members in cluster_blocks(clusters).items()]
    else:
        reader = ComponentReader(driver, database)
        named = sorted({m for c in corrections for m in (c["mention_ids"] or []) + (c["other_mention_ids"] or [])})
        sources = run(driver, "resolution/cross_child_seeds", database, mentions=named)[0]
        flag_seeds, flag_rows = changed_block_seeds(reader)
        sources = {**sources, "block_flags": flag_seeds, "records": record_changed_seeds(reader)}
        seeds = sorted({k for keys in sources.values() for k in keys})
        seeded = len(seeds)
        lap("seeds_s")
        keys = reader.closure(seeds)
        lap("closure_s")
        clusters, final = reader.linked(keys)
        stored = {k: reader.stored[k] for k in keys}
        record_persons = _record_persons(driver, clusters, database)
    lap("read_and_link_s")
    final = link_to_record_persons(clusters, final, record_persons)
    final = apply_to_clusters(corrections, clusters, final)
    lap("record_persons_s")
    changed = [cl for cl in clusters if stored[cl.key][1] or stored[cl.key][0] != final[cl.key]]
    groups: dict[str, list[MentionCluster]] = defaultdict(list)
    for cl in clusters:
        groups[final[cl.key]].append(cl)
    regroup = set(run(driver, "resolution/regroup_persons", database)[0]["ids"])
    touched = (regroup | {final[cl.key] for cl in changed} | {stored[cl.key][0] for cl in changed}) - {None}
    rows = [mention_person_row(pid, groups[pid]) for pid in sorted(touched)
            if pid in groups and pid.startswith(MENTION_ONLY)]
    write_batches(driver, "resolution/mention_persons", rows, database)
    links = [{"key": cl.key, "final": final[cl.key], "record_person": not final[cl.key].startswith(MENTION_ONLY)}
             for cl in changed]
    write_batches(driver, "resolution/refers_to_cluster", links, database)
    write_batches(driver, "resolution/mention_clusters_linked", links, database)
    run(driver, "resolution/regrouped", database, ids=sorted(regroup))
    if full:
        removed = run(driver, "resolution/orphan_persons", database)
    else:  # only a person that lost a cluster or a mention can have lost its support
        removed = run(driver, "resolution/orphan_persons_among", database,
                      ids=sorted(touched | set(orphaned["persons"])))
    write_batches(driver, "resolution/name_block_flags_write", flag_rows, database)
    run(driver, "resolution/name_blocks_settled", database, all=full)
    if not keyed:
        run(driver, "resolution/cross_child_state_set", database, version=KEYS_VERSION)
    run(driver, "resolution/children_listed_done", database)  # the run finished: the next lists from here
    mention_only = sum(1 for pid in groups if pid.startswith(MENTION_ONLY))
    total = run(driver, "resolution/mention_clusters_count", database)[0]["clusters"]
    return {"child_level_clusters": total, "clusters_linked": len(clusters), "clusters_relinked": len(changed),
            "mention_only_persons": mention_only, "persons_written": len(rows),
            "cross_child_merges": len(clusters) - mention_only, "cross_child_full": full,
            "orphans_removed": removed[0]["removed"] if removed else 0,
            "cross_child_seeds": len(clusters) if full else seeded,
            "cross_child_seed_sources": {} if full else {kind: len(keys) for kind, keys in sources.items()},
            "cross_child_rounds": [] if full else reader.rounds,
            "cross_child_read": len(clusters) if full else len(reader.clusters),
            "cross_child_phases": {**phases, "write_s": round(time.perf_counter() - started - sum(phases.values()), 2)}}
