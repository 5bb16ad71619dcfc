"""Practitioner corrections about people found in the notes, applied to mention resolution.

The record-level decisions (``split`` / ``confirm_merge``) are applied by the records step; this
module applies the mention-level corrections the app stores from the evidence panel
(``graph_model.decisions``), oldest first, read by ``cypher/resolution/practitioner_corrections``.
Each names *mentions* (stable ids) rather than person ids, which a merge or a split changes, and
only the mentions the practitioner could read, so a restricted record's mention is never moved by
someone who may not read it. Two pure functions, one per resolution step:

* :func:`apply_corrections` -- per child (step b), over the linker's mention decisions and the
  child-level clusters: ``not_person`` mentions lose their referent (``unresolved``, method
  ``practitioner``) and leave their cluster; ``not_same`` mentions still resolved to the other
  side become a cluster of their own (``P-`` + their smallest mention id); a ``same_person``
  mention matched straight to someone else follows the correction.
* :func:`apply_to_clusters` -- across children (step c), over the clusters' final person ids:
  ``same_person`` clusters join the other side's person (a recorded adult's, ``other_persons``,
  or the person of ``other_mention_ids``); ``not_same`` clusters grouped with the other side
  leave the group.

Unit tested in ``tests/unit/test_practitioner_constraints.py``.
"""

from __future__ import annotations

from typing import Any

from linkage.mention_matching import parse_name_form
from linkage.records import _natural_key

METHOD = "practitioner"
MENTION_ONLY = ("P-note:", "P-doc:")


# ============================================================================ step b: per child

def apply_corrections(rows: list[dict[str, Any]], decisions: list, clusters: list,
                      mentions: list[dict[str, Any]]) -> None:
    """Apply ``rows`` (oldest first) to one batch's mention decisions (``resolve_mentions.Decision``)
    and child-level clusters (``MentionCluster``), in place. ``mentions``: the batch's mention rows."""
    state = _Batch(decisions, clusters, {m["mention_id"]: m for m in mentions})
    for row in rows:
        mids = [m for m in row.get("mention_ids") or [] if m in state.decided]
        if not mids:
            continue
        if row.get("kind") == "not_person":
            state.not_person(mids)
        elif row.get("kind") == "not_same":
            state.not_same(mids, row)
        elif row.get("kind") == "same_person":
            state.same_person(mids, row)


class _Batch:
    def __init__(self, decisions: list, clusters: list, mentions: dict[str, dict]) -> None:
        self.decisions, self.clusters, self.mentions = decisions, clusters, mentions
        self.decided: dict[str, Any] = {d.mention_id: d for d in decisions}
        self.cluster_of: dict[str, Any] = {mid: cl for cl in clusters for mid in cl.mention_ids}

    def person_of(self, mid: str) -> str | None:
        d = self.decided.get(mid)
        return d.key if d is not None and d.kind == "person" and d.key else None

    def others(self, row: dict[str, Any]) -> list[str]:
        out = [p for p in row.get("other_persons") or [] if p]
        out += [p for p in (self.person_of(m) for m in row.get("other_mention_ids") or []) if p]
        return list(dict.fromkeys(out))

    def not_person(self, mids: list[str]) -> None:
        gone = self._take_out(mids)
        for mid in mids:
            _unresolve(self.decided[mid])
        for d in self.decisions:  # a role word beside a name that is no one
            if d.kind == "person" and d.key in gone:
                _unresolve(d)

    def same_person(self, mids: list[str], row: dict[str, Any]) -> None:
        others = self.others(row)
        keys = {cl.key for cl in self.clusters}
        for mid in mids:  # clustered mentions (and role words beside them) follow in step c;
            d = self.decided[mid]  # one matched straight to someone else moves now
            if others and d.kind == "person" and d.key not in keys and d.key not in others:
                d.key, d.method = others[0], METHOD

    def not_same(self, mids: list[str], row: dict[str, Any]) -> None:
        others = set(self.others(row))
        together = sorted((m for m in mids if self.person_of(m) in others), key=_natural_key)
        if not together:
            return  # apart in this child (step c keeps them apart across children)
        gone = self._take_out(together)
        names = [m for m in together if (self.mentions.get(m) or {}).get("label", "PERSON") == "PERSON"]
        if not names:  # only role words: not that person, and no name to make a person of
            for mid in together:
                _unresolve(self.decided[mid])
            return
        rows = [self.mentions.get(m) or {} for m in names]
        new = _new_cluster(self.clusters, str(rows[0].get("child_id") or ""), names, rows)
        self.clusters.append(new)
        for mid in names:
            self.cluster_of[mid] = new
        for mid in together:
            d = self.decided[mid]
            d.kind, d.key, d.method = "person", new.key, METHOD
        for d in self.decisions:  # role words that pointed at a cluster now empty follow the names
            if d.kind == "person" and d.key in gone:
                d.key = new.key

    def _take_out(self, mids: list[str]) -> set[str]:
        """Remove mentions from their clusters. A cluster left empty is dropped (its key returned);
        one that lost the mention its key was made of is keyed on its smallest mention again."""
        gone: set[str] = set()
        touched = []
        for mid in mids:
            cl = self.cluster_of.pop(mid, None)
            if cl is None:
                continue
            text = (self.mentions.get(mid) or {}).get("text")
            cl.mention_ids = [m for m in cl.mention_ids if m != mid]
            if text in cl.texts:
                i = cl.texts.index(text)
                for name in ("texts", "forms", "confidences"):
                    values = getattr(cl, name)
                    if i < len(values):
                        del values[i]
            touched.append(cl)
        for cl in {id(c): c for c in touched}.values():
            if not cl.mention_ids:
                gone.add(cl.key)
                continue
            key = "P-" + min(cl.mention_ids, key=_natural_key)
            if key != cl.key:
                for d in self.decisions:
                    if d.kind == "person" and d.key == cl.key:
                        d.key = key
                cl.key = key
        if gone:
            self.clusters[:] = [c for c in self.clusters if c.mention_ids]
        return gone


