"""Per-file comparison weights (EM), the cached comparison matrix, clustering helpers and a
100,000-row person CSV."""

from __future__ import annotations

import numpy
from dedupe.datamodel import DataModel

from linkage import comparisons, file_weights, scoring
from linkage.records import complete_components
from linkage.settings import RecordModelSettings
from linkage.training_data import prepare

PEOPLE = [
    {"relationship_id": "r1", "given_name": "Jonathan", "family_name": "Pickering",
     "date_of_birth": "1985-03-25", "address_line": "4 Filey Road", "postcode": "YO12 5AB"},
    {"relationship_id": "r2", "given_name": "Jon", "family_name": "Pickering",
     "date_of_birth": "1985-25-03", "postcode": "YO12 5AB"},
    {"relationship_id": "r3", "given_name": "Priya", "family_name": "Shah",
     "date_of_birth": "1990-07-01", "gender": "F"},
    {"relationship_id": "r4", "given_name": "Jonathon", "family_name": "Pickerin",
     "date_of_birth": "1985-03-25", "address_line": "4 Filey Rd"},
]


def _data_model():
    return DataModel(comparisons.build_variables(RecordModelSettings().comparisons))


def test_cached_distances_equal_dedupes():
    dm = _data_model()
    recs = [prepare(p) for p in PEOPLE]
    pairs = [(a, b) for i, a in enumerate(recs) for b in recs[i + 1:]] * 3  # repeats hit the cache
    ours, theirs = scoring.distances(dm, pairs), dm.distances(pairs)
    assert ours.shape == theirs.shape
    assert numpy.allclose(ours, theirs, equal_nan=True)


def test_cached_name_set_distance_is_normalises():
    from linkage.normalise import name_set_distance

    for a, b in [("georgia white", "white georgia"), ("jon pickering", "jonathan pickerin"),
                 ("priya", "priya shah"), ("a b c", "c")]:
        assert comparisons.name_set_distance(a, b) == name_set_distance(a, b)


def test_blank_fields_are_no_evidence():
    dm = _data_model()
    a, b = prepare(PEOPLE[2]), prepare(PEOPLE[3])
    L = file_weights.levels(scoring.distances(dm, [(a, b)]), dm)
    names = [v.name for v in dm.field_variables]
    assert L[0, names.index("postcode")] == file_weights.BLANK  # Priya has none
    assert L[0, names.index("family name")] != file_weights.BLANK


def _mixture(n: int, share: float, rng):
    """Three comparisons, matches agree (level 0) 90% of the time, non-matches 10%."""
    truth = rng.random(n) < share
    agree = numpy.where(truth[:, None], 0.9, 0.1) > rng.random((n, 3))
    L = numpy.where(agree, 0, file_weights.STEPS).astype(numpy.int16)
    return L, truth


def test_em_recovers_matches_from_a_rough_start():
    rng = numpy.random.default_rng(3)
    L, truth = _mixture(5000, 0.2, rng)
    start = numpy.clip(truth * 0.6 + 0.2 + rng.normal(0, 0.15, len(truth)), 0, 1)
    weights = file_weights.fit(L, start)
    p = weights.predict(L)
    # all three agree -> match, none agree -> non-match, whatever the start said
    assert p[(L == 0).all(axis=1)].min() > 0.9
    assert p[(L > 0).all(axis=1)].max() < 0.1
    assert abs(float(p.mean()) - 0.2) < 0.03
    assert weights.log_bf[0, 0] > 0 > weights.log_bf[0, file_weights.STEPS]


def test_em_with_random_pair_u_and_fixed_distinct():
    rng = numpy.random.default_rng(4)
    L, truth = _mixture(3000, 0.3, rng)
    u = file_weights.level_shares(_mixture(3000, 0.0, rng)[0])
    fixed = numpy.zeros(len(L), bool)
    fixed[:50] = True
    weights = file_weights.fit(L, truth * 0.8 + 0.1, u_shares=u, all_pairs=10 * len(L),
                               fixed_distinct=fixed)
    assert weights.prior_logit < numpy.log(0.3 / 0.7)  # lambda over all pairs, not candidates
    assert weights.predict(L[(L == 0).all(axis=1)]).min() > 0.5


def _scores(pairs):
    return scoring.scores_array([(a, b) for a, b, _ in pairs],
                                numpy.array([s for _, _, s in pairs], "f4"))


def test_components_and_connected_clusters():
    scores = _scores([("a", "b", 0.9), ("b", "c", 0.7), ("d", "e", 0.3), ("c", "x", 0.1)])
    assert sorted(sorted(c) for c in scoring.components(scores)) == [["a", "b", "c", "x"],
                                                                     ["d", "e"]]
    clusters = list(scoring.connected_clusters(scores, 0.5))
    assert len(clusters) == 1
    ids, conf = clusters[0]
    assert ids == ("a", "b", "c")
    assert conf[0] == numpy.float32(0.9) and 0.7 < conf[1] < 0.9


def test_unblocked_pairs_inside_a_component_are_scored():
    data = {p["relationship_id"]: prepare(p) for p in PEOPLE}
    kept = _scores([("r1", "r2", 0.9), ("r1", "r4", 0.8)])
    seen = []

    def score_pairs(pairs):
        seen.extend((a["relationship_id"], b["relationship_id"]) for a, b in pairs)
        return numpy.full(len(pairs), 0.7)

    out = complete_components(kept, data, score_pairs, RecordModelSettings(), 12)
    assert seen == [("r2", "r4")]
    assert len(out) == 3 and {tuple(p) for p in out["pairs"]} >= {("r2", "r4")}
    assert len(complete_components(kept, data, score_pairs, RecordModelSettings(), 2)) == 2


def test_a_100000_row_csv_is_read_with_every_row_accounted_for(tmp_path):
    from linkage.cli_helpers import read_person_csv_checked

    path = tmp_path / "big.csv"
    with open(path, "wb") as f:
        f.write(b"record_id,given_name,family_name,date_of_birth,postcode\n")
        for i in range(100_000):
            if i % 10_000 == 1:
                f.write(b"r%d,Ren\xe9e,Dubois,1990-01-01,LS1 1AA\n" % i)   # not UTF-8
            elif i % 10_000 == 2:
                f.write(b"r1,Dup,Licate,1990-01-01,LS1 1AA\n")              # duplicate id
            elif i % 10_000 == 3:
                f.write(b"r%d,Ann,Lee,March 2002,LS1 1AA\n" % i)             # month and year
            else:
                f.write(b"r%d,Given%d,Family%d,25/03/2002,YO12 5AB\n" % (i, i % 97, i % 89))
    rows, issues = read_person_csv_checked(path)
    assert len(rows) + len(issues.quarantined) == 100_000
    assert len(issues.quarantined) == 20 and not issues.warnings
    assert {q["reason"].split(" (")[0] for q in issues.quarantined} == {
        "duplicate record_id", "bytes that are not UTF-8 in given_name"}
