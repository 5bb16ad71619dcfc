"""Tests on a kept graph of >= 1M case notes (`bench/app_scale.py build`), never in the default suite.

They read the graph a benchmark built and never write to it, so they do not use the test
server: they run only when ``KINSCOPE_SCALE_BOLT_PORT`` names the server holding that graph
(``KINSCOPE_SCALE_HOME`` its state directory, default ``.kinscope/hload-1m``, for the password);
without it nothing here is collected. ``make test-scale`` starts that server and runs them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kinscope.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SCALE_PORT = os.environ.get("KINSCOPE_SCALE_BOLT_PORT")

if not SCALE_PORT:
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def scale_driver():
    """A driver on the kept >= 1M-note graph (read only), checked to be that big."""
    import neo4j

    home = Path(os.environ.get("KINSCOPE_SCALE_HOME") or ROOT / ".kinscope" / "hload-1m")
    settings = Settings(home=home, neo4j_bolt_port=int(SCALE_PORT))
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri,
                                        auth=(settings.neo4j_user, settings.resolved_neo4j_password()))
    driver.verify_connectivity()
    notes, _, _ = driver.execute_query("MATCH (n:CaseNote) RETURN count(n) AS n", database_=settings.neo4j_database)
    if notes[0]["n"] < 1_000_000:
        driver.close()
        pytest.fail(f"the graph on port {SCALE_PORT} holds {notes[0]['n']:,} case notes: build the >= 1M-note "
                    "graph with bench/app_scale.py build", pytrace=False)
    yield driver, settings.neo4j_database
    driver.close()
