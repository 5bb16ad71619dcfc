"""Step b in the graph: one batch of children's mentions resolved and written.

Which children: :func:`dirty_children` (``cypher/resolution/children_dirty_candidates``) -- those the
records step marked (a linked person changed), those whose own rows, notes, documents, records,
allocations or mentions changed since they were last resolved, and the children sharing a person
with them. A batch reads its children's contexts (siblings' too) and mentions only, resolves each
child (:mod:`linkage.resolve_mentions`, :mod:`linkage.places`) and writes: links to known
people, addresses, places and organisations; the child-level mention clusters
(``(:MentionCluster)``, what :mod:`linkage.cross_child_step` links across children); and on
each mention that refers to such a cluster, ``cluster_key`` with its method and confidence (the
cross-child step points it at its person). The children are marked resolved last, so a batch
killed part-way is done again by the next run.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict

from neo4j import Driver

from linkage.cross_child import _context_items, name_block_keys, record_context_of
from linkage.places import known_streets_of, resolve_places, street_keys_of
from linkage.practitioner_constraints import apply_corrections  # the app's corrections
from linkage.records import _natural_key
from linkage.resolution_base import run, write_batches
from linkage.mention_matching import role_key
from linkage.resolve_mentions import PARENT_SIDE, Decision, MentionCluster, build_contexts, resolve_child
from linkage.write_back import write_links


def dirty_children(driver: Driver, database: str | None = None, *, all_children: bool = False) -> list[str]:
    """The children to resolve: from what changed since the last finished run (index lookups,
    ``children_dirty_candidates``), or every child checked (``children_dirty``) on a first run."""
    since = run(driver, "resolution/children_listing", database)[0]["since"]
    if all_children or since is None:
        rows = run(driver, "resolution/children_dirty", database, all=all_children)
    else:
        rows = run(driver, "resolution/children_dirty_candidates", database, since=since)
    return [r["child_id"] for r in rows]


def parent_role(relationship: str | None) -> bool:
    """A record whose relationship makes its person a parent of the child: the only persons that
    make two children siblings in :func:`linkage.resolve_mentions.build_contexts` (a foster carer
    of twelve children does not). Kept on the record (``parent_role``) so that
    ``children_dirty_candidates`` re-resolves with a changed child only the children whose
    contexts read it: those sharing such a person."""
    return PARENT_SIDE.get(role_key(relationship) or "") is not None


def cluster_row(cl: MentionCluster, record_context: dict[str, set[str]], refs: list[dict] = ()) -> dict:
    """The cluster as written, with ``digest``: a hash of everything the cross-child step and the
    link to its person read from it (blocks, props, its mentions' methods and confidences)."""
    forms = [[f.given, f.family, f.initials, f.title, f.prefix_role] for f in cl.forms]
    blocks = name_block_keys(cl)
    props = {"child_id": cl.child_id, "mention_ids": cl.mention_ids, "forms": json.dumps(forms),
             "texts": cl.texts, "roles": sorted(cl.roles), "agencies": sorted(cl.agencies),
             "context": sorted(_context_items(cl.records, record_context)), "confidences": cl.confidences}
    refs = sorted([r["mention_id"], r["method"], r["confidence"]] for r in refs)
    text = json.dumps([cl.key, blocks, props, refs], sort_keys=True, default=str)
    props["digest"] = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return {"key": cl.key, "blocks": blocks, "props": props}


def resolve_child_batch(driver: Driver, children: list[str], database: str | None = None) -> dict:
    """Resolve the mentions of these children; return counts."""
    children = sorted(set(children), key=_natural_key)
    if not children:
        return {"children": 0, "mentions": 0, "child_level_clusters": 0, "links_by_method": {}}
    siblings = run(driver, "resolution/siblings", database, children=children)[0]["ids"]
    contexts = build_contexts(run(driver, "resolution/child_context", database,
                                  children=sorted(set(children) | set(siblings))))
    mentions = run(driver, "resolution/mentions", database, children=children)
    by_child: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        by_child[m["child_id"]].append(m)
    known_streets = known_streets_of(run(driver, "resolution/addresses_by_street", database,
                                         keys=street_keys_of(mentions)))
    decisions: list[Decision] = []
    clusters: list[MentionCluster] = []
    for cid in sorted(by_child, key=_natural_key):
        ctx = contexts.get(cid)
        if ctx is None:
            continue
        d, cl = resolve_child(ctx, by_child[cid])
        decisions.extend(d)
        clusters.extend(cl)
        decisions.extend(resolve_places(by_child[cid], known_streets))
    apply_corrections(run(driver, "resolution/practitioner_corrections", database), decisions, clusters, mentions)
    record_context = record_context_of(mentions, decisions)
    keys = {cl.key for cl in clusters}
    deferred = [d for d in decisions if d.kind == "person" and d.key in keys]
    direct = [d for d in decisions if not (d.kind == "person" and d.key in keys)]
    refs = [{"mention_id": d.mention_id, "cluster_key": d.key, "method": d.method,
             "confidence": d.confidence} for d in deferred]
    refs_of: dict[str, list[dict]] = defaultdict(list)
    for r in refs:
        refs_of[r["cluster_key"]].append(r)
    rows = [cluster_row(cl, record_context, refs_of[cl.key]) for cl in clusters]
    # a cluster written exactly as last time stays, with its person: only changed ones wait for a link
    kept = sorted(run(driver, "resolution/mention_clusters_unchanged", database, rows=[
        {"key": r["key"], "digest": r["props"]["digest"], "mentions": [m["mention_id"] for m in refs_of[r["key"]]]}
        for r in rows])[0]["keys"])
    run(driver, "resolution/mention_clusters_clear", database, children=children, keep=kept)
    kept_set = set(kept)
    write_batches(driver, "resolution/mention_clusters_write",
                  [r for r in rows if r["key"] not in kept_set], database)
    write_batches(driver, "resolution/mention_cluster_refs", refs, database)
    write_links(driver, direct, mentions, database, deferred={r["mention_id"] for r in refs})
    run(driver, "resolution/children_resolved", database, children=children)
    return {"children": len(children), "mentions": len(mentions), "child_level_clusters": len(clusters),
            "clusters_kept": len(kept), "links_by_method": dict(Counter(d.method for d in decisions))}
