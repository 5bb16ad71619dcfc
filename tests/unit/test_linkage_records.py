"""Record linkage end to end on synthetic councils: train on one seed, resolve another."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest

from evaluation.record_linkage import linkage_metrics
from linkage.records import (Cluster, Member, explain_pair, label_interactively, link_adult_records,
                             link_components, load_model, person_id_for, resolve_adult_records, train_model)
from linkage.settings import BlockingSettings, RecordModelSettings
from linkage.training_data import read_adults, read_record_truth, training_pairs

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
TRAIN_SEED, EVAL_SEED = 11, 12


def _export(root: Path, seed: int, children: int) -> Path:
    from synthetic.council import generate_council

    out = root / f"export-{seed}"
    generate_council(out, children=children, seed=seed, render_documents=False,
                     notes_per_child=(0, 0), docs_per_child=(0, 0))
    return out


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("linkage")
    train_export = _export(root, TRAIN_SEED, 200)
    pairs = training_pairs(read_adults(train_export), read_record_truth(train_export),
                           seed=TRAIN_SEED)
    training_file = root / "training.json"
    training_file.write_text(json.dumps(pairs))
    settings = RecordModelSettings(training_file=training_file, model_dir=root / "models",
                                   blocking=BlockingSettings(forest_samples=200))
    model = train_model(settings)
    return settings, model, root


@pytest.fixture(scope="module")
def held_out(trained):
    _, _, root = trained
    export = _export(root, EVAL_SEED, 150)
    return read_adults(export), read_record_truth(export)


def test_resolves_held_out_seed(trained, held_out):
    settings, model, _ = trained
    records, truth = held_out
    clusters = resolve_adult_records(records, model=model, settings=settings)
    seen = [m.relationship_id for c in clusters for m in c.members]
    assert sorted(seen) == sorted(r["relationship_id"] for r in records)  # each exactly once
    assert len(seen) == len(set(seen))
    for c in clusters:
        assert c.method == "dedupe"
        assert c.person_id == person_id_for(c.relationship_ids)
        for m in c.members:
            assert 0.0 <= m.confidence <= 1.0
    predicted = {m.relationship_id: c.person_id for c in clusters for m in c.members}
    metrics = linkage_metrics(predicted, truth)
    assert metrics.pairwise_f1 >= 0.9, metrics
    assert metrics.duplicates_left <= 0.05, metrics


def test_link_components_join_records_through_pairs_and_persons():
    comps = link_components([("R-10", "R-2"), ("R-2", "R-7"), ("R-30", "R-31")],
                            [Cluster("P-R-7", [Member("R-7", 1.0), Member("R-40", 0.5)]),
                             Cluster("P-R-9", [Member("R-9", 1.0)])])
    assert comps == {"R-10": "R-2", "R-2": "R-2", "R-7": "R-2", "R-40": "R-2",
                     "R-30": "R-30", "R-31": "R-30", "R-9": "R-9"}
    assert link_components([], []) == {}


def test_linking_whole_components_alone_gives_the_persons_of_the_whole_file(trained, held_out):
    """What an increment relies on: the records of some link components, linked with the whole
    file's statistics, fall into the persons they fall into when the whole file is linked."""
    settings, model, _ = trained
    records, _ = held_out
    whole = link_adult_records(records, model=model, settings=settings)
    person = whole.cluster_of()
    assert set(whole.components) == set(person)
    members: dict[str, list[str]] = {}
    for rid, comp in whole.components.items():
        members.setdefault(comp, []).append(rid)
        assert whole.components[person[rid].removeprefix("P-")] == comp  # a person lies in one component
    joined = sorted((c for c in members.values() if len(c) > 1), key=len, reverse=True)
    assert len(joined) >= 10
    chosen = {rid for comp in joined[::3] for rid in comp}
    part = link_adult_records([r for r in records if r["relationship_id"] in chosen], model=model,
                              settings=settings, statistics=whole.statistics)
    assert {r: p for r, p in part.cluster_of().items()} == {r: person[r] for r in chosen}
    assert part.components == {r: whole.components[r] for r in chosen}


def test_settings_are_saved_and_reload(trained, held_out):
    settings, model, _ = trained
    path = settings.settings_path()
    assert path.is_file() and path.parent == settings.model_dir
    static = load_model(path)
    records, _ = held_out
    subset = records[:120]
    a = {m.relationship_id: c.person_id
         for c in resolve_adult_records(subset, model=model, settings=settings) for m in c.members}
    b = {m.relationship_id: c.person_id
         for c in resolve_adult_records(subset, model=static, settings=settings) for m in c.members}
    assert a == b


