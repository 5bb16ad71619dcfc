"""Fixtures for tests that write to the graph."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def unavailable(message: str) -> None:
    """Something a test needs is missing: skip on a developer's machine, FAIL in CI (CI=true),
    so a pipeline can never pass by silently skipping what it should have tested."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def wipe_test_graph(driver) -> None:
    """Empty the graph and apply the schema — only on a server marked as a test server.

    `scripts/test.sh` (the README's test command) runs a throw-away server and sets
    KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1; without it these tests refuse to touch the graph,
    so a developer's demo data is never deleted by accident.
    """
    if os.environ.get("KINSCOPE_TEST_GRAPH_MAY_BE_WIPED") != "1":
        unavailable("graph-writing tests need the test server: run `make test` (scripts/test.sh)")
    from graph_model.schema import apply_schema

    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an auto-commit transaction
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(driver)


@pytest.fixture
def clean_graph(driver):
    """An empty graph with the schema applied (see `wipe_test_graph`)."""
    wipe_test_graph(driver)
    yield driver


@pytest.fixture(scope="module")
def app_graph_ids(driver) -> dict:
    """The app's test graph (tests/integration/app_graph.py), built once per module."""
    import app_graph

    wipe_test_graph(driver)
    ids = app_graph.build(driver)
    driver.execute_query("CALL db.awaitIndexes(60)")
    return ids


@pytest.fixture(scope="module")
def clean_graph_module(driver):
    """An empty graph with the schema applied, once per module (see `wipe_test_graph`)."""
    wipe_test_graph(driver)
    yield driver


@pytest.fixture(scope="module")
def restricted_graph_driver(driver):
    """The restricted-everywhere graph (tests/integration/restricted_graph.py), built once per module."""
    import restricted_graph

    wipe_test_graph(driver)
    restricted_graph.build(driver)
    return driver


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium for the browser tests (never a downloaded browser)."""
    path = "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable(f"no {path}: install Debian's chromium (scripts/install_system_deps.sh)")
    return path


@pytest.fixture(scope="session")
def axe_core() -> Path:
    """axe-core from npm, pinned in tests/browser/package-lock.json (scripts/test.sh installs it)."""
    path = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        unavailable(f"{path} missing: run `npm ci --prefix tests/browser --no-audit --no-fund`")
    return path


@pytest.fixture(scope="session")
def require_embedded_server(settings):
    """Tests of `kinscope neo4j start|stop|status` need the server that command started."""
    from graph_model import server

    status = server.status(settings)
    if not status.running:
        unavailable("the server under test is not the embedded one started by `kinscope neo4j start`")
    return status


@pytest.fixture(scope="session")
def ner_model_dir(settings, tmp_path_factory) -> Path:
    """The project's trained NER when there is one, else (CI) a tiny one trained once per session.

    Set KINSCOPE_TEST_TRAIN_TINY_NER=1 to force the tiny model (as CI has it).
    """
    if os.environ.get("KINSCOPE_TEST_TRAIN_TINY_NER") != "1":
        for path in (Path(settings.home) / "models" / "ner", ROOT / ".kinscope" / "models" / "ner"):
            if (path / "config.cfg").is_file() and (path / "meta.json").is_file():
                return path
    from extraction.training import train_ner
    from synthetic.council import generate_council

    tmp = tmp_path_factory.mktemp("tiny-ner")
    return train_ner(tmp / "ner", children=12, max_steps=120, eval_frequency=60,
                     work_dir=tmp / "work", verbose=False, generate_council=generate_council)
