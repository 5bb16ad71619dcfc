"""An initial before a surname is a person, as British notes sign and minute people ("Discussed with
M Pugh", "Signed: K Lewis", "s20 signed by L Bowen"), and the mention resolves to the one known
person whose first name begins with that letter (linkage.mention_matching reads the initial as the
start of a given name). Names and sentences invented."""

from __future__ import annotations

import pytest

from extraction.pipeline import build_pipeline, extract_mentions
from linkage.mention_matching import Candidate, match_name, parse_name_form


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _people(nlp, text):
    return [m.text for m in extract_mentions(text, nlp) if m.label == "PERSON"]


@pytest.mark.parametrize("text,want", [
    ("Strategy discussion with M Pughe, TM.", "M Pughe"),
    ("Signed: K Lewsey   G Morgan", "K Lewsey"),
    ("Signed: K Lewsey   G Morgan", "G Morgan"),
    ("s20 consent signed by L Bowen at the hospital.", "L Bowen"),   # a listed surname, also a word
    ("Linked to T Pritchard and R Davies in the MACE notes.", "T Pritchard"),
    ("Seen with T.R. Bowen outside the shop.", "T.R. Bowen"),
    ("Section 47 led by J Smith.", "J Smith"),
])
def test_an_initial_and_a_surname_are_one_person(nlp, text, want):
    assert want in _people(nlp, text)


@pytest.mark.parametrize("text,not_person", [
    ("He got an A Level in art.", "A Level"),           # an article
    ("He is held on D Block this week.", "D Block"),    # a common word, though a surname in lists
    ("Plan B Meeting on Friday.", "B Meeting"),          # the letter belongs to the word before
    ("Didn't mention T. Tash will keep the door open.", "T. Tash"),  # a sentence ends at "T."
    ("Adult C Jones attended.", "C Jones"),              # "Adult C" is the label
])
def test_letters_before_words_are_not_an_initial_and_surname(nlp, text, not_person):
    assert not_person not in _people(nlp, text)


def _adult(pid, given, family, roles):
    c = Candidate(pid, "adult")
    c.add_name(given, family)
    c.roles = set(roles)
    return c


def test_an_initial_and_surname_resolve_to_the_one_person_they_fit():
    mgm = _adult("P-1", "Glenys", "Morgan", {"grandmother:maternal"})
    mother = _adult("P-2", "Karen", "Lewis", {"mother"})
    hit = match_name(parse_name_form("G Morgan"), None, [mgm, mother])
    assert hit is not None and hit.person_id == "P-1"
    titled = match_name(parse_name_form("Mrs G Morgan"), None, [mgm, mother])
    assert titled is not None and titled.person_id == "P-1"
    assert match_name(parse_name_form("T.R. Lewis"), None, [mgm, mother]) is None  # not Karen


def test_an_initial_two_known_people_share_names_no_one():
    father = _adult("P-3", "Kevin", "Beynon", {"father"})
    brother = _adult("P-4", "Kian", "Beynon", {"brother"})
    assert match_name(parse_name_form("K Beynon"), None, [father, brother]) is None
