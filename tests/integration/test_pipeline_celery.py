"""The distributed deployment: the contract example through Postgres + Redis + a Celery worker.

`scripts/celery_stack.sh` starts a throw-away deployment (its state in a temporary folder,
ports from KINSCOPE_CELERY_*); `kinscope pipeline run --executor celery` runs the same DAGs on
it as a user would. The graph it leaves must be the one the in-process run (`dag.test()`)
leaves: the same children, and for each the same network members, ranks and categories.
The stack starts in the background while the in-process run goes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import wipe_test_graph

from pipeline.testing import temporary_airflow_home

temporary_airflow_home()  # before anything imports Airflow (the in-process run)

from pipeline.config import PipelineSettings  # noqa: E402
from pipeline.runner import run_pipeline  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "contract" / "example"
STACK = ROOT / "scripts" / "celery_stack.sh"


def graph_result(driver) -> dict:
    """Children and their ranked networks, by names and properties (ids differ between runs)."""
    children, _, _ = driver.execute_query("MATCH (c:Child) RETURN c.child_id AS c ORDER BY c")
    members, _, _ = driver.execute_query(
        "MATCH (c:Child)-[n:NETWORK]->(m) "
        "RETURN c.child_id AS child, n.rank AS rank, labels(m) AS labels, "
        "       coalesce(m.display_name, m.name, m.line, m.address_key) AS name, n.category AS category, "
        "       n.roles AS roles, n.sources AS sources, n.evidence_count AS evidence "
        "ORDER BY child, rank")
    return {"children": [r["c"] for r in children], "networks": [r.data() for r in members]}


@pytest.fixture
def stack_env(settings, ner_model_dir: Path) -> dict[str, str]:
    """What the workers start with: a fresh deployment folder and inbox, the test's Neo4j.

    Under the test server's home, not pytest's temporary folders: those are shared by every
    pytest process on the machine, which deletes old ones while this deployment still runs.
    """
    home = Path(settings.home).resolve() / "celery-test"
    shutil.rmtree(home, ignore_errors=True)
    return {**os.environ,
            "KINSCOPE_CELERY_HOME": str(home / "stack"),
            # one worker process with two task slots: the scheduling of two workers (a mapped
            # task's instances side by side, a sensor beside a task) without a second worker's start-up
            "KINSCOPE_CELERY_WORKERS": "1",
            "KINSCOPE_CELERY_WORKER_CONCURRENCY": "2",
            "KINSCOPE_INBOX": str(home / "inbox"),
            "KINSCOPE_NER_MODEL": str(ner_model_dir),
            "KINSCOPE_RANK_AS_OF": "2024-02-01",
            # the scheduler's next inbox sensor must not compete with the run for the 2 task slots
            "KINSCOPE_INBOX_POKE_INTERVAL_S": "600"}


@pytest.fixture
def celery_stack(stack_env):
    """Start the deployment in the background; yields a function that waits until it is up."""
    starting = subprocess.Popen([str(STACK), "start"], env=stack_env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def wait_until_up() -> None:
        output, _ = starting.communicate(timeout=600)
        assert starting.returncode == 0, f"celery_stack.sh start failed:\n{output}"
        assert "stack: up" in output, output

    try:
        yield wait_until_up
    finally:
        if starting.poll() is None:
            starting.kill()
            starting.wait()
        subprocess.run([str(STACK), "stop"], env=stack_env, check=False, timeout=180)


def test_celery_deployment_builds_the_graph_the_in_process_run_builds(
    clean_graph, driver, celery_stack, stack_env, ner_model_dir, tmp_path, monkeypatch
):
    export = tmp_path / "example"
    shutil.copytree(EXAMPLE, export, ignore=shutil.ignore_patterns("truth"))

    monkeypatch.setenv("KINSCOPE_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("KINSCOPE_NER_MODEL", str(ner_model_dir))
    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", "2024-02-01")
    local = run_pipeline(export, settings=PipelineSettings())
    assert local.ok, [(r.dag_id, r.tasks) for r in local.runs]
    expected = graph_result(driver)
    assert expected["children"] == ["C-1001", "C-1002"] and expected["networks"]

    wipe_test_graph(driver)
    celery_stack()
    proc = subprocess.run(
        ["uv", "run", "--frozen", "kinscope", "pipeline", "run", "--executor", "celery",
         "--export", str(export), "--json"],
        env=stack_env, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    assert [r["dag_id"] for r in summary["runs"]] == ["kinscope_ingest", "kinscope_network"]
    assert all(r["state"] == "success" for r in summary["runs"]), summary["runs"]
    assert "Celery deployment up: 1 worker(s)" in proc.stderr, proc.stderr[-2000:]
    assert graph_result(driver) == expected