def _example_records() -> list[dict]:
    with open(EXAMPLE / "significant_adults.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_contract_example_danielle_is_one_person(trained):
    settings, model, _ = trained
    resolution = link_adult_records(_example_records(), model=model, settings=settings)
    where = resolution.cluster_of()
    assert where["R-1"] == where["R-2"]          # despite the transposed date of birth
    assert len({where["R-1"], where["R-3"], where["R-4"]}) == 3
    reasons = {r["comparison"]: r for r in explain_pair(*_example_records()[:2])}
    assert reasons["date of birth (partial, transposed)"]["verdict"] == "partial"
    assert reasons["address"]["verdict"] == "agree"    # "14 Filey Road" / "14 Filey Rd"
    assert reasons["phone"]["verdict"] == "agree"      # "07700 900123" / "07700900123"


def test_person_ref_is_evidence_not_an_override(trained):
    settings, model, _ = trained
    records = [
        {"relationship_id": "A-1", "child_id": "C-1", "person_ref": "PR1", "given_name": "Jon",
         "family_name": "Pickering", "date_of_birth": "1990-07-21", "gender": "Male",
         "relationship": "Father"},
        {"relationship_id": "A-2", "child_id": "C-2", "person_ref": "PR1",
         "given_name": "Margaret", "family_name": "Osei", "date_of_birth": "1951-03-02",
         "gender": "Female", "relationship": "Maternal Grandmother",
         "address_line": "9 Mill Lane", "postcode": "EF1 2AB"},
        {"relationship_id": "A-3", "child_id": "C-3", "given_name": "Jonathan",
         "family_name": "Pickering", "date_of_birth": "1990-07-21", "gender": "M",
         "relationship": "Dad"},
    ]
    where = {m.relationship_id: c.person_id
             for c in resolve_adult_records(records, model=model, settings=settings)
             for m in c.members}
    assert where["A-1"] == where["A-3"]   # nickname Jon/Jonathan, no shared ref needed
    assert where["A-1"] != where["A-2"]   # a shared person_ref alone does not merge


def test_generic_person_csv_columns(trained):
    """`kinscope link` input: record_id and a subset of columns, others absent."""
    settings, model, _ = trained
    records = [{"record_id": "1", "given_name": "Danielle", "family_name": "Marsh",
                "date_of_birth": "1993-02-11", "postcode": "YO12 5AB"},
               {"record_id": "2", "given_name": "Danielle", "family_name": "Marsh",
                "date_of_birth": "1993-11-02", "postcode": "yo125ab"},
               {"record_id": "3", "given_name": "Peter", "family_name": "Hollis"}]
    clusters = resolve_adult_records(records, model=model, settings=settings)
    assert sorted(len(c.members) for c in clusters) == [1, 2]


def test_empty_and_single_inputs(trained):
    settings, model, _ = trained
    assert resolve_adult_records([], model=model, settings=settings) == []
    [only] = resolve_adult_records([{"relationship_id": "R-9"}], model=model, settings=settings)
    assert only.relationship_ids == ["R-9"] and only.members[0].confidence == 1.0
    with pytest.raises(ValueError):
        resolve_adult_records([{"relationship_id": "R-1"}, {"relationship_id": "R-1"}],
                              model=model, settings=settings)


def test_label_interactively_round_trips_labels(trained, held_out, monkeypatch):
    import dedupe

    settings, _, root = trained
    records, _ = held_out
    labelled = []

    def fake_console_label(deduper):
        a, b = records[0], records[1]
        deduper.mark_pairs({"match": [], "distinct": [(deduper_record(a), deduper_record(b))]})
        labelled.append(True)

    from linkage.training_data import prepare as deduper_record

    monkeypatch.setattr(dedupe, "console_label", fake_console_label)
    path = root / "council-training.json"
    path.write_text(settings.training_file.read_text())
    before = json.loads(path.read_text())
    label_interactively(records[:200], path, settings=replace(settings, model_dir=root / "m2"),
                        train_after=False)
    after = json.loads(path.read_text())
    assert labelled
    assert len(after["distinct"]) == len(before["distinct"]) + 1
    assert len(after["match"]) == len(before["match"])
