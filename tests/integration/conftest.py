"""Fixtures for tests that write to the graph."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_graph(driver):
    """An empty graph with the schema applied. Only on a server marked as a test server.

    `scripts/test.sh` (the README's test command) runs a throw-away server and sets
    KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1; without it these tests refuse to touch the graph,
    so a developer's demo data is never deleted by accident.
    """
    if os.environ.get("KINSCOPE_TEST_GRAPH_MAY_BE_WIPED") != "1":
        message = "graph-writing tests need the test server: run `make test` (scripts/test.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from graph_model.schema import apply_schema

    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an auto-commit transaction
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(driver)
    yield driver


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

    tmp = tmp_path_factory.mktemp("tiny-ner")
    return train_ner(tmp / "ner", children=12, max_steps=120, eval_frequency=60,
                     work_dir=tmp / "work", verbose=False)
