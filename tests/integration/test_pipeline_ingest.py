"""The ingest DAG for real: `dag.test()` against the test Neo4j, with a throw-away AIRFLOW_HOME.

Loads a copy of docs/contract/example from a temporary inbox, checks the graph, runs again
(nothing changes), and fails tasks on purpose — during a load, and between the load and the
Asset update — then re-runs and checks that the graph is complete and nothing is duplicated.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.testing import temporary_airflow_home

AIRFLOW = temporary_airflow_home()  # before anything imports Airflow

from pipeline import airflow_home, ingest  # noqa: E402
from pipeline.config import PipelineSettings  # noqa: E402
from pipeline.neo4j_conn import ENV_VAR, connection_fields  # noqa: E402
from pipeline.runner import INGEST_DAG_ID, run_dag  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
NO_WAIT = {"wait_for_exports": False}

def graph_state(driver, *, document_hashes: bool = True) -> dict:
    """What the data graph says, without per-load bookkeeping (LoadRun, QuarantineItem).

    `document_hashes=False`: the loader hashes a document's absolute file path into its
    content_hash, so the same export delivered in another folder re-marks its documents.
    """
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:QuarantineItem "
        "RETURN [l IN labels(n) | l] AS labels, count(*) AS n, "
        "       collect(coalesce(n.content_hash, '')) AS hashes ORDER BY labels"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT type(r) = 'REJECTED' AND NOT a:LoadRun "
        "RETURN type(r) AS type, count(*) AS n ORDER BY type"
    )
    return {
        "nodes": {
            "|".join(sorted(r["labels"])):
                (r["n"], sorted(r["hashes"]) if document_hashes or "Document" not in r["labels"] else None)
            for r in nodes
        },
        "rels": {r["type"]: r["n"] for r in rels},
    }


def duplicated_relationships(driver) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(r) AS c WHERE c > 1 RETURN count(*) AS dup"
    )
    return records[0]["dup"]


def counts(driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (c:Child) RETURN count(c) AS children } "
        "CALL () { MATCH (n:CaseNote) RETURN count(n) AS notes } RETURN children, notes"
    )
    return records[0]["children"], records[0]["notes"]


@pytest.fixture(scope="module", autouse=True)
def _logging_to_live_stderr():
    """Another test's CliRunner may have left structlog printing to a closed stream."""
    from kinscope.logs import configure_logging

    configure_logging("INFO")


@pytest.fixture(scope="module")
def migrated(_logging_to_live_stderr):
    airflow_home.migrate(AIRFLOW)
    return AIRFLOW


@pytest.fixture
def pipeline_env(migrated, clean_graph, settings, tmp_path, monkeypatch):
    """A temporary inbox and KINSCOPE_HOME for reports; `neo4j_default` from the test settings."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("KINSCOPE_INBOX", str(inbox))
    monkeypatch.setenv("KINSCOPE_PIPELINE_RETRIES", "1")
    monkeypatch.setenv("KINSCOPE_PIPELINE_RETRY_DELAY_S", "1")
    monkeypatch.setenv(ENV_VAR, json.dumps(connection_fields(settings)))
    return inbox


def drop(inbox: Path, name: str = "example") -> Path:
    target = inbox / name
    shutil.copytree(EXAMPLE, target)
    return target


def test_ingest_loads_the_example_and_a_rerun_changes_nothing(pipeline_env, driver):
    folder = drop(pipeline_env)
    run = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert run.state == "success", run.tasks
    assert run.tasks["load_export[0]"] == "success"
    assert run.tasks["publish_structured_graph"] == "success"
    assert run.outputs["publish_structured_graph"]["exports_loaded"] == ["example"]
    assert counts(driver) == (2, 4)
    marker = ingest.read_marker(folder)
    assert marker["airflow_run_id"] == run.run_id and marker["published_at"]
    state = graph_state(driver)
    state_without_document_hashes = graph_state(driver, document_hashes=False)

    again = run_dag(INGEST_DAG_ID, NO_WAIT)  # nothing new in the inbox
    assert again.state == "success"
    assert again.outputs["wait_for_exports"] == []
    assert again.tasks["publish_structured_graph"] == "skipped"  # no Asset event
    assert graph_state(driver) == state

    (folder / ingest.MARKER).unlink()  # as if a run died after the load, before its marker
    third = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert third.state == "success" and third.outputs["load_export[0]"]["status"] == "loaded"
    assert graph_state(driver) == state

    drop(pipeline_env, "example-redelivered")  # the same export delivered twice
    fourth = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert fourth.state == "success" and fourth.tasks["load_export[0]"] == "success"
    assert counts(driver) == (2, 4)
    assert graph_state(driver, document_hashes=False) == state_without_document_hashes
    assert duplicated_relationships(driver) == 0


def test_a_failure_during_the_load_then_a_rerun_leaves_the_graph_complete(pipeline_env, driver, monkeypatch):
    from graph_model.loader import ExportLoader

    folder = drop(pipeline_env)

    def crash(self):  # after every table was written, before deletions and the report
        raise RuntimeError("injected failure: worker killed during the load")

    with monkeypatch.context() as m:
        m.setattr(ExportLoader, "apply_deletions", crash)
        failed = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert failed.state == "failed"
    assert failed.tasks["load_export[0]"] == "failed"  # after its retry
    assert failed.tasks["publish_structured_graph"] == "upstream_failed"
    assert ingest.read_marker(folder) is None  # not marked: the next run loads it again

    rerun = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert rerun.state == "success", rerun.tasks
    assert counts(driver) == (2, 4)
    assert duplicated_relationships(driver) == 0
    state = graph_state(driver)

    # Complete: loading the export once more, directly, adds nothing.
    from graph_model.loader import load_export

    load_export(driver, folder, report_dir=pipeline_env.parent / "direct", settings=PipelineSettings())
    assert graph_state(driver) == state


def test_a_transient_failure_is_retried_within_the_run(pipeline_env, driver, monkeypatch):
    from graph_model.loader import ExportLoader

    drop(pipeline_env)
    real = ExportLoader.apply_deletions
    calls = []

    def flaky(self):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("injected transient failure")
        return real(self)

    monkeypatch.setattr(ExportLoader, "apply_deletions", flaky)
    run = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert run.state == "success", run.tasks
    assert len(calls) == 2
    assert counts(driver) == (2, 4)
    assert duplicated_relationships(driver) == 0


def test_a_failure_between_load_and_asset_update_is_recovered(pipeline_env, driver, monkeypatch):
    folder = drop(pipeline_env)

    def crash(results, outlet_event):
        raise RuntimeError("injected failure: killed before the Asset update")

    with monkeypatch.context() as m:
        m.setattr(ingest, "publish", crash)
        failed = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert failed.state == "failed"
    assert failed.tasks["load_export[0]"] == "success"
    marker = ingest.read_marker(folder)
    assert marker and not marker.get("published_at")
    state = graph_state(driver)

    rerun = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert rerun.state == "success", rerun.tasks
    assert rerun.outputs["load_export[0]"]["status"] == "already_loaded"  # not loaded twice
    assert rerun.outputs["publish_structured_graph"]["exports_skipped"] == ["example"]
    assert ingest.read_marker(folder)["published_at"]
    assert graph_state(driver) == state
