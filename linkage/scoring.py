"""Comparison vectors and scores of candidate pairs, in one pass and without dedupe's
worker queue.

``dedupe``'s ``score`` calls every comparator once per pair and per field; in a file many
pairs share a value pair (the same two surnames, the same two postcodes), so
:func:`distances_indexed` codes each record's values once, finds the distinct value pairs
with numpy and calls each comparator once per distinct pair, filling dedupe's comparison
matrix (the same columns, missing-value indicators included).
:func:`scores_array` builds the structured array ``dedupe``'s clustering reads.
"""

from __future__ import annotations

import numpy


def record_codes(records: list[dict], field: str) -> tuple[numpy.ndarray, list]:
    """Each record's value of ``field`` as an integer code (-1 blank) and the values by
    code; an unhashable value gets a code of its own."""
    index: dict = {}
    values: list = []
    codes = numpy.empty(len(records), numpy.int64)
    for i, rec in enumerate(records):
        v = rec[field]
        if v is None:
            codes[i] = -1
            continue
        try:
            c, hashable = index.get(v), True
        except TypeError:
            c, hashable = None, False
        if c is None:
            c = len(values)
            values.append(v)
            if hashable:
                index[v] = c
        codes[i] = c
    return codes, values


def distances_indexed(data_model, records: list[dict], ia, ib) -> numpy.ndarray:
    """dedupe's comparison matrix of the pairs ``(records[ia[k]], records[ib[k]])``: each
    record's field values coded once, each comparator called once per distinct pair of
    values (found with ``numpy.unique`` on the pairs' codes, not a loop over the pairs)."""
    ia, ib = numpy.asarray(ia, numpy.int64), numpy.asarray(ib, numpy.int64)
    n = len(ia)
    out = numpy.empty((n, len(data_model)), "f4")
    for field, compare, start, stop in data_model._field_comparators:
        codes, values = record_codes(records, field)
        ca, cb = codes[ia], codes[ib]
        col = out[:, start:stop]
        todo = numpy.ones(n, bool)
        if not hasattr(compare, "missing"):
            todo = (ca >= 0) & (cb >= 0)
            col[~todo] = numpy.nan
        base = len(values) + 1
        keys = (ca[todo] + 1) * base + (cb[todo] + 1)
        uniq, inverse = numpy.unique(keys, return_inverse=True)
        got = numpy.empty((len(uniq), stop - start), "f4")
        for k, key in enumerate(uniq.tolist()):
            x, y = divmod(key, base)
            got[k] = compare(values[x - 1] if x else None, values[y - 1] if y else None)
        col[todo] = got[inverse.reshape(-1)]
    return data_model._add_derived_distances(out)


def distances(data_model, pairs: list[tuple[dict, dict]]) -> numpy.ndarray:
    """dedupe's ``data_model.distances(pairs)`` (same matrix), each comparator called
    once per distinct pair of values of its field (:func:`distances_indexed`)."""
    where: dict[int, int] = {}
    records: list[dict] = []
    ia = numpy.empty(len(pairs), numpy.int64)
    ib = numpy.empty(len(pairs), numpy.int64)
    for k, (a, b) in enumerate(pairs):
        for rec, side in ((a, ia), (b, ib)):
            i = where.get(id(rec))
            if i is None:
                i = where[id(rec)] = len(records)
                records.append(rec)
            side[k] = i
    return distances_indexed(data_model, records, ia, ib)


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
