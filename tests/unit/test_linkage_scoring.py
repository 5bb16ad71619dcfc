"""The comparison matrix's shortcuts give dedupe's own matrix: each unordered pair of values
compared once for the comparators declared symmetric (they are), and the distinct pairs shared
out to forked workers."""

from __future__ import annotations

import io
import itertools
import random
import subprocess
import sys
from pathlib import Path

import numpy
from dedupe.datamodel import DataModel

from linkage import comparisons, scoring
from linkage.settings import RecordModelSettings
from linkage.training_data import prepare

GIVEN = ["jon", "john", "jonathan", "j", "jo ann", "ann jo", "kate", "cate", "michaela",
         "mihcaela", "mohammed", "muhammad", "aa", "ab", "ba", "abcab", "bacba", None]
FAMILY = ["smith", "smith jones", "jones smith", "s", "o brien", "obrien", "white", "whyte",
          "abc", "cba", "bca", None]
DOB = ["1985-03-25", "1985-25-03", "1985-03", "1985", "1985-01-01", "1958-03-25", "1986-03-25",
       "1985-03-24", "2002-3-25", None]
ADDRESS = ["4 Filey Road", "4 Filey Rd", "Flat 2, 4 Filey Road", "12 High Street", "2 High St",
           "The Cottage", None]
POSTCODE = ["YO12 5AB", "YO12 6CD", "YO1 5AB", "LS1 1AA", "00000", "2913", None]
GENDER = ["F", "M", None]


def _records(n: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(prepare({"relationship_id": f"r{i}", "given_name": rng.choice(GIVEN),
                            "family_name": rng.choice(FAMILY), "date_of_birth": rng.choice(DOB),
                            "address_line": rng.choice(ADDRESS), "postcode": rng.choice(POSTCODE),
                            "gender": rng.choice(GENDER)}))
    return out


def _data_model():
    return DataModel(comparisons.build_variables(RecordModelSettings().comparisons))


def test_the_symmetric_comparators_are_symmetric():
    dm = _data_model()
    recs = _records(120)
    checked = set()
    for field, compare, _, _ in dm._field_comparators:
        if compare not in scoring.SYMMETRIC:
            continue
        checked.add(compare)
        values = {r[field] for r in recs if r[field] is not None}
        for a, b in itertools.combinations(sorted(values), 2):
            assert compare(a, b) == compare(b, a), (compare.__name__, a, b)
    assert checked == set(scoring.SYMMETRIC)


def test_the_order_free_name_is_not_declared_symmetric():
    # each token of the first name takes its best match in the second: with as many tokens
    # on both sides, the two directions differ
    a, b = "abc xyz", "xbc abd"
    assert comparisons.name_set_distance(a, b) != comparisons.name_set_distance(b, a)
    assert comparisons.name_set_distance not in scoring.SYMMETRIC


def test_the_matrix_is_dedupes_in_process_and_in_workers(monkeypatch):
    dm = _data_model()
    recs = _records(60)
    pairs = list(itertools.combinations(recs, 2))
    theirs = dm.distances(pairs)
    ia, ib = zip(*itertools.combinations(range(len(recs)), 2))
    alone = scoring.distances_indexed(dm, recs, ia, ib, workers=1)
    assert numpy.allclose(alone, theirs, equal_nan=True)
    # reversed pairs too: a symmetric comparator's value is looked up the other way round
    back = scoring.distances_indexed(dm, recs, ib, ia, workers=1)
    assert numpy.allclose(back, dm.distances([(b, a) for a, b in pairs]), equal_nan=True)
    monkeypatch.setattr(scoring, "PARALLEL_MIN_PAIRS", 1)
    assert scoring.worker_count(2, 10) == 2
    # the forked workers run in a fresh interpreter: forking this test session (other threads
    # running) can hang a child on a lock, which is why forking is opt-in (RecordModelSettings.comparison_workers)
    shared = _matrix_from_workers(len(recs))
    assert shared.shape == alone.shape
    assert numpy.array_equal(numpy.isnan(shared), numpy.isnan(alone))
    assert numpy.array_equal(numpy.nan_to_num(shared), numpy.nan_to_num(alone))


def _matrix_from_workers(n: int) -> numpy.ndarray:
    code = (
        "import itertools, sys, numpy\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import test_linkage_scoring as t\n"
        "from linkage import scoring\n"
        "scoring.PARALLEL_MIN_PAIRS = 1\n"
        f"recs = t._records({n})\n"
        "ia, ib = zip(*itertools.combinations(range(len(recs)), 2))\n"
        "m = scoring.distances_indexed(t._data_model(), recs, ia, ib, workers=2)\n"
        "numpy.save(sys.stdout.buffer, m)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300, check=True)
    return numpy.load(io.BytesIO(done.stdout))


def test_few_pairs_or_one_worker_compare_in_process():
    assert scoring.worker_count(0, scoring.PARALLEL_MIN_PAIRS - 1) == 1
    assert scoring.worker_count(1, 10 ** 9) == 1


def test_only_the_asked_comparisons_are_computed():
    dm = _data_model()
    recs = _records(30)
    ia, ib = zip(*itertools.combinations(range(len(recs)), 2))
    whole = scoring.distances_indexed(dm, recs, ia, ib)
    names = [v.name for v in dm.field_variables]
    keep = {j for j, name in enumerate(names) if not name.startswith("full name")}
    part = scoring.distances_indexed(dm, recs, ia, ib, only=keep)
    starts = [start for _, _, start, _ in dm._field_comparators]
    for j, start in enumerate(starts):
        if j in keep:
            assert numpy.array_equal(numpy.nan_to_num(part[:, start]), numpy.nan_to_num(whole[:, start]))
        else:
            # a blank comparison: dedupe's matrix holds 0 there, its missing indicator says so
            assert (part[:, start] == 0).all() and whole[:, start].any()
