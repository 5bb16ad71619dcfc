"""``kinscope label`` (the review queue in a terminal) on the restricted-everywhere graph, with a
scripted stdin: the labeller sees only pairs whose two records are on children they may see,
in the order of dedupe's uncertain-pair sampling (``graph_model.review_sampling``); y / n / u store the same decisions as the app (decided_by the labeller),
a bad key asks again, f finishes; ``--retrain`` refits the council's record model in the home
and says so."""

from __future__ import annotations

import json
import logging

import app_graph
import pytest
import restricted_graph as rg
from typer.testing import CliRunner

from dashboards.auth import add_user
from graph_model import decisions as dm
from graph_model.gateway import Viewer
from graph_model.review_sampling import uncertain_order, user_seed
from kinscope.cli import app
from linkage import council_model

pytestmark = pytest.mark.integration
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

SAM = Viewer("sam", frozenset({rg.SECRET_TEAM, rg.ANYA_TEAM}), frozenset({"practitioner"}))


@pytest.fixture(scope="module")
def graph(restricted_graph_driver):
    driver = restricted_graph_driver
    driver.execute_query("""
    MATCH (c86:Child {child_id: 'C-86'}), (c87:Child {child_id: 'C-87'})
    CREATE (:SourceRecord:AdultRecord {record_key: 'significant_adults:R-86X', relationship_id: 'R-86X',
            child_id: 'C-86', given_name: 'Marta', family_name: 'Dudova', relationship: 'Mother',
            date_of_birth: '1985-01-02'})-[:RECORDED_FOR]->(c86)
    CREATE (:SourceRecord:AdultRecord {record_key: 'significant_adults:R-87Y', relationship_id: 'R-87Y',
            child_id: 'C-87', given_name: 'Marta', family_name: 'Nowak', relationship: 'Aunt',
            date_of_birth: '1979-05-06'})-[:RECORDED_FOR]->(c87)""")
    # pairs on visible children only (0.3, 0.45) and touching the restricted child (0.5, 0.7)
    app_graph.add_possibly_same(driver, [("R-86M", "R-86X", 0.3), ("R-86X", "R-87Y", 0.45),
                                         ("R-85M", "R-86M", 0.5), ("R-85F", "R-86X", 0.7)])
    return driver


@pytest.fixture()
def clean_decisions(graph):
    yield graph
    graph.execute_query("MATCH (d:PractitionerDecision) WHERE d.decided_by IN ['ben', 'sam'] DETACH DELETE d")
    graph.execute_query("MATCH (e:AuditEvent {action: 'change'}) WHERE e.user IN ['ben', 'sam'] DETACH DELETE e")


def _invoke(args: list[str], stdin: str, monkeypatch, tmp_path, users: bool = True):
    users_file = tmp_path / "users.toml"
    if users:
        add_user(users_file, "sam", "sam-test-pass", teams=[rg.SECRET_TEAM, rg.ANYA_TEAM], roles=["practitioner"])
        add_user(users_file, "ada", "ada-test-pass", teams=[rg.SECRET_TEAM], roles=["admin"])
    monkeypatch.setenv("KINSCOPE_USERS_FILE", str(users_file))
    monkeypatch.setenv("KINSCOPE_APP_ENV", "dev")
    return CliRunner().invoke(app, ["label", *args], input=stdin)


def _label(args: list[str], stdin: str, monkeypatch, tmp_path, users: bool = True):
    result = _invoke(args, stdin, monkeypatch, tmp_path, users)
    assert result.exit_code == 0, result.output
    return result.output, json.loads(result.output[result.output.rindex('{\n  "user"'):])


