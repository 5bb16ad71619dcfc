"""Given names the name lists lack (Welsh: Jac, Nerys, Ffion, Rhys) are names: the rules find them
alone and before a surname, where the surname alone was the mention before ("Jac Thomas" read as
"Thomas"). Names and sentences invented."""

from __future__ import annotations

import pytest

from extraction import lexicon, name_model
from extraction.pipeline import build_pipeline, extract_mentions


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


@pytest.mark.parametrize("name", ["Jac", "Nerys", "Ffion", "Rhys", "Gethin", "Siân"])
def test_a_welsh_given_name_is_name_like_and_in_the_gazetteer(name):
    assert name_model.word_kind(name) == "name"
    assert name.lower() in name_model.gazetteer_names()


def test_no_other_given_name_is_an_ordinary_word_or_a_place():
    assert not lexicon.OTHER_GIVEN_NAMES & (lexicon.NOT_NAMES | lexicon.AMBIGUOUS_NAMES | name_model.place_names())


@pytest.mark.parametrize("text,want", [
    ("Nanna Jean took Dylan and Jac Pryddy to the seaside.", "Jac Pryddy"),
    ("Rhys Bowden and Gethin Harries came round after school.", "Rhys Bowden"),
    ("t/c Nerys. No answer, left message.", "Nerys"),
])
def test_the_rules_find_the_whole_name(nlp, text, want):
    people = [m.text for m in extract_mentions(text, nlp) if m.label == "PERSON"]
    assert want in people, people
