"""Neo4j killed in the middle of a load and in the middle of resolution, restarted, rerun.

Each stage runs in a subprocess that pauses once it has committed part of its writes (a wrapper
around its batch writer touches a flag file and waits for the test), so the kill always lands
with the graph half-way: some batches committed, the rest not. The test SIGKILLs the session's test server (no
clean shutdown: the store recovers from its transaction log at the next start), waits for the
stage to fail, restarts the server and reruns the stage in-process. Checked:

- the failed load says what happened and what to do, its ``LoadRun`` is never ``completed``,
  the next load marks it ``interrupted``, and the rerun gives the graph a clean load gives;
- the rerun of resolution gives exactly the people, links and record resolutions of an
  uninterrupted run (no half-applied merge or cleared link survives).

Each test restarts the server once (the JVM's start dominates their time); the restarted server
is the session's, stopped by scripts/test.sh as usual.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import wipe_test_graph
from graph_model import server
from graph_model.loader import load_export
from synthetic.council import generate_council

# A JVM restart and two stage runs: about a minute on a quiet machine, many on a loaded one.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]

# Both runners: the stage's driver gives up on the dead server after 1 s of retries instead of the
# default 30 s (the stage still meets a dead server mid-write and must fail as it would after 30 s),
# and the paused stage goes on as soon as the test says the server is dead (`<flag>.go`), not
# after a fixed sleep (at most 120 s, if the test never says so).
FAST_GIVE_UP = textwrap.dedent("""
    import neo4j, pathlib, time
    _driver = neo4j.GraphDatabase.driver
    neo4j.GraphDatabase.driver = staticmethod(
        lambda *a, **kw: _driver(*a, **{"max_transaction_retry_time": 1.0, **kw}))
    def pause_until_killed(flag):
        flag.touch()
        go, deadline = flag.with_suffix(".go"), time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
""")

LOAD_RUNNER = FAST_GIVE_UP + textwrap.dedent("""
    import pathlib, sys, time
    from graph_model import loader
    flag = pathlib.Path(sys.argv[1])
    original = loader.ExportLoader._write
    def write_then_pause(self, statement, rows, **params):
        out = original(self, statement, rows, **params)
        if statement == "load/case_notes" and not flag.exists():  # one batch of notes is committed
            pause_until_killed(flag)  # the test kills Neo4j now
        return out
    loader.ExportLoader._write = write_then_pause
    from kinscope.cli import app
    app(["load", sys.argv[2], "--batch-size", "25", "--report-dir", sys.argv[3]])
""")

RESOLVE_RUNNER = FAST_GIVE_UP + textwrap.dedent("""
    import pathlib, sys, time
    from linkage import stage_resolve
    flag = pathlib.Path(sys.argv[1])
    stage_resolve.child_batches = lambda children: [children[i:i + 3] for i in range(0, len(children), 3)]
    original = stage_resolve.resolve_child_batch
    def resolve_then_pause(driver, batch, database=None):
        out = original(driver, batch, database)
        if not flag.exists():  # one batch of children resolved and committed, the rest and cross-child not
            pause_until_killed(flag)  # the test kills Neo4j now
        return out
    stage_resolve.resolve_child_batch = resolve_then_pause
    from graph_model.connection import open_driver
    from kinscope.errors import KinscopeError
    from kinscope.settings import get_settings
    try:
        with open_driver(get_settings()) as driver:
            stage_resolve.resolve_people(driver, progress=False)
    except KinscopeError as exc:  # as the CLI and the pipeline's tasks report it
        print("error:", exc)
        sys.exit(2)
""")



def start_paused(script: str, *args: str, flag: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, str(flag), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 180
    while not flag.exists():
        if proc.poll() is not None:
            pytest.fail(f"the stage ended before it reached the pause (exit {proc.returncode}):\n{proc.stdout.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the stage never reached the pause")
        time.sleep(0.1)
    return proc


def kill_neo4j_and_wait(settings, proc: subprocess.Popen, flag: Path) -> tuple[int, str]:
    """SIGKILL the server, let the paused stage run into the dead server, return its exit and output."""
    pid = server.status(settings).pid
    assert pid, "the test server is not running"
    os.kill(pid, signal.SIGKILL)
    while server.status(settings).running:
        time.sleep(0.1)
    flag.with_suffix(".go").touch()  # the stage goes on, into the dead server
    try:
        out, _ = proc.communicate(timeout=240)  # the driver retries for 1 s (FAST_GIVE_UP), then gives up
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode, out


def restart(settings, driver) -> None:
    server.start(settings)
    driver.verify_connectivity()


def q(driver, query: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query, **params)
    return [r.data() for r in records]


def data_counts(driver) -> dict:
    """Nodes per label and relationships per type, the load's own bookkeeping left out."""
    labels = q(driver, "MATCH (n) WHERE NOT n:LoadRun AND NOT n:QuarantineItem "
                       "UNWIND labels(n) AS l RETURN l, count(*) AS n ORDER BY l")
    rels = q(driver, "MATCH (a)-[r]->() WHERE NOT a:LoadRun RETURN type(r) AS t, count(*) AS n ORDER BY t")
    return {"labels": labels, "rels": rels}


