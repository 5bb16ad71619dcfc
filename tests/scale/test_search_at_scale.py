"""A child's most recent and first safety plan on a graph of >= 1M case notes (issue 11 §5).

On the kept graph (`bench/app_scale.py build`: 100,000 children, 1.2M notes), for children with
several safety plans, the app's search (`graph_model.queries.search_page`, read through the
gateway with the viewer) must return first the safety plan that a brute-force Cypher over that
child's own records finds newest (newest order) and oldest (oldest order): once filtered to the
"Safety plan" documents, once as the phrase anywhere in the child's notes and documents. Two
viewers: every team, and a single team (who may not see restricted children nor read
restricted records of the children it sees): the brute force applies the same rules from
`cypher/rules/`, so for a child hidden from the viewer both find nothing.
"""

from __future__ import annotations

import re

import pytest

from graph_model.cypher import expand
from graph_model.gateway import Viewer, native
from graph_model.queries import search_page

CHILDREN = 24  # children with >= 3 safety-plan documents, spread over the council
RESTRICTED = 6  # and children whose safety plans are partly restricted, or who are restricted

# A phrase search ("safety plan") matches the words in order in one field, whatever the case and
# punctuation between them, "plan" in any inflection the English analyzer reduces to it.
PHRASE = r"(?is).*\bsafety('s)?\W+plan(s|ned|ning)?\b.*"

VISIBLE_RECORDS = expand("""
MATCH (c:Child {child_id: $child_id})
WHERE {{ visible_child(c) }}
WITH c, {{ sees_restricted_records(c) }} AS sees
MATCH (c)<-[:ABOUT]-(r)
WHERE (r:CaseNote OR r:Document) AND {{ visible_record(r, sees) }}
  AND CASE $mode WHEN 'document' THEN r:Document AND r.document_type = 'Safety plan'
      ELSE any(f IN [r.subject, r.body, r.title, r.text] WHERE f =~ $phrase) END
RETURN coalesce(r.note_id, r.document_id) AS id, coalesce(r.event_date, r.document_date) AS d
""")


def _children(driver, db) -> list[str]:
    several, _, _ = driver.execute_query("""
        MATCH (x:Document {document_type: 'Safety plan'})
        WITH x.child_id AS c, count(*) AS plans, sum(CASE WHEN x.restricted THEN 1 ELSE 0 END) AS restricted
        WHERE plans >= 3 OR (plans >= 2 AND restricted > 0)
        MATCH (child:Child {child_id: c})
        RETURN c, restricted > 0 OR coalesce(child.restricted, false) AS restricted ORDER BY c""", database_=db)
    plain = [r["c"] for r in several if not r["restricted"]]
    hidden = [r["c"] for r in several if r["restricted"]]
    pick = plain[:: max(1, len(plain) // CHILDREN)][:CHILDREN] + hidden[:: max(1, len(hidden) // RESTRICTED)][:RESTRICTED]
    assert len(pick) >= CHILDREN, f"only {len(pick)} children with several safety plans"
    return pick


@pytest.fixture(scope="module")
def council(scale_driver):
    driver, db = scale_driver
    teams, _, _ = driver.execute_query("MATCH (t:Team) RETURN collect(t.name) AS t", database_=db)
    every = sorted(teams[0]["t"])
    viewers = {"every team": Viewer("scale-all", frozenset(every), roles=frozenset({"practitioner"})),
               "one team": Viewer("scale-one", frozenset(every[:1]), roles=frozenset({"practitioner"}))}
    return driver, db, viewers, _children(driver, db)


def _brute_force(driver, db, viewer: Viewer, child_id: str, mode: str) -> dict[str, object]:
    rows, _, _ = driver.execute_query(VISIBLE_RECORDS, {"child_id": child_id, "mode": mode, "phrase": PHRASE,
                                                        **viewer.access_params()}, database_=db)
    return {r["id"]: native(r["d"]) for r in rows}


def _extremes(found: dict[str, object]) -> tuple[set[str], set[str]]:
    """The ids of the newest and of the oldest dated records (ties share a date)."""
    dated = {k: d for k, d in found.items() if d is not None}
    if not dated:
        return set(), set()
    newest, oldest = max(dated.values()), min(dated.values())
    return {k for k, d in dated.items() if d == newest}, {k for k, d in dated.items() if d == oldest}


@pytest.mark.parametrize("viewer_name", ["every team", "one team"])
@pytest.mark.parametrize("mode", ["document", "phrase"])
def test_most_recent_and_first_safety_plan_of_each_child(council, viewer_name, mode):
    driver, db, viewers, children = council
    viewer = viewers[viewer_name]
    checked = 0
    for child_id in children:
        expected = _brute_force(driver, db, viewer, child_id, mode)
        newest_ids, oldest_ids = _extremes(expected)
        kwargs = {"kind": "document", "record_type": "Safety plan"} if mode == "document" else {}
        text = "safety plan" if mode == "document" else '"safety plan"'
        newest = search_page(driver, viewer, text, child_id=child_id, order="newest", database=db, **kwargs)
        oldest = search_page(driver, viewer, text, child_id=child_id, order="oldest", database=db, **kwargs)
        where = f"{child_id} ({viewer_name}, {mode})"
        if not expected:  # hidden from this viewer, or nothing it may read
            assert newest["hits"] == [] and oldest["hits"] == [], where
            continue
        assert newest["total"] == oldest["total"] == len(expected), where
        assert newest["hits"][0]["record_id"] in newest_ids, f"{where}: newest {newest['hits'][0]}"
        assert oldest["hits"][0]["record_id"] in oldest_ids, f"{where}: first {oldest['hits'][0]}"
        assert {h["record_id"] for h in newest["hits"] + oldest["hits"]} <= set(expected), where
        checked += 1
    assert checked >= (CHILDREN // 2 if viewer_name == "one team" else CHILDREN)


def test_phrase_pattern():
    """The brute force's phrase test, on the cases it has to tell apart."""
    assert re.match(PHRASE, "Reviewed the Safety-Plan with mum")
    assert re.match(PHRASE, "safety planning meeting")
    assert not re.match(PHRASE, "safety and a plan")
    assert not re.match(PHRASE, "plan for safety")
