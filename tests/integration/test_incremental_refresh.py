"""Incremental refresh equals a full load of the final state; a failed network run, re-run, equals a clean run.

A small synthetic council (`synthetic.council`, 12 children, documents as .txt) and an
increment of it (changed and new rows, new notes and documents, deletions):

* **increment = full**: the real DAGs (`dag.test()`: ingest, then the network DAG with its
  extraction mapped over small batches) on the full export and then on the increment give the
  same graph as the library stages run directly on the *final state* export
  (`helpers_exports.final_state_export`) in a wiped graph: the same persons (with the records
  and mentions they are resolved from), mentions (record, offsets, label, what they refer to),
  NETWORK edges (child → member key, category, roles, first/last seen, evidence) and ranks
  (rank equal, rank_score within 1e-6). Both rank as of the same day (`KINSCOPE_RANK_AS_OF`).
* **failure and re-run**: the network DAG fails on purpose — a mention batch after other
  batches wrote their mentions, then entity resolution after it wrote part of its links, then
  ranking after the networks were rebuilt — all while processing an increment — and
  a re-run leaves the graph equal to a clean run: nothing duplicated, nothing missing.
* **daily re-ranking**: `kinscope_rerank` ranks every child again as of a later day.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.testing import temporary_airflow_home

AIRFLOW = temporary_airflow_home()  # before anything imports Airflow

from helpers_exports import final_state_export  # noqa: E402

from pipeline import airflow_home  # noqa: E402
from pipeline.neo4j_conn import ENV_VAR, connection_fields  # noqa: E402
from pipeline.runner import INGEST_DAG_ID, NETWORK_DAG_ID, run_dag  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEED = 11
CHILDREN = 12
AS_OF = "2024-07-15"  # after the increment's export date: both runs rank on the same day
NO_WAIT = {"wait_for_exports": False}
SCORE_TOLERANCE = 1e-6


# ------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module", autouse=True)
def _logging_to_live_stderr():
    """Another test's CliRunner may have left structlog printing to a closed stream."""
    from kinscope.logs import configure_logging

    configure_logging("INFO")


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> dict[str, Path]:
    from synthetic.council import generate_council

    root = tmp_path_factory.mktemp("council")
    generate_council(root / "full", children=CHILDREN, seed=SEED, render_documents=False)
    generate_council(root / "increment", children=CHILDREN, seed=SEED, increment_of=root / "full",
                     render_documents=False)
    final_state_export(root / "full", root / "increment", root / "final")
    return {"full": root / "full", "increment": root / "increment", "final": root / "final"}


@pytest.fixture
def pipeline_env(clean_graph, settings, tmp_path, monkeypatch, ner_model_dir):
    """Migrated Airflow home, a temporary inbox, `neo4j_default` from the test settings, a fixed
    ranking date, small extraction batches (several mapped instances), fast retries, and the NER
    model (the pipeline refuses to extract mentions without one)."""
    airflow_home.migrate(AIRFLOW)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("KINSCOPE_INBOX", str(inbox))
    monkeypatch.setenv("KINSCOPE_PIPELINE_RETRIES", "1")
    monkeypatch.setenv("KINSCOPE_PIPELINE_RETRY_DELAY_S", "1")
    monkeypatch.setenv("KINSCOPE_EXTRACTION_BATCH_SIZE", "40")
    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", AS_OF)
    monkeypatch.setenv("KINSCOPE_NER_MODEL", str(ner_model_dir))
    monkeypatch.setenv(ENV_VAR, json.dumps(connection_fields(settings)))
    return inbox


# ------------------------------------------------------------------------------ helpers

def wipe(driver) -> None:
    from graph_model.schema import apply_schema

    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(driver)


def run_dags(inbox: Path, export: Path, name: str) -> list:
    """Drop an export in the inbox and run ingest, then the network DAG (as the Asset would)."""
    shutil.copytree(export, inbox / name)
    ingest = run_dag(INGEST_DAG_ID, NO_WAIT)
    assert ingest.state == "success", ingest.tasks
    assert ingest.tasks["publish_structured_graph"] == "success"
    network = run_dag(NETWORK_DAG_ID)
    return [ingest, network]


