"""The real-text evaluator: overlap scoring on a tiny hand-made passage, loading, the CLI."""

from __future__ import annotations

import json

import pytest

from extraction.evaluate_real_text import (load_passages, map_label, predicted_spans, score,
                                           text_sha256)

TEXT = "Child M's father took her to the flat in Kelderby. Saturday was quiet."
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123456789


def _ann(text, sub, label, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return {"start": i, "end": i + len(sub), "label": label, "text": sub}


PASSAGE = {"id": "t-1", "style": "review", "split": "dev", "text": TEXT, "annotations": [
    _ann(TEXT, "Child M's father", "ROLE"), _ann(TEXT, "Child M", "PERSON"),
    _ann(TEXT, "the flat", "PLACE"), _ann(TEXT, "Kelderby", "PLACE")]}


def _span(sub, label):
    i = TEXT.index(sub)
    return (i, i + len(sub), label)


def test_overlap_scoring_by_label_and_people():
    pred = [_span("father", "ROLE"),        # overlaps the gold ROLE
            _span("Kelderby", "PERSON"),     # a town taken for a person
            _span("Saturday", "PERSON"),     # a weekday taken for a person
            _span("flat", "PLACE")]          # overlaps "the flat"
    r = score([PASSAGE], [pred])
    assert r["labels"]["ROLE"] == {"recall": 1.0, "precision": 1.0, "f1": 1.0, "gold": 1, "predicted": 1}
    assert r["labels"]["PERSON"]["recall"] == 0.0 and r["labels"]["PERSON"]["precision"] == 0.0
    assert r["labels"]["PLACE"]["recall"] == 0.5 and r["labels"]["PLACE"]["precision"] == 1.0
    # people: gold ROLE "Child M's father" and PERSON "Child M" are both overlapped by "father"?
    # "father" overlaps the ROLE only; "Child M" is missed -> 1 of 2
    assert r["people_found"] == 0.5
    assert r["people_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert r["not_people_share"] == 1.0           # both predicted PERSON spans are not people
    assert r["by_style"]["review"]["passages"] == 1


def test_person_ish_labels_are_interchangeable_for_people_found():
    pred = [_span("Child M", "ROLE")]   # a PERSON found as ROLE still finds the person
    r = score([PASSAGE], [pred], with_errors=True)
    assert r["people_found"] == 1.0     # overlaps both the PERSON and the ROLE gold span
    assert r["labels"]["PERSON"]["recall"] == 0.0
    assert {e["text"] for e in r["errors"] if e["kind"] == "missed"} == {"the flat", "Kelderby"}


def test_label_mapping():
    assert map_label("ADDRESS") == "PLACE" and map_label("PLACE") == "PLACE" and map_label("SETTING") == "PLACE"
    assert map_label("ORG", "Riverside Academy") == "PLACE"
    assert map_label("ORG", "Children's Services") is None
    assert map_label("DATE") is None and map_label("GROUP") == "GROUP"
    spans = predicted_spans([{"start": 0, "end": 3, "label": "ORG", "text": "NHS"},
                             {"start": 4, "end": 9, "label": "PERSON", "text": "Jo"}])
    assert spans == [(4, 9, "PERSON")]


def test_nested_same_label_is_flattened():
    t = "mum's new partner"
    p = {"id": "n", "text": t, "annotations": [{"start": 0, "end": len(t), "label": "ROLE"},
                                               {"start": 0, "end": 3, "label": "ROLE"}]}
    assert score([p], [[]])["labels"]["ROLE"]["gold"] == 1


def test_load_passages_filters_split_and_checks_offsets(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(PASSAGE), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps([{**PASSAGE, "id": "t-2", "split": "heldout"}]), encoding="utf-8")
    assert [p["id"] for p in load_passages(tmp_path, "dev")] == ["t-1"]
    assert [p["id"] for p in load_passages(tmp_path, "all")] == ["t-1", "t-2"]
    bad = {**PASSAGE, "id": "t-3", "annotations": [{"start": 0, "end": 4, "label": "PERSON", "text": "Adam"}]}
    (tmp_path / "c.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError):
        load_passages(tmp_path)
    assert len(text_sha256(TEXT)) == 64


def test_cli_evaluate_real_text(tmp_path):
    from typer.testing import CliRunner

    from kinscope.cli import app

    (tmp_path / "a.json").write_text(json.dumps(PASSAGE), encoding="utf-8")
    res = CliRunner().invoke(app, ["evaluate", "real-text", str(tmp_path), "--split", "dev",
                                   "--format", "json", "--rules-only"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["passages"] == 1 and 0.0 <= report["people_found"] <= 1.0


def test_real_text_index_round_trip(tmp_path):
    from extraction.real_text_index import build_index, check, find_in_page, restore

    (tmp_path / "a.json").write_text(json.dumps({**PASSAGE, "source": "https://example.org/r"}), encoding="utf-8")
    index = build_index(tmp_path)
    entry = index["passages"][0]
    assert "text" not in json.dumps(entry["annotations"]) and entry["length"] == len(TEXT)
    assert check(tmp_path, index) == []
    page = "Header text. " + TEXT + " Footer."
    assert find_in_page(page, entry) == TEXT and find_in_page("nothing", entry) is None
    assert restore(entry, TEXT)["annotations"][0]["text"] == "Child M's father"
    with pytest.raises(ValueError):
        restore(entry, TEXT + " ")
    (tmp_path / "a.json").write_text(json.dumps({**PASSAGE, "source": "s", "part": "ext3"}), encoding="utf-8")
    marked = build_index(tmp_path)["passages"][0]
    assert marked["part"] == "ext3" and restore(marked, TEXT)["part"] == "ext3"
    assert "part" not in entry


def test_refill_writes_the_passages_a_saved_page_holds(tmp_path):
    from extraction.real_text_index import build_index, check, main

    src = tmp_path / "src"
    src.mkdir()
    (src / "rt-1.json").write_text(json.dumps({**PASSAGE, "id": "rt-1", "source": "https://example.org/r"}),
                                   encoding="utf-8")
    index_path = tmp_path / "index.json"
    index_path.write_text(json.dumps(build_index(src)), encoding="utf-8")
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"address": "https://example.org/r", "excerpt": "Intro. " + TEXT + " End."}),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert main(["refill", str(page), str(out), str(index_path)]) == 0
    assert check(out, json.loads(index_path.read_text(encoding="utf-8"))) == []
    page.write_text(json.dumps("a page whose text has changed"), encoding="utf-8")
    assert main(["refill", str(page), str(tmp_path / "none"), str(index_path)]) == 1


def test_committed_real_text_index_has_no_text():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "evaluation_sets" / "real_text_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    assert len(index["passages"]) >= 40
    assert {p["split"] for p in index["passages"]} == {"dev", "heldout"}
    for p in index["passages"]:
        assert set(p) - {"part"} == {"id", "style", "split", "source", "length", "sha256", "annotations"}
        assert all(set(a) == {"start", "end", "label"} for a in p["annotations"])


def test_cli_evaluation_without_a_model_is_an_error_not_a_rules_only_score(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kinscope.cli import app

    (tmp_path / "a.json").write_text(json.dumps(PASSAGE), encoding="utf-8")
    monkeypatch.setenv("KINSCOPE_NER_MODEL", str(tmp_path / "no-model-here"))
    res = CliRunner().invoke(app, ["evaluate", "real-text", str(tmp_path), "--split", "dev"])
    assert res.exit_code == 2
    assert "no trained model" in res.output and "--rules-only" in res.output
