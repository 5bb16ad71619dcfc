"""The one way an evaluation empties the graph: refused unless the caller allowed it.

An evaluation loads an export into an empty graph, so it deletes everything first. That is
allowed by ``--wipe`` or ``KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1`` (the settings tree's
``test_graph_may_be_wiped``; ``scripts/test.sh`` sets it for the test server).
"""

from __future__ import annotations

from graph_model.cypher import cypher

WIPE_ENV = "KINSCOPE_TEST_GRAPH_MAY_BE_WIPED"


class WipeRefused(RuntimeError):
    pass


def check_wipe_allowed(wipe: bool, settings=None) -> None:
    """Raise :class:`WipeRefused` unless ``wipe`` or the settings allow wiping the graph."""
    if wipe:
        return
    if settings is None:
        from kinscope.settings import settings_from_environment

        settings = settings_from_environment()
    if not settings.test_graph_may_be_wiped:
        raise WipeRefused("kinscope eval deletes everything in the configured graph before loading the "
                          f"export: pass --wipe (or set {WIPE_ENV}=1) to allow it, and point NEO4J_URI / "
                          "KINSCOPE_NEO4J_BOLT_PORT at a graph you can lose")


def wipe_graph(driver, *, wipe: bool = False, settings=None) -> None:
    """Delete every node and relationship, after :func:`check_wipe_allowed`."""
    check_wipe_allowed(wipe, settings)
    with driver.session() as s:
        s.run(cypher("eval/wipe_relationships")).consume()
        s.run(cypher("eval/wipe_graph")).consume()
