"""Step c in the graph: child-level mention clusters linked across children, and the mentions
of the clusters whose person changed pointed at it.

:func:`linkage.cross_child.link_across_children` pairs clusters only inside a name block
(``f:`` family name, ``g:`` given-name variants) of at most ``MAX_NAME_BLOCK`` clusters, so it
decides each connected component of clusters (joined through such blocks) on its own. The blocks
are kept in the graph (``(:MentionCluster)-[:IN_NAME_BLOCK]->(:NameBlock)``, records
``-[:NAMED]->`` the same blocks), and an increment links only the components of what changed:
clusters waiting for a link (new: a re-resolved child's), those of persons marked regroup (a
cluster of theirs was replaced or removed), the members of blocks whose clusters changed (a block
that starts or stops pairing), every cluster in a block whose records changed (linking to record
persons reads them), and the clusters practitioner corrections name. Each component is read
whole (``clusters`` in key order, as a full run reads them), so the result is the one a full run
gives. The record persons read are those with a record in the components' blocks.

Writes only what changed: the mention-only persons of groups that gained or lost a cluster, and
the links of mentions whose cluster is new or has another person now. Then persons nothing
supports any more are removed.
"""

from __future__ import annotations

import json
from collections import defaultdict

from neo4j import Driver

from linkage.cross_child import MAX_NAME_BLOCK, link_across_children, link_to_record_persons, name_block_keys
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
    forms = [NameForm(*f) for f in json.loads(r["forms"])]
    return MentionCluster(r["child_id"], list(r["mention_ids"]), forms, list(r["texts"]),
                          set(r["roles"]), set(r["agencies"]), {r["key"]},
                          list(r["confidences"]), key=r["key"])


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


def read_clusters_by_keys(driver: Driver, keys: list[str], database: str | None = None
                          ) -> tuple[list[MentionCluster], dict]:
    clusters: list[MentionCluster] = []
    stored: dict[str, tuple[str | None, bool, set[str]]] = {}
    for start in range(0, len(keys), PAGE):
        for r in run(driver, "resolution/mention_clusters_by_keys", database, keys=keys[start:start + PAGE]):
            clusters.append(_cluster(r))
            stored[r["key"]] = (r["final_id"], r["needs_link"], set(r["context"]))
    clusters.sort(key=lambda cl: cl.key)
    return clusters, stored


def components_of(driver: Driver, seeds: list[str], database: str | None = None) -> tuple[list[str], set[str]]:
    """The keys of every cluster connected to ``seeds`` through name blocks that pair their
    clusters, and the large blocks (more than ``MAX_NAME_BLOCK`` clusters) met on the way."""
    found, blocks_seen, large = set(seeds), set(), set()
    frontier = sorted(found)
    while frontier:
        fresh_blocks = []
        for start in range(0, len(frontier), BATCH):
            for r in run(driver, "resolution/cluster_name_blocks", database, keys=frontier[start:start + BATCH]):
                if r["block"] in blocks_seen:
                    continue
                blocks_seen.add(r["block"])
                if r["size"] > MAX_NAME_BLOCK:
                    large.add(r["block"])
                else:
                    fresh_blocks.append(r["block"])
        frontier = []
        for start in range(0, len(fresh_blocks), BATCH):
            keys = run(driver, "resolution/name_block_members", database, blocks=fresh_blocks[start:start + BATCH])
            new = set(keys[0]["keys"]) - found
            found |= new
            frontier.extend(new)
        frontier.sort()
    return sorted(found), large


def _record_persons(driver: Driver, clusters: list[MentionCluster], database: str | None) -> list[dict]:
    blocks = sorted({k for cl in clusters for k in name_block_keys(cl)})
    out: dict[str, dict] = {}
    for start in range(0, len(blocks), BATCH):
        for r in run(driver, "resolution/record_person_names_by_blocks", database, blocks=blocks[start:start + BATCH]):
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
    the name blocks yet, else the components of what changed) and write what changed; return counts."""
    orphaned = run(driver, "resolution/mention_clusters_orphaned", database)[0]
    corrections = run(driver, "resolution/practitioner_corrections", database)
    keyed = run(driver, "resolution/cross_child_state", database, version=KEYS_VERSION)[0]["keyed"]
    full = full or not keyed
    if full:
        clusters, stored = read_clusters(driver, database)
        large: set[str] = set()
        if not keyed:
            _key_graph(driver, clusters, database)
        record_persons = run(driver, "resolution/record_person_names", database)
    else:
        named = sorted({m for c in corrections for m in (c["mention_ids"] or []) + (c["other_mention_ids"] or [])})
        seeds = run(driver, "resolution/cross_child_seeds", database, max=MAX_NAME_BLOCK, mentions=named)[0]["keys"]
        keys, large = components_of(driver, seeds, database)
        clusters, stored = read_clusters_by_keys(driver, keys, database)
        record_persons = _record_persons(driver, clusters, database)
    context = {key: s[2] for key, s in stored.items()}
    final = link_across_children(clusters, context, large)
    final = link_to_record_persons(clusters, final, record_persons)
    final = apply_to_clusters(corrections, clusters, final)
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
    run(driver, "resolution/name_blocks_settled", database, all=full)
    if not keyed:
        run(driver, "resolution/cross_child_state_set", database, version=KEYS_VERSION)
    run(driver, "resolution/children_listed_done", database)  # the run finished: the next lists from here
    mention_only = sum(1 for pid in groups if pid.startswith(MENTION_ONLY))
    total = run(driver, "resolution/mention_clusters_count", database)[0]["clusters"]
    return {"child_level_clusters": total, "clusters_linked": len(clusters), "clusters_relinked": len(changed),
            "mention_only_persons": mention_only, "persons_written": len(rows),
            "cross_child_merges": len(clusters) - mention_only, "cross_child_full": full,
            "orphans_removed": removed[0]["removed"] if removed else 0}