def run_stages_directly(driver, gds, export: Path, report_dir: Path) -> None:
    """The library stages, unbatched, without Airflow (what the DAG tasks call)."""
    from extraction.stage_mentions import extract_record_mentions
    from extraction.stage_text import extract_document_texts
    from graph_model.loader import load_export
    from linkage.stage_resolve import resolve_people
    from pipeline.config import PipelineSettings
    from ranking.cohorts import analyse_cohorts
    from ranking.materialise import materialise_networks
    from ranking.rank import rank_networks

    load_export(driver, export, report_dir=report_dir, settings=PipelineSettings())
    extract_document_texts(driver, progress=False)
    extract_record_mentions(driver, progress=False)
    resolve_people(driver, progress=False)
    materialise_networks(driver)
    rank_networks(driver, gds)
    analyse_cohorts(driver, gds)


def snapshot(driver) -> dict:
    """The derived graph, keyed by source ids (no element ids, no timestamps)."""
    def rows(query: str) -> list[dict]:
        records, _, _ = driver.execute_query(query)
        return [r.data() for r in records]

    persons = rows("""
        MATCH (p:Person) WHERE NOT p:Child AND NOT p:Worker
        OPTIONAL MATCH (r:AdultRecord)-[:RESOLVED_TO]->(p)
        WITH p, collect(DISTINCT r.relationship_id) AS records
        OPTIONAL MATCH (m:Mention)-[:REFERS_TO]->(p)
        RETURN p.person_id AS person_id, p.origin AS origin, p.display_name AS display_name,
               p.roles AS roles, records, collect(DISTINCT m.mention_id) AS mentions""")
    mentions = rows("""
        MATCH (m:Mention)-[:IN]->(r)
        OPTIONAL MATCH (m)-[ref:REFERS_TO]->(t)
        RETURN m.record_type AS record_type, m.record_id AS record_id, m.start AS start, m.end AS end,
               m.label AS label, m.text AS text, m.resolution AS resolution,
               collect(coalesce(t.person_id, t.address_key, t.place_key, t.organisation_key)) AS refers_to,
               coalesce(r.note_id, r.document_id) = m.record_id AS in_its_record""")
    edges = rows("""
        MATCH (c:Child)-[n:NETWORK]->(t)
        RETURN c.child_id AS child_id, n.target_key AS member, n.target_kind AS kind,
               n.category AS category, n.roles AS roles, toString(n.first_seen) AS first_seen,
               toString(n.last_seen) AS last_seen, n.evidence_count AS evidence_count,
               n.sources AS sources, n.rank AS rank, n.rank_score AS rank_score""")
    lives_at = rows("""
        MATCH (p)-[l:LIVES_AT]->(a:Address)
        RETURN coalesce(p.child_id, p.person_id) AS resident, a.address_key AS address,
               toString(l.first_seen) AS first_seen, toString(l.last_seen) AS last_seen""")
    return {
        "lives_at": {(x["resident"], x["address"]): x for x in lives_at},
        "persons": {p["person_id"]: {**p, "records": sorted(p["records"]), "mentions": sorted(p["mentions"]),
                                     "roles": sorted(p["roles"] or [])} for p in persons},
        "mentions": {(m["record_type"], m["record_id"], m["start"], m["end"], m["label"]):
                     {**m, "refers_to": sorted(m["refers_to"])} for m in mentions},
        "edges": {(e["child_id"], e["member"]): e for e in edges},
        "counts": {"persons": len(persons), "mentions": len(mentions), "edges": len(edges)},
    }


def _diff(got: dict, want: dict) -> dict:
    return {"missing": {k: want[k] for k in sorted(set(want) - set(got), key=str)},
            "extra": {k: got[k] for k in sorted(set(got) - set(want), key=str)},
            "different": {k: (got[k], want[k]) for k in sorted(set(got) & set(want), key=str)
                          if got[k] != want[k]}}