def _unresolve(d: Any) -> None:
    d.kind, d.key, d.method = "unresolved", None, METHOD


def _new_cluster(clusters: list, child_id: str, ids: list[str], rows: list[dict[str, Any]]) -> Any:
    try:  # the stage's own type (moved to linkage.resolve_mentions when the stage was split)
        from linkage.resolve_mentions import MentionCluster
    except ImportError:  # pragma: no cover - before the split
        from linkage.stage_resolve import MentionCluster

    return MentionCluster(
        child_id, list(ids), [parse_name_form(str(r.get("text") or "")) for r in rows],
        [str(r.get("text") or "") for r in rows], {r["role"] for r in rows if r.get("role")},
        {r["agency"] for r in rows if r.get("agency")},
        {f"{r.get('record_type')}:{r.get('record_id')}" for r in rows if r.get("record_id")},
        [float(r.get("confidence") or 0.5) for r in rows], key="P-" + ids[0])


# ============================================================================ step c: across children

def apply_to_clusters(rows: list[dict[str, Any]], clusters: list, final: dict[str, str]) -> dict[str, str]:
    """The clusters' final person ids (cluster key -> person id) after ``rows`` (oldest first).
    ``other_referents`` in a row: the persons the other side's unclustered mentions refer to."""
    final = dict(final)
    cluster_of = {mid: cl for cl in clusters for mid in cl.mention_ids}
    for row in rows:
        kind = row.get("kind")
        mine = sorted({cluster_of[m].key for m in row.get("mention_ids") or [] if m in cluster_of})
        if not mine or kind not in ("same_person", "not_same"):
            continue
        others = [p for p in row.get("other_persons") or [] if p]
        others += [final.get(cluster_of[m].key, cluster_of[m].key) for m in row.get("other_mention_ids") or []
                   if m in cluster_of]
        others += [p for p in row.get("other_referents") or [] if p]
        others = [p for p in dict.fromkeys(others)]
        if kind == "same_person" and others:
            for key in mine:
                final[key] = others[0]
        elif kind == "not_same":
            split = [k for k in mine if final.get(k, k) in others]
            if split:
                _split_group(clusters, final, split)
    return final


def _split_group(clusters: list, final: dict[str, str], split: list[str]) -> None:
    """``split`` clusters leave their group(s): they become one mention-only person; a mention-only
    group left behind is named after its own smallest mention again."""
    old = {final.get(k, k) for k in split}
    by_key = {cl.key: cl for cl in clusters}
    mids = [m for k in split for m in by_key[k].mention_ids]
    new_id = "P-" + min(mids, key=_natural_key)
    for k in split:
        final[k] = new_id
    for group in old:
        left = [cl for cl in clusters if final.get(cl.key, cl.key) == group and cl.key not in split]
        if left and group.startswith(MENTION_ONLY):
            rest_id = "P-" + min((m for cl in left for m in cl.mention_ids), key=_natural_key)
            for cl in left:
                final[cl.key] = rest_id
