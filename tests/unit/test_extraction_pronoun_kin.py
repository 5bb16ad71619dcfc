"""A kin word after "his"/"her" is said of the adult the text has just named with a title, not of
the child: "Mr Price has not engaged. His mother, Lorraine Price, ..." -- Lorraine is the child's
paternal grandmother, not the child's mother -- so the mention carries ``relation_to`` and the
resolver does not read "mother" against the child's records. Where the pronoun may be the child's,
the kin word stays the child's. Names and sentences invented."""

from __future__ import annotations

import pytest

from extraction.pipeline import build_pipeline, extract_mentions


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _person(nlp, text, name):
    return next(m for m in extract_mentions(text, nlp) if m.label == "PERSON" and m.text == name)


def test_his_after_a_titled_man_is_his(nlp):
    text = "Mr Pryce has not engaged with the assessment. His mother, Lorna Pryce, wants to stay involved."
    lorna = _person(nlp, text, "Lorna Pryce")
    assert (lorna.role, lorna.relation_to) == ("mother", "Mr Pryce")


def test_her_skips_a_man_and_finds_the_titled_woman(nlp):
    text = ("Ms Griffin has separated from Mr Pryce and supports the bail conditions. "
            "Her twin sister, Tessa, is a strong protective presence.")
    tessa = _person(nlp, text, "Tessa")
    assert tessa.relation_to == "Ms Griffin"


@pytest.mark.parametrize("text,name", [
    ("Tyler is doing well at school. His mother, Karen, attended the review.", "Karen"),
    # a child named between the titled adult and the pronoun: "her" may be the child's
    ("Ms Griffin took Ruby to school. Her mother, Pat, was at the gate.", "Pat"),
    # a new paragraph: the adult of the last one is not the pronoun's
    ("Mr Pryce did not attend.\n\nHis father, Kevin, came to the door.", "Kevin"),
])
def test_the_kin_word_stays_the_childs_where_the_text_does_not_show_otherwise(nlp, text, name):
    person = _person(nlp, text, name)
    assert person.role in ("mother", "father") and person.relation_to is None
