"""Comparison vectors and scores of candidate pairs, in one pass and without dedupe's
worker queue.

``dedupe``'s ``score`` calls every comparator once per pair and per field; in a file many
pairs share a value pair (the same two surnames, the same two postcodes), so
:func:`distances_indexed` codes each record's values once, finds the distinct value pairs
with numpy and calls each comparator once per distinct pair, filling dedupe's comparison
matrix (the same columns, missing-value indicators included). When there are many
distinct pairs, forked worker processes share them out (``workers``): the comparators are
pure Python, and Splink's DuckDB uses every core too.
:func:`scores_array` builds the structured array ``dedupe``'s clustering reads.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Collection

import numpy

from linkage import normalise as n

# comparators whose distance of (a, b) is that of (b, a): each unordered pair of values is
# compared once (tests/unit/test_linkage_scoring.py checks them). Not the order-free full
# name (comparisons.name_set_distance): each token of the first name finds its best match
# in the second, which is not symmetric when both have as many tokens.
SYMMETRIC = frozenset({n.record_given_distance, n.family_name_distance,
                       n.dob_distance, n.dob_year_distance, n.address_distance, n.postcode_distance,
                       n.gender_distance})

# below this many distinct value pairs (all fields together) a fork costs more than it saves
PARALLEL_MIN_PAIRS = 20_000


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


def distances_indexed(data_model, records: list[dict], ia, ib, workers: int = 1,
                      only: Collection[int] | None = None) -> numpy.ndarray:
    """dedupe's comparison matrix of the pairs ``(records[ia[k]], records[ib[k]])``: each
    record's field values coded once, each comparator called once per distinct pair of
    values (found with ``numpy.unique`` on the pairs' codes, not a loop over the pairs).
    ``workers``: processes comparing the distinct pairs (0: one per CPU; 1: this one).
    ``only``: the comparisons (positions in ``data_model.field_variables``) to compute; the
    others' columns are left blank (NaN), e.g. those a fit does not read."""
    ia, ib = numpy.asarray(ia, numpy.int64), numpy.asarray(ib, numpy.int64)
    n = len(ia)
    out = numpy.empty((n, len(data_model)), "f4")
    tasks, fill, coded = [], [], {}
    for j, (field, compare, start, stop) in enumerate(data_model._field_comparators):
        if only is not None and j not in only:
            out[:, start:stop] = numpy.nan
            continue
        if field not in coded:  # a field with two comparisons (dob) is coded once
            coded[field] = record_codes(records, field)
        codes, values = coded[field]
        ca, cb = codes[ia], codes[ib]
        col = out[:, start:stop]
        todo = numpy.ones(n, bool)
        if not hasattr(compare, "missing"):
            todo = (ca >= 0) & (cb >= 0)
            col[~todo] = numpy.nan
        base = len(values) + 1
        ca, cb = ca[todo], cb[todo]
        if compare in SYMMETRIC and not hasattr(compare, "missing"):
            ca, cb = numpy.minimum(ca, cb), numpy.maximum(ca, cb)
        keys = (ca + 1) * base + (cb + 1)
        uniq, inverse = numpy.unique(keys, return_inverse=True)
        tasks.append(_Task(compare, values, base, uniq, stop - start))
        fill.append((col, todo, inverse))
    for (col, todo, inverse), got in zip(fill, compare_tasks(tasks, workers)):
        col[todo] = got[inverse.reshape(-1)]
    return data_model._add_derived_distances(out)


class _Task:
    """One field's distinct value pairs (codes ``x * base + y``, 0 = blank) to compare."""

    def __init__(self, compare, values: list, base: int, keys: numpy.ndarray, width: int):
        self.compare, self.values, self.base, self.keys, self.width = \
            compare, values, base, keys, width

    def run(self, lo: int = 0, hi: int | None = None) -> numpy.ndarray:
        keys = self.keys[lo:hi].tolist()
        got = numpy.empty((len(keys), self.width), "f4")
        compare, values, base = self.compare, self.values, self.base
        for k, key in enumerate(keys):
            x, y = divmod(key, base)
            got[k] = compare(values[x - 1] if x else None, values[y - 1] if y else None)
        return got


_FORKED: list[_Task] = []  # the tasks a forked worker inherits (never pickled)


def _run_chunk(job: tuple[int, int, int]) -> numpy.ndarray:
    t, lo, hi = job
    return _FORKED[t].run(lo, hi)


def worker_count(workers: int, pairs: int) -> int:
    """How many processes compare ``pairs`` distinct value pairs: 1 below
    :data:`PARALLEL_MIN_PAIRS`, where ``fork`` is missing, or inside a daemonic process
    (a Celery or multiprocessing worker may not have children)."""
    if workers == 1 or pairs < PARALLEL_MIN_PAIRS:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() \
            or multiprocessing.current_process().daemon:
        return 1
    return max(1, min(workers or os.cpu_count() or 1, 8))


def compare_tasks(tasks: list[_Task], workers: int = 1) -> list[numpy.ndarray]:
    """Each task's comparator outputs, in ``workers`` forked processes when there are enough
    distinct pairs (chunks of every field spread over them), else in this process."""
    total = sum(len(t.keys) for t in tasks)
    workers = worker_count(workers, total)
    if workers == 1:
        return [t.run() for t in tasks]
    step = max(1, -(-total // (4 * workers)))
    jobs = [(i, lo, min(lo + step, len(t.keys))) for i, t in enumerate(tasks)
            for lo in range(0, len(t.keys), step)]
    _FORKED[:] = tasks
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = pool.map(_run_chunk, jobs, chunksize=1)
    finally:
        _FORKED.clear()
    out = [[] for _ in tasks]
    for (i, _, _), got in zip(jobs, chunks):
        out[i].append(got)
    return [numpy.concatenate(parts) if parts else numpy.empty((0, t.width), "f4")
            for t, parts in zip(tasks, out)]


def distances(data_model, pairs: list[tuple[dict, dict]], workers: int = 1) -> numpy.ndarray:
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
    return distances_indexed(data_model, records, ia, ib, workers)


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