def assert_same_graph(got: dict, want: dict) -> None:
    for part in ("persons", "mentions", "lives_at"):
        assert got[part] == want[part], (part, _diff(got[part], want[part]))
    assert set(got["edges"]) == set(want["edges"]), _diff(got["edges"], want["edges"])
    strip = ("rank", "rank_score")
    # the score at each rank of each child: two members whose scores tie (within the tolerance) may
    # swap ranks -- PageRank's float noise depends on the order nodes were created in
    score_at = {(e["child_id"], e["rank"]): e["rank_score"] for e in want["edges"].values()}
    for key, edge in want["edges"].items():
        other = got["edges"][key]
        assert {k: v for k, v in other.items() if k not in strip} == \
            {k: v for k, v in edge.items() if k not in strip}, key
        assert other["rank_score"] == pytest.approx(edge["rank_score"], abs=SCORE_TOLERANCE), key
        assert other["rank"] == edge["rank"] or score_at.get((other["child_id"], other["rank"])) == \
            pytest.approx(edge["rank_score"], abs=SCORE_TOLERANCE), (key, other["rank"], edge["rank"])


def duplicates(driver) -> dict:
    records, _, _ = driver.execute_query("""
        CALL () { MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(r) AS c WHERE c > 1
                  RETURN count(*) AS rels }
        CALL () { MATCH (m:Mention) WITH m.mention_id AS id, count(*) AS c WHERE c > 1
                  RETURN count(*) AS mentions }
        CALL () { MATCH (p:Person) WITH p.person_id AS id, count(*) AS c WHERE c > 1
                  RETURN count(*) AS persons }
        RETURN rels, mentions, persons""")
    return records[0].data()


def pending(driver) -> dict:
    from pipeline.network import backlog

    out = backlog()
    out.pop("documents_file_missing", None)
    return {k: v for k, v in out.items() if k.endswith(("pending", "stale")) and v}


# ------------------------------------------------------------------------------ tests

def test_full_then_increment_equals_full_load_of_the_final_state(pipeline_env, driver, gds, council, tmp_path):
    runs = run_dags(pipeline_env, council["full"], "full")
    network = runs[1]
    assert network.state == "success", network.tasks
    mapped = [t for t in network.tasks if t.startswith(("document_text[", "mention_extraction["))]
    assert len([t for t in mapped if t.startswith("mention_extraction[")]) >= 3  # batches of 40
    runs = run_dags(pipeline_env, council["increment"], "increment")
    assert runs[1].state == "success", runs[1].tasks
    assert pending(driver) == {}
    incremental = snapshot(driver)
    assert incremental["counts"]["edges"] > 0 and duplicates(driver) == {"rels": 0, "mentions": 0, "persons": 0}

    wipe(driver)
    run_stages_directly(driver, gds, council["final"], tmp_path / "reports")
    assert pending(driver) == {}
    final = snapshot(driver)
    assert_same_graph(incremental, final)


