"""File-level statistics of record linkage (linkage.file_weights.FileStatistics): fitted on a
whole file, kept, and passed to the linking of a part of it (an increment's scope), which then
scores its pairs as the whole file did and fits nothing."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy
import pytest

from linkage import file_weights
from linkage.records import link_adult_records
from linkage.settings import FileWeightSettings, RecordModelSettings

GIVEN = ["Jonathan", "Jon", "Priya", "Sarah", "Sara", "Dean", "Amira", "Tom", "Thomas", "Kyle"]
FAMILY = ["Pickering", "Shah", "Khan", "Osei", "Marsh", "Clegg"]


def people(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = {"relationship_id": f"R-{i}", "child_id": f"C-{i % 40}", "given_name": rng.choice(GIVEN),
                "family_name": rng.choice(FAMILY), "gender": rng.choice("MF"),
                "date_of_birth": f"19{rng.randrange(60, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(9)}",
                "postcode": f"YO1{rng.randrange(4)} {rng.randrange(9)}AB",
                "address_line": f"{rng.randrange(1, 30)} Filey Road"}
        if out and rng.random() < 0.3:  # a second record of someone already in the file
            base = {**rng.choice(out), "relationship_id": f"R-{i}", "child_id": f"C-{i % 40}"}
        out.append(base)
    return out


@pytest.fixture(scope="module")
def settings():
    return replace(RecordModelSettings(), file_weights=FileWeightSettings(min_pairs=20, min_matches=1.0))


def test_statistics_survive_json():
    w = file_weights.FileWeights(numpy.arange(6, dtype="f8").reshape(2, 3), -3.5, 7, (0, 1))
    stats = file_weights.FileStatistics(w, True, {"postcode": {"00000"}}, 120)
    back = file_weights.FileStatistics.from_json(stats.to_json())
    assert back.households and back.placeholders == {"postcode": {"00000"}} and back.records == 120
    assert numpy.array_equal(back.weights.log_bf, w.log_bf) and back.weights.used == (0, 1)
    assert back.weights.prior_logit == -3.5
    assert file_weights.FileStatistics.from_json(
        file_weights.FileStatistics(None, False).to_json()).weights is None


def test_a_part_of_the_file_is_scored_with_the_whole_files_statistics(settings, monkeypatch):
    rows = people(260, 3)
    whole = link_adult_records([dict(r) for r in rows], settings=settings)
    stats = whole.statistics
    assert stats is not None and stats.weights is not None and stats.records == len(rows)
    part = [dict(r) for r in rows if r["family_name"] in ("Shah", "Khan")]
    alone = link_adult_records([dict(r) for r in part], settings=settings)
    assert alone.statistics.records == len(part)  # fitted on the part: its own weights

    def no_fit(*args, **kwargs):
        raise AssertionError("statistics were given: nothing is fitted")

    monkeypatch.setattr(file_weights, "fit", no_fit)
    kept = link_adult_records([dict(r) for r in part], settings=settings,
                              statistics=file_weights.FileStatistics.from_json(stats.to_json()))
    assert kept.statistics.records == len(rows)
    common = set(kept.pair_scores) & set(whole.pair_scores)
    assert common
    assert all(abs(kept.pair_scores[p] - whole.pair_scores[p]) < 1e-5 for p in common)
    # the part's own fit (what an increment did before) has other weights
    assert not numpy.allclose(alone.statistics.weights.log_bf, stats.weights.log_bf)
