"""End to end through Airflow: the contract example → `kinscope pipeline run` → ranked networks.

C-1001's mother, maternal grandmother, father and mum's partner must rank above one-off
mentions; the older associate Reece becomes a person shared by both children once a note on
the second child mentions him; a second run of the same export changes nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.testing import temporary_airflow_home

temporary_airflow_home()  # before anything imports Airflow

from pipeline.config import PipelineSettings  # noqa: E402
from pipeline.runner import run_pipeline  # noqa: E402
from ranking.cohorts import shared_connections  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
REECE_NOTE = {
    "note_id": "N-5", "child_id": "C-1001", "event_date": "2024-01-20", "recorded_at": "2024-01-20T12:00:00Z",
    "author_worker_id": "W-77", "note_type": "Home visit", "subject": "Visit",
    "body": "Kayden said Reece Lund picked him up from school in a black car on Friday.",
    "restricted": False, "updated_at": "2024-01-20T12:00:00Z",
}


def network(driver, child_id: str) -> list[dict]:
    records, _, _ = driver.execute_query(
        "MATCH (:Child {child_id: $c})-[n:NETWORK]->(m) "
        "RETURN coalesce(m.person_id, m.address_key, m.place_key, m.organisation_key) AS key, "
        "       coalesce(m.display_name, m.name, m.line) AS name, n.rank AS rank, n.roles AS roles, "
        "       n.sources AS sources, n.evidence_count AS evidence ORDER BY n.rank",
        c=child_id,
    )
    return [r.data() for r in records]


def snapshot(driver) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (c:Child)-[n:NETWORK]->(m) RETURN c.child_id AS c, elementId(m) AS m, n.rank AS rank, "
        "n.rank_score AS score, n.category AS category ORDER BY c, rank"
    )
    return [json.dumps(r.data(), sort_keys=True) for r in records]


@pytest.fixture
def example_with_reece(tmp_path: Path) -> Path:
    export = tmp_path / "example"
    shutil.copytree(EXAMPLE, export, ignore=shutil.ignore_patterns("truth"))
    with (export / "case_notes.jsonl").open("a") as fh:
        fh.write(json.dumps(REECE_NOTE) + "\n")
    return export


def test_pipeline_ranks_every_child_and_a_rerun_changes_nothing(
    clean_graph, driver, ner_model_dir, example_with_reece, tmp_path, monkeypatch
):
    monkeypatch.setenv("KINSCOPE_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("KINSCOPE_NER_MODEL", str(ner_model_dir))
    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", "2024-02-01")
    run = run_pipeline(example_with_reece, settings=PipelineSettings())
    assert run.ok, [(r.dag_id, r.tasks) for r in run.runs]
    assert [r.dag_id for r in run.runs] == ["kinscope_ingest", "kinscope_network"]

    for child in ("C-1001", "C-1002"):
        members = network(driver, child)
        assert members, f"{child} has no network"
        assert [m["rank"] for m in members] == list(range(1, len(members) + 1))

    kayden = network(driver, "C-1001")
    rank_of = {m["name"]: m["rank"] for m in kayden}
    family = [rank_of.get(name) for name in ("Danielle Marsh", "Pat Marsh", "Jonathan Pickering")]
    assert None not in family, rank_of
    dave = [m["rank"] for m in kayden if m["name"] and "Dave" in m["name"]]
    assert dave, rank_of
    one_off = [m["rank"] for m in kayden if m["sources"] == ["mention"] and m["evidence"] == 1
               and not (m["name"] and "Dave" in m["name"])]
    assert one_off, "the example has one-off mentions (e.g. the class teacher)"
    assert max(family + dave) < min(one_off), rank_of

    shared = shared_connections(driver, ["C-1001", "C-1002"])
    assert any("Reece" in str(s) for s in shared), shared
    _restricted_sister_never_reaches_an_outsider(driver)

    before = snapshot(driver)
    again = run_pipeline(example_with_reece, settings=PipelineSettings())
    assert again.ok
    assert snapshot(driver) == before


def _restricted_sister_never_reaches_an_outsider(driver) -> None:
    """On the pipeline's own output: Ellie (C-1002, restricted to Scarborough Safeguarding) is
    Kayden's sister; a MASH user opening Kayden's map, evidence, FGC list and MACE never meets her."""
    import json

    from graph_model import queries
    from graph_model.gateway import Viewer
    from ranking.viewer_network import ecomap_members

    outsider = Viewer("ben", frozenset({"MASH"}), frozenset({"practitioner", "admin"}))
    insider = Viewer("sam", frozenset({"Scarborough Safeguarding"}), frozenset({"practitioner"}))
    assert "C-1002" in json.dumps(ecomap_members(driver, insider, "C-1001"), default=str)  # she is on it for insiders
    members = ecomap_members(driver, outsider, "C-1001")["members"]
    out = [members, queries.fgc_relatives_of_relatives(driver, outsider, "C-1001"),
           queries.mace_shared(driver, outsider, ["C-1001", "C-1002"]),
           queries.find_children(driver, outsider, "Ellie"), queries.find_children(driver, outsider, "Marsh"),
           queries.audit_events(driver, outsider)]
    out += [queries.member_evidence(driver, outsider, "C-1001", m["key"]) for m in members]
    text = json.dumps(out, default=str)
    assert "C-1002" not in text and "Ellie-Mae" not in text
    ranks = sorted(m["rank"] for m in members if m["rank"] is not None)
    assert ranks == list(range(1, len(ranks) + 1))
