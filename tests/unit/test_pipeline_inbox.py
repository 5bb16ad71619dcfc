"""Inbox discovery, markers and ordering (no Neo4j, no Airflow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.runner import place_in_inbox

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"


def _export(inbox: Path, name: str, exported_at: str, kind: str = "full") -> Path:
    folder = inbox / name
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(
        {"contract_version": 1, "source_system": "t", "exported_at": exported_at, "kind": kind}))
    return folder


def test_discovery_orders_by_export_time_and_skips_hidden_incomplete_and_done(tmp_path):
    _export(tmp_path, "b-full", "2024-01-01T00:00:00Z")
    _export(tmp_path, "a-increment", "2024-02-01T00:00:00Z", kind="increment")
    _export(tmp_path, ".incoming-c", "2023-01-01T00:00:00Z")
    (tmp_path / "arriving").mkdir()  # no manifest yet
    done = _export(tmp_path, "old", "2022-01-01T00:00:00Z")
    (done / ingest.MARKER).write_text(json.dumps({"published_at": "2024-01-01"}))
    assert [p.name for p in ingest.find_new_exports(tmp_path)] == ["b-full", "a-increment"]


def test_loaded_but_unpublished_export_is_found_again(tmp_path):
    folder = _export(tmp_path, "x", "2024-01-01T00:00:00Z")
    (folder / ingest.MARKER).write_text(json.dumps({"load_run_id": "r1"}))
    assert [p.name for p in ingest.find_new_exports(tmp_path)] == ["x"]
    assert ingest.load_one(str(folder))["status"] == "already_loaded"  # no load, no Neo4j needed


def test_unreadable_manifest_is_listed_so_its_load_fails_loudly(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text("{not json")
    [found] = ingest.find_new_exports(tmp_path)
    assert found.problem


def test_a_load_waits_for_earlier_exports(tmp_path):
    first = _export(tmp_path, "a", "2024-01-01T00:00:00Z")
    second = _export(tmp_path, "b", "2024-02-01T00:00:00Z", kind="increment")
    with pytest.raises(ingest.EarlierExportPending, match="a"):
        ingest.load_one(str(second), ordered=[str(first), str(second)])


def test_missing_inbox_is_empty(tmp_path):
    assert ingest.find_new_exports(tmp_path / "nope") == []


def test_place_in_inbox_is_atomic_and_idempotent(tmp_path):
    inbox = tmp_path / "inbox"
    first = place_in_inbox(EXAMPLE, inbox)
    assert (first / "manifest.json").is_file() and first.name.startswith("example-")
    assert place_in_inbox(EXAMPLE, inbox) == first
    assert [p.name for p in inbox.iterdir()] == [first.name]  # no .incoming-* left behind
    changed = tmp_path / "example"
    shutil.copytree(EXAMPLE, changed)
    (changed / "children.csv").write_text((changed / "children.csv").read_text() + "\n")
    assert place_in_inbox(changed, inbox) != first