@pytest.fixture
def embedded(require_embedded_server, settings, driver):
    yield settings
    if not server.status(settings).running:  # a failed test must not leave the session without its server
        restart(settings, driver)


def test_load_killed_mid_way_then_rerun(embedded, driver, tmp_path):
    settings = embedded
    export = tmp_path / "export"
    generate_council(export, children=30, seed=5, render_documents=False)
    wipe_test_graph(driver)
    proc = start_paused(LOAD_RUNNER, str(export), str(tmp_path / "killed"), flag=tmp_path / "paused")
    code, out = kill_neo4j_and_wait(settings, proc, tmp_path / "paused")

    assert code != 0
    assert "Neo4j stopped answering" in out and "case_notes" in out, out
    assert "run the same load again" in " ".join(out.split()), out
    assert "Traceback" not in out, out
    restart(settings, driver)
    runs = q(driver, "MATCH (r:LoadRun) RETURN r.run_id AS id, r.status AS status")
    assert [r["status"] for r in runs] == ["running"]  # never 'completed': nothing takes it as loaded
    killed = runs[0]["id"]
    notes = q(driver, "MATCH (n:CaseNote) RETURN count(n) AS n")[0]["n"]
    expected_notes = sum(1 for _ in (export / "case_notes.jsonl").open())
    assert 0 < notes < expected_notes  # the kill landed half-way

    report = load_export(driver, export, report_dir=tmp_path / "rerun", batch_size=25, settings=settings)
    assert report.fatal is None
    status = {r["id"]: r for r in q(driver, "MATCH (r:LoadRun) RETURN r.run_id AS id, r.status AS status, "
                                            "r.interrupted_noticed_by AS by")}
    assert status[killed]["status"] == "interrupted" and status[killed]["by"] == report.run_id
    assert status[report.run_id]["status"] == "completed"
    after_rerun = data_counts(driver)

    wipe_test_graph(driver)
    load_export(driver, export, report_dir=tmp_path / "clean", batch_size=25, settings=settings)
    assert after_rerun == data_counts(driver)


def people(driver) -> dict:
    """What resolution decided: every mention's referent, every record's person, every person's names."""
    return {
        "links": q(driver, """MATCH (m:Mention) OPTIONAL MATCH (m)-[r:REFERS_TO]->(t)
                              RETURN m.mention_id AS m, coalesce(t.person_id, t.address_key, t.place_key,
                                     t.organisation_key) AS t, r.method AS how ORDER BY m, t"""),
        "records": q(driver, """MATCH (r:AdultRecord) OPTIONAL MATCH (r)-[:RESOLVED_TO]->(p)
                                RETURN r.relationship_id AS r, p.person_id AS p ORDER BY r, p"""),
        "persons": q(driver, """MATCH (p:Person) WHERE NOT p:Child AND NOT p:Worker
                                RETURN p.person_id AS id, p.display_name AS name ORDER BY id"""),
        "counts": data_counts(driver),
    }


def loaded_with_mentions(driver, export: Path, tmp_path: Path, settings) -> None:
    from extraction.pipeline import build_pipeline
    from extraction.stage_mentions import extract_record_mentions
    from extraction.stage_text import extract_document_texts

    wipe_test_graph(driver)
    load_export(driver, export, report_dir=tmp_path / f"load-{time.time_ns()}", settings=settings)
    extract_document_texts(driver, progress=False)
    extract_record_mentions(driver, build_pipeline(rules_only=True), progress=False)


def test_resolution_killed_mid_way_then_rerun(embedded, driver, tmp_path):
    from linkage.stage_resolve import resolve_people

    settings = embedded
    export = tmp_path / "export"
    generate_council(export, children=8, seed=8, render_documents=False)
    loaded_with_mentions(driver, export, tmp_path, settings)
    resolve_people(driver, progress=False)
    uninterrupted = people(driver)
    assert any(r["t"] for r in uninterrupted["links"]), "the export gave resolution nothing to link"

    loaded_with_mentions(driver, export, tmp_path, settings)
    proc = start_paused(RESOLVE_RUNNER, flag=tmp_path / "paused")
    code, out = kill_neo4j_and_wait(settings, proc, tmp_path / "paused")
    assert code != 0, out
    assert "Neo4j stopped answering during resolution" in out and "run resolution again" in " ".join(out.split()), out
    assert "Traceback" not in out, out
    restart(settings, driver)
    half = people(driver)
    linked = sum(1 for r in half["links"] if r["t"])
    assert 0 < linked < sum(1 for r in uninterrupted["links"] if r["t"])  # the kill landed half-way

    resolve_people(driver, progress=False)
    assert people(driver) == uninterrupted
