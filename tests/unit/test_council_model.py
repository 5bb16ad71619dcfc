"""The council's answers as training data (linkage.training_data.decision_pairs) and the refit of
the record model on them (linkage.council_model.refit): one label per pair, the latest answer
winning, 'unsure' none; a labelled pair's score moves towards its label; the council's weight
is capped and recorded with the sources."""

from __future__ import annotations

import json
import random

import pytest

from linkage import comparisons
from linkage.council_model import CouncilModelSettings, effective_weight, fingerprint, refit
from linkage.settings import RecordModelSettings
from linkage.training_data import decision_pairs, prepare

GIVEN = ["Amelia", "Oliver", "Isla", "Jack", "Ava", "Harry", "Mia", "George", "Ivy", "Noah", "Rosie", "Leo"]
FAMILY = ["Walker", "Hughes", "Patel", "Nowak", "Okafor", "Begum", "Evans", "Clarke", "Shaw", "Reid"]


def _row(kind, a, b, at):
    return {"kind": kind, "decided_at": at, "record_1": a, "record_2": b}


def _rec(rid, given, family, dob, **kw):
    return {"relationship_id": rid, "child_id": "C-" + rid, "given_name": given, "family_name": family,
            "date_of_birth": dob, **kw}


def test_one_label_per_pair_latest_answer_wins_unsure_is_none():
    a, b, c = _rec("R-1", "Ann", "Lee", "1980-01-02"), _rec("R-2", "Anne", "Lee", None), _rec("R-3", "Bo", "Ng", "1970-05-05")
    rows = [_row("confirm_merge", a, b, "2026-01-01"), _row("split", b, a, "2026-02-01"),  # changed mind
            _row("unsure", a, c, "2026-02-02"), _row("split", c, c, "2026-02-03"), _row("risk", a, b, "2026-02-04"),
            _row("confirm_merge", c, b, "2026-03-01")]
    pairs = decision_pairs(rows)
    assert [[r["relationship_id"] for r in p] for p in pairs["distinct"]] == [["R-1", "R-2"]]
    assert [[r["relationship_id"] for r in p] for p in pairs["match"]] == [["R-2", "R-3"]]
    assert "date_of_birth" not in pairs["distinct"][0][1]  # blanks left out, like the shipped pairs


def test_council_weight_is_capped_and_the_fingerprint_follows_labels_base_and_weight():
    s = CouncilModelSettings(label_weight=20.0, max_share=0.5)
    assert effective_weight(8000, 10, s) == 20.0
    assert effective_weight(100, 50, s) == pytest.approx(2.0)  # 50 labels never outweigh 100 shipped pairs
    assert effective_weight(100, 0, s) == 0.0
    labels = {"match": [[{"relationship_id": "R-1"}, {"relationship_id": "R-2"}]], "distinct": []}
    fp = fingerprint(labels, "adult_records-x", 20.0)
    assert fp == fingerprint(json.loads(json.dumps(labels)), "adult_records-x", 20.0)
    assert len({fp, fingerprint(labels, "adult_records-y", 20.0), fingerprint(labels, "adult_records-x", 5.0),
                fingerprint({"match": [], "distinct": labels["match"]}, "adult_records-x", 20.0)}) == 4


def _shipped(path):
    """A small shipped training file: a person's two records with a typo agree, strangers do not."""
    rng = random.Random(3)
    match, distinct = [], []
    for i in range(60):
        g, f = rng.choice(GIVEN), rng.choice(FAMILY)
        dob = f"19{rng.randint(60, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        a = _rec(f"S-{i}a", g, f, dob, postcode="AB1 2CD")
        b = _rec(f"S-{i}b", g[:-1] + "e", f, dob, postcode="AB1 2CD")
        # a stranger, or a relative at the same address (another given name and date of birth)
        other = _rec(f"S-{i}c", rng.choice([n for n in GIVEN if n != g]), f if i % 2 else rng.choice(FAMILY),
                     f"20{rng.randint(0, 9):02d}-11-2{rng.randint(0, 8)}", postcode="AB1 2CD" if i % 2 else None)
        match.append([a, b])
        distinct.append([a, other])
    path.write_text(json.dumps({"match": match, "distinct": distinct}))
    return path


class _Model:
    """The parts of a dedupe matcher a refit touches: its data model and classifier."""

    def __init__(self, settings: RecordModelSettings):
        import dedupe

        deduper = dedupe.Dedupe(comparisons.build_variables(settings.comparisons), in_memory=True)
        self.data_model, self.classifier = deduper.data_model, deduper.classifier

    def score(self, pairs):
        return self.classifier.predict_proba(self.data_model.distances([(prepare(a), prepare(b)) for a, b in pairs]))[:, 1]


def test_a_refit_moves_labelled_pairs_towards_their_labels(tmp_path):
    settings = CouncilModelSettings(record_model=RecordModelSettings(training_file=_shipped(tmp_path / "pairs.json"),
                                                                     model_dir=tmp_path))
    model, _ = refit(_Model(settings.record_model), {"match": [], "distinct": []}, settings)
    # the council's own patterns: a date of birth keyed wrongly on one record of a person...
    same = [[_rec(f"K-{i}a", g, "Walker", "1980-03-04", postcode="LS1 1AA"),
             _rec(f"K-{i}b", g, "Walker", "1987-11-21", postcode="LS1 1AA")] for i, g in enumerate(GIVEN[:6])]
    # ... and twins: one family name, date of birth and postcode, two given names
    apart = [[_rec(f"H-{i}a", g, "Begum", "2010-02-02", postcode="B1 1AA"),
              _rec(f"H-{i}b", h, "Begum", "2010-02-02", postcode="B1 1AA")]
             for i, (g, h) in enumerate(zip(GIVEN[6:], GIVEN[:6]))]
    before_same, before_apart = model.score(same).mean(), model.score(apart).mean()
    model, sources = refit(model, {"match": same[:4], "distinct": apart[:4]}, settings)
    assert model.score(same).mean() > before_same + 0.05
    assert model.score(apart).mean() < before_apart - 0.05
    assert sources[0]["pairs"] == {"match": 60, "distinct": 60} and sources[0]["weight_per_pair"] == 1.0
    council = sources[1]
    assert council["pairs"] == {"match": 4, "distinct": 4} and council["weight_per_pair"] == 15.0  # 0.5 share cap