def test_a_failed_network_run_rerun_equals_a_clean_run(pipeline_env, driver, gds, council, monkeypatch):
    import extraction.stage_mentions as stage_mentions
    import linkage.write_back as write_back
    import ranking.rank as rank

    # clean run: the export and its increment through both DAGs (one ingest run loads both,
    # in order), no failure; batches of 40 like the full run below (the batch size changes no
    # result: the first test's batched DAGs equal the unbatched stages)
    shutil.copytree(council["full"], pipeline_env / "clean-full")
    assert run_dags(pipeline_env, council["increment"], "clean-increment")[1].state == "success"
    clean = snapshot(driver)
    wipe(driver)

    assert run_dags(pipeline_env, council["full"], "full")[1].state == "success"
    shutil.copytree(council["increment"], pipeline_env / "increment")
    assert run_dag(INGEST_DAG_ID, NO_WAIT).state == "success"
    # small batches only where the failures are injected: the increment's network runs (each
    # mapped batch is an Airflow task of its own)
    monkeypatch.setenv("KINSCOPE_EXTRACTION_BATCH_SIZE", "10")  # the increment: several batches

    # 1. the third mention batch dies (every try) after the first two wrote their mentions
    real_extract = stage_mentions.extract_many
    calls = []

    def flaky_extract(*args, **kwargs):
        calls.append(1)
        if len(calls) >= 3:
            raise RuntimeError("injected failure: mention worker killed")
        return real_extract(*args, **kwargs)

    before, _, _ = driver.execute_query(
        "MATCH (r) WHERE r.extraction_status = 'pending' RETURN count(r) AS n")
    with monkeypatch.context() as m:
        m.setattr(stage_mentions, "extract_many", flaky_extract)
        failed = run_dag(NETWORK_DAG_ID)
    assert failed.state == "failed"
    assert "failed" in {s for t, s in failed.tasks.items() if t.startswith("mention_extraction[")}
    assert failed.tasks["entity_resolution"] == "upstream_failed"
    after, _, _ = driver.execute_query(
        "MATCH (r) WHERE r.extraction_status = 'pending' RETURN count(r) AS n")
    assert 0 < after[0]["n"] < before[0]["n"]  # part of the work was written

    # 2. entity resolution dies after writing persons and clearing links, half-way through new links
    real_write = write_back.write_batches

    def dying_write(driver_, name, rows, database=None, batch=write_back.BATCH):
        if name == "resolution/refers_to_person":
            real_write(driver_, name, rows[: len(rows) // 2], database, batch)
            raise RuntimeError("injected failure: resolution killed half-way through its links")
        return real_write(driver_, name, rows, database, batch)

    with monkeypatch.context() as m:
        m.setattr(write_back, "write_batches", dying_write)
        failed = run_dag(NETWORK_DAG_ID)
    assert failed.state == "failed"
    assert "failed" in {s for t, s in failed.tasks.items() if t.startswith("child_resolution[")}
    assert failed.tasks["network_ranking"] == "upstream_failed"

    # 3. the ranking task dies after the networks were rebuilt, before they were ranked
    def no_ranking(*args, **kwargs):
        raise RuntimeError("injected failure: GDS unavailable")

    with monkeypatch.context() as m:
        m.setattr(rank, "rank_networks", no_ranking)
        failed = run_dag(NETWORK_DAG_ID)
    assert failed.state == "failed" and failed.tasks["network_ranking"] == "failed"

    # the re-run finishes the work: the graph equals the clean run's
    rerun = run_dag(NETWORK_DAG_ID)
    assert rerun.state == "success", rerun.tasks
    assert pending(driver) == {}
    assert duplicates(driver) == {"rels": 0, "mentions": 0, "persons": 0}
    assert_same_graph(snapshot(driver), clean)

    # and once more: nothing left to do, nothing changes
    again = run_dag(NETWORK_DAG_ID)
    assert again.state == "success"
    assert again.outputs["network_ranking"]["materialised"]["children"] == 0
    assert_same_graph(snapshot(driver), clean)


def test_daily_rerank_ranks_every_child_as_of_the_new_day(pipeline_env, driver, monkeypatch):
    example = Path(__file__).resolve().parents[2] / "docs" / "contract" / "example"
    assert run_dags(pipeline_env, example, "example")[1].state == "success"
    before = snapshot(driver)["edges"]

    monkeypatch.setenv("KINSCOPE_RANK_AS_OF", "2026-07-15")  # a year later: recency decayed
    run = run_dag("kinscope_rerank")
    assert run.state == "success", run.tasks
    ranked = run.outputs["rerank_all_children"]["ranked"]
    children, _, _ = driver.execute_query(
        "MATCH (c:Child) WHERE (c)-[:NETWORK]->() RETURN collect(toString(c.network_ranked_as_of)) AS d")
    assert ranked["children"] == len(children[0]["d"]) > 0 and ranked["as_of"] == "2026-07-15"
    assert set(children[0]["d"]) == {"2026-07-15"}
    after = snapshot(driver)["edges"]
    assert set(after) == set(before)  # the same edges, ranked again
    assert any(after[k]["rank_score"] != before[k]["rank_score"] for k in before)