def test_an_outsider_labels_only_pairs_on_children_they_may_see(clean_decisions, monkeypatch, tmp_path):
    graph = clean_decisions
    # ben is no app user: a practitioner of no team
    out, summary = _label(["--as", "ben"], "maybe\nn\ny\n", monkeypatch, tmp_path)
    assert not rg.leaks(out), out
    # the pair dedupe's sampling offers ben first, then the other
    first = _offered([0.45, 0.3], "ben")
    assert out.index(f"score {first:.2f}") < out.index(f"score {0.75 - first:.2f}")
    assert "Please answer y, n, u or f." in out
    assert "Marta Dudova" in out and "Disagree: date of birth" in out
    assert summary == {"user": "ben", "answered": {"not_same": 1, "same": 1}, "left": 0}
    stored = {(r["kind"], r["by"]) for r in graph.execute_query(
        "MATCH (d:PractitionerDecision) WHERE d.decided_by = 'ben' RETURN d.kind AS kind, d.decided_by AS by").records}
    assert stored == {("split", "ben"), ("confirm_merge", "ben")}
    # the restricted pairs are still there for someone who may see them
    assert dm.review_pairs(graph, SAM)["total"] == 2


def test_an_insider_answers_then_retrains_the_council_model(clean_decisions, monkeypatch, tmp_path):
    graph = clean_decisions
    home_dir = council_model.CouncilModelSettings().directory()
    before = council_model.read_metadata(home_dir)
    out, summary = _label(["--as", "sam", "--retrain"], "u\nn\nf\n", monkeypatch, tmp_path)
    assert "R-85M" in out  # sam's team sees the restricted child's records
    assert summary["answered"] == {"unsure": 1, "not_same": 1} and summary["left"] == 2
    # dedupe's sampling, popped one pair at a time: of the two kept apart at or above the threshold
    # (0.7, 0.5) one first; after each answer the sampler draws again from the pairs left
    queue = {0.7: ("R-85F", "R-86X"), 0.5: ("R-85M", "R-86M"), 0.45: ("R-86X", "R-87Y"), 0.3: ("R-86M", "R-86X")}
    first = _offered(list(queue), "sam")
    second = _offered([s for s in queue if s != first], "sam")
    assert first in (0.7, 0.5) and out.index(f"score {first:.2f}") < out.index(f"score {second:.2f}")
    by = {(r["kind"], r["target"]) for r in graph.execute_query(
        "MATCH (d:PractitionerDecision {decided_by: 'sam'}) RETURN d.kind AS kind, d.target_id AS target").records}
    assert by == {("unsure", queue[first][0]), ("split", queue[second][1])}
    model = summary["record_model"]
    assert model["model"] == "council" and model["council_labels"] == 1  # 'unsure' is no label
    assert model["labels"] == {"match": 0, "distinct": 1} and model["retrained"] is True
    meta = council_model.read_metadata(home_dir)
    assert meta["version"] == model["version"] != (before or {}).get("version")
    assert meta["sources"][1]["pairs"] == {"match": 0, "distinct": 1} and meta["sources"][1]["weight_per_pair"] > 1
    # the same labels again: the stored model, not a new version
    again, report = council_model.model_for_run(graph)
    assert again is not None and report["version"] == model["version"] and report["retrained"] is False


def test_end_of_input_finishes_and_nothing_is_stored(clean_decisions, monkeypatch, tmp_path):
    out, summary = _label(["--as", "ben"], "", monkeypatch, tmp_path, users=False)
    assert summary["answered"] == {} and summary["left"] == 2
    assert clean_decisions.execute_query("MATCH (d:PractitionerDecision {decided_by: 'ben'}) RETURN count(d) AS n"
                                         ).records[0]["n"] == 0


def test_an_app_user_who_is_no_practitioner_is_refused_before_any_pair(clean_decisions, monkeypatch, tmp_path):
    result = _invoke(["--as", "ada"], "y\ny\n", monkeypatch, tmp_path)
    assert result.exit_code == 2 and "no practitioner" in result.output and "Pair 1" not in result.output


def _offered(scores: list[float], user: str) -> float:
    """The score of the pair the review queue offers ``user`` first among ``scores``."""
    ordered = sorted(scores, reverse=True)  # the statement's order
    return ordered[uncertain_order(ordered, seed=user_seed(user))[0]]
