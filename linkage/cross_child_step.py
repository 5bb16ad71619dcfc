"""Step c in the graph: every child-level mention cluster linked across children, and the
mentions of the clusters whose person changed pointed at it.

Reads the ``(:MentionCluster)`` nodes the per-child step wrote (in pages) and the names of the
persons resolved from records, runs :func:`linkage.cross_child.link_across_children` and
:func:`linkage.cross_child.link_to_record_persons` over all of them (so the result is the
same whichever children an increment re-resolved), and writes only what changed: the
mention-only persons of groups that gained or lost a cluster, and the links of mentions whose
cluster is new or has another person now. Then persons nothing supports any more are removed.
"""

from __future__ import annotations

import json
from collections import defaultdict

from neo4j import Driver

from linkage.cross_child import link_across_children, link_to_record_persons
from linkage.mention_matching import NameForm
from linkage.practitioner_constraints import apply_to_clusters  # the app's corrections
from linkage.resolution_base import run, write_batches
from linkage.resolve_mentions import MentionCluster
from linkage.write_back import mention_person_row

PAGE = 5000
MENTION_ONLY = ("P-note:", "P-doc:")


def read_clusters(driver: Driver, database: str | None = None) -> tuple[list[MentionCluster], dict]:
    """Every child-level cluster (records = {its key}: its context is stored whole) and, per key,
    (stored final id, needs_link, context)."""
    clusters: list[MentionCluster] = []
    stored: dict[str, tuple[str | None, bool, set[str]]] = {}
    after = None
    while True:
        page = run(driver, "resolution/mention_clusters_page", database, after=after, limit=PAGE)
        for r in page:
            forms = [NameForm(*f) for f in json.loads(r["forms"])]
            clusters.append(MentionCluster(r["child_id"], list(r["mention_ids"]), forms, list(r["texts"]),
                                           set(r["roles"]), set(r["agencies"]), {r["key"]},
                                           list(r["confidences"]), key=r["key"]))
            stored[r["key"]] = (r["final_id"], r["needs_link"], set(r["context"]))
        if len(page) < PAGE:
            return clusters, stored
        after = page[-1]["key"]


def link_children(driver: Driver, database: str | None = None) -> dict:
    """Link the clusters across children and write what changed; return counts."""
    run(driver, "resolution/mention_clusters_orphaned", database)
    clusters, stored = read_clusters(driver, database)
    context = {key: s[2] for key, s in stored.items()}
    final = link_across_children(clusters, context)
    final = link_to_record_persons(clusters, final, run(driver, "resolution/record_person_names", database))
    final = apply_to_clusters(run(driver, "resolution/practitioner_corrections", database), clusters, final)
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
    removed = run(driver, "resolution/orphan_persons", database)
    mention_only = sum(1 for pid in groups if pid.startswith(MENTION_ONLY))
    return {"child_level_clusters": len(clusters), "clusters_relinked": len(changed),
            "mention_only_persons": mention_only, "persons_written": len(rows),
            "cross_child_merges": len(clusters) - mention_only,
            "orphans_removed": removed[0]["removed"] if removed else 0}
