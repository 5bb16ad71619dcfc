"""The synthetic council: contract shape, truth consistency, determinism, increments."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from synthetic.council import generate_council
from synthetic.records import COLUMNS, NOTE_KEYS, TRUTH_COLUMNS

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
# the product brief's categories (glossary: a foster carer is a professional relationship, a kinship carer family)
CATEGORIES = {"family", "household", "friend_or_peer", "professional", "community", "associate_or_risk"}


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "generator.json"}


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "full"
    generate_council(out, children=20, seed=7, render_documents=False)
    return out


@pytest.fixture(scope="module")
def inc(full, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "inc"
    generate_council(out, children=20, seed=0, increment_of=full, render_documents=False)
    return out


def test_files_and_columns_follow_the_contract(full):
    for name, cols in COLUMNS.items():
        assert header(full / name) == list(cols), name
        if (EXAMPLE / name).is_file():
            assert header(full / name) == header(EXAMPLE / name), name
    for name, cols in TRUTH_COLUMNS.items():
        if name != "malformed.csv":
            assert header(full / "truth" / name) == list(cols)
    manifest = json.loads((full / "manifest.json").read_text())
    assert manifest["contract_version"] == 1 and manifest["kind"] == "full" and "since" not in manifest
    notes = jsonl(full / "case_notes.jsonl")
    assert notes and all(list(n) == list(NOTE_KEYS) for n in notes)
    assert len(rows(full / "children.csv")) == 20


def test_ids_unique_and_children_referenced_exist(full):
    child_rows = rows(full / "children.csv")
    child_ids = {r["child_id"] for r in child_rows}
    assert len(child_ids) == len(child_rows)
    for name, key in (("significant_adults.csv", "relationship_id"), ("worker_allocations.csv", "allocation_id"),
                      ("documents.csv", "document_id")):
        rs = rows(full / name)
        assert len({r[key] for r in rs}) == len(rs)
        assert {r["child_id"] for r in rs} <= child_ids, name
    notes = jsonl(full / "case_notes.jsonl")
    assert len({n["note_id"] for n in notes}) == len(notes)
    assert {n["child_id"] for n in notes} <= child_ids
    for d in rows(full / "documents.csv"):
        assert (full / "documents" / d["file_name"]).is_file()


def test_every_span_points_at_the_text_it_names(full):
    notes = {n["note_id"]: n["body"] for n in jsonl(full / "case_notes.jsonl")}
    docs = {d["document_id"]: d["text"] for d in jsonl(full / "truth" / "document_texts.jsonl")}
    persons = {r["person_id"]: set(r["surface_forms"].split("|")) for r in rows(full / "truth" / "persons.csv")}
    mentions = jsonl(full / "truth" / "mentions.jsonl")
    assert {m["record_id"] for m in mentions if m["record_type"] == "case_note"} == set(notes)
    assert {m["record_id"] for m in mentions if m["record_type"] == "document"} == set(docs)
    n_spans = 0
    for m in mentions:
        text = notes[m["record_id"]] if m["record_type"] == "case_note" else docs[m["record_id"]]
        for s in m["spans"]:
            assert text[s["start"]:s["end"]] == s["text"], (m["record_id"], s)
            assert s["person_id"] in persons
            assert s["text"] in persons[s["person_id"]]
            n_spans += 1
    assert n_spans > 200
    roles = {s["role"] for m in mentions for s in m["spans"]}
    assert {"mother", None} <= roles


def test_record_truth_and_networks_are_complete(full):
    person_rows = rows(full / "truth" / "persons.csv")
    persons = {r["person_id"] for r in person_rows}
    assert len(persons) == len(person_rows)
    truth = {r["relationship_id"]: r["person_id"] for r in rows(full / "truth" / "record_truth.csv")}
    sa = rows(full / "significant_adults.csv")
    assert {r["relationship_id"] for r in sa} == set(truth)
    assert set(truth.values()) <= persons
    # the same adult is recorded on several children's files
    assert len(set(truth.values())) < len(truth)
    child_ids = {r["child_id"] for r in rows(full / "children.csv")}
    net = rows(full / "truth" / "networks.csv")
    assert {r["person_id"] for r in net} <= persons
    assert {r["child_id"] for r in net} <= child_ids
    assert {r["category"] for r in net} <= CATEGORIES
    assert {r["category"] for r in net if r["role"] == "foster carer"} == {"professional"}
    assert all(r["first_seen"] <= r["last_seen"] and r["role"] for r in net)
    pairs = {(r["child_id"], r["person_id"]) for r in net}
    assert len(pairs) == len(net)
    for r in sa:  # every recorded relationship is in that child's network
        assert (r["child_id"], truth[r["relationship_id"]]) in pairs
    assert {"family", "professional"} <= {r["category"] for r in net}


def test_same_seed_same_files_other_seed_differs(full, tmp_path):
    again = tmp_path / "again"
    generate_council(again, children=20, seed=7, render_documents=False)
    assert digest(again) == digest(full)
    other = tmp_path / "other"
    generate_council(other, children=20, seed=8, render_documents=False)
    assert (other / "case_notes.jsonl").read_bytes() != (full / "case_notes.jsonl").read_bytes()


def test_increment_changes_and_deletes_existing_records(full, inc):
    manifest = json.loads((inc / "manifest.json").read_text())
    base_manifest = json.loads((full / "manifest.json").read_text())
    assert manifest["kind"] == "increment" and manifest["since"] == base_manifest["exported_at"]
    dels = rows(inc / "deletions.csv")
    assert dels, "an increment of 20 children should delete something"
    base_ids = {
        "case_notes": {n["note_id"] for n in jsonl(full / "case_notes.jsonl")},
        "documents": {r["document_id"] for r in rows(full / "documents.csv")},
        "significant_adults": {r["relationship_id"] for r in rows(full / "significant_adults.csv")},
    }
    for d in dels:
        assert d["id"] in base_ids[d["table"]], d
    for name in ("children.csv", "significant_adults.csv", "worker_allocations.csv", "documents.csv"):
        for r in rows(inc / name):
            assert r["updated_at"] > manifest["since"], (name, r)
    new_notes = jsonl(inc / "case_notes.jsonl")
    assert new_notes and all(n["note_id"] not in base_ids["case_notes"] for n in new_notes)
    assert all(n["updated_at"] > manifest["since"] for n in new_notes)
    # truth is the final state: deleted records have no mentions, SA rows map to persons
    deleted = {d["id"] for d in dels}
    mentioned = {m["record_id"] for m in jsonl(inc / "truth" / "mentions.jsonl")}
    assert not (deleted & mentioned)
    assert {n["note_id"] for n in new_notes} <= mentioned
    truth = {r["relationship_id"] for r in rows(inc / "truth" / "record_truth.csv")}
    final_sa = (base_ids["significant_adults"] | {r["relationship_id"] for r in rows(inc / "significant_adults.csv")}) - deleted
    assert truth == final_sa


def test_increment_spans_and_children(full, inc):
    notes = {n["note_id"]: n["body"] for n in jsonl(full / "case_notes.jsonl")}
    notes.update({n["note_id"]: n["body"] for n in jsonl(inc / "case_notes.jsonl")})
    docs = {d["document_id"]: d["text"] for d in jsonl(inc / "truth" / "document_texts.jsonl")}
    for m in jsonl(inc / "truth" / "mentions.jsonl"):
        text = notes[m["record_id"]] if m["record_type"] == "case_note" else docs[m["record_id"]]
        for s in m["spans"]:
            assert text[s["start"]:s["end"]] == s["text"]
    all_children = {r["child_id"] for r in rows(full / "children.csv")} | {r["child_id"] for r in rows(inc / "children.csv")}
    for name in ("significant_adults.csv", "worker_allocations.csv", "documents.csv"):
        assert {r["child_id"] for r in rows(inc / name)} <= all_children


def test_style_subset_is_respected(tmp_path):
    out = tmp_path / "tele"
    generate_council(out, children=6, seed=3, styles=["telegraphic", "bullets"], render_documents=False)
    styles = {m["style"] for m in jsonl(out / "truth" / "mentions.jsonl") if m["record_type"] == "case_note"}
    assert styles <= {"telegraphic", "bullets"} and styles
    with pytest.raises(Exception):
        generate_council(tmp_path / "bad", children=2, seed=3, styles=["no_such_style"])


def test_malformed_rows_are_listed(tmp_path):
    out = tmp_path / "bad"
    summary = generate_council(out, children=4, seed=5, render_documents=False, malformed=True)
    listed = rows(out / "truth" / "malformed.csv")
    assert summary["malformed_rows"] == len(listed) >= 5
    lines = (out / "case_notes.jsonl").read_text(encoding="utf-8").splitlines()
    broken = [r for r in listed if r["file"] == "case_notes.jsonl"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(lines[int(broken[0]["line"]) - 1])


@pytest.mark.slow
def test_documents_render_in_many_formats(tmp_path):
    # No skip: without LibreOffice this fails with its install hint (MissingToolError).
    out = tmp_path / "docs"
    summary = generate_council(out, children=8, seed=11, docs_per_child=(2, 3))
    docs = rows(out / "documents.csv")
    assert docs and all((out / "documents" / d["file_name"]).is_file() for d in docs)
    assert len(summary["documents_by_format"]) >= 3
    assert not list((out / "documents").rglob("*.kinscope-pending-doc*"))
