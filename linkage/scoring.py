"""Comparison vectors and scores of candidate pairs, in one pass and without dedupe's
worker queue.

``dedupe``'s ``score`` calls every comparator once per pair and per field; in a file many
pairs share a value pair (the same two surnames, the same two postcodes), so
:func:`distances` calls each comparator once per distinct value pair and fills dedupe's
comparison matrix (the same columns, missing-value indicators included) from that cache.
:func:`scores_array` builds the structured array ``dedupe``'s clustering reads.
"""

from __future__ import annotations

import numpy


def distances(data_model, pairs: list[tuple[dict, dict]]) -> numpy.ndarray:
    """dedupe's ``data_model.distances(pairs)`` (same matrix), each comparator called
    once per distinct pair of values of its field."""
    n = len(pairs)
    out = numpy.empty((n, len(data_model)), "f4")
    for field, compare, start, stop in data_model._field_comparators:
        handles_missing = hasattr(compare, "missing")
        cache: dict = {}
        col = out[:, start:stop]
        for i, (a, b) in enumerate(pairs):
            va, vb = a[field], b[field]
            if (va is None or vb is None) and not handles_missing:
                col[i] = numpy.nan
                continue
            key = (va, vb)
            try:
                col[i] = cache[key]
            except KeyError:
                value = compare(va, vb)
                cache[key] = value
                col[i] = value
            except TypeError:  # an unhashable value: compare directly
                col[i] = compare(va, vb)
    return data_model._add_derived_distances(out)


def scores_array(ids: list[tuple[str, str]], score: numpy.ndarray) -> numpy.ndarray:
    """The ``[("pairs", id, 2), ("score", f4)]`` array dedupe's ``cluster`` takes."""
    width = max((max(len(a), len(b)) for a, b in ids), default=1)
    dtype = numpy.dtype([("pairs", f"U{width}", 2), ("score", "f4")])
    out = numpy.empty(len(ids), dtype=dtype)
    if len(ids):
        out["pairs"] = numpy.array(ids, dtype=f"U{width}")
        out["score"] = score
    return out


def connected_clusters(scores: numpy.ndarray, threshold: float):
    """Clusters as connected components of the pairs scored at or above ``threshold``
    (Splink's clustering), in dedupe's ``cluster`` output form: ``(ids, confidences)``
    for each component of two or more records, a member's confidence being the mean score
    of its scored pairs inside the component."""
    strong = scores[scores["score"] >= threshold]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in strong["pairs"]:
        a, b = str(a), str(b)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    total: dict[str, float] = {}
    count: dict[str, int] = {}
    for (a, b), s in zip(scores["pairs"], scores["score"]):
        a, b = str(a), str(b)
        if a in parent and b in parent and find(a) == find(b):
            for x in (a, b):
                total[x] = total.get(x, 0.0) + float(s)
                count[x] = count.get(x, 0) + 1
    for members in groups.values():
        if len(members) > 1:
            members.sort()
            yield tuple(members), tuple(total[m] / count[m] for m in members)


def components(scores: numpy.ndarray) -> list[set[str]]:
    """Connected components (two or more records) of the pairs in ``scores``."""
    adj: dict[str, set[str]] = {}
    for a, b in scores["pairs"]:
        a, b = str(a), str(b)
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    seen: set[str] = set()
    out = []
    for start in adj:
        if start in seen:
            continue
        comp, stack = set(), [start]
        while stack:
            x = stack.pop()
            if x in comp:
                continue
            comp.add(x)
            stack.extend(adj[x] - comp)
        seen |= comp
        out.append(comp)
    return out
