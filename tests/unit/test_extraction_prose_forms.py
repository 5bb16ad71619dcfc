"""Rule forms of reviews, judgments and minutes (issue 9): letter-labelled parties, acronyms the
text defines, predicates, compounds, job titles. Invented sentences; rules only."""

from __future__ import annotations

import pytest

from extraction.pipeline import build_pipeline, extract_mentions
from extraction.phrases import defined_acronyms


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _spans(nlp, text):
    return {(m.text, m.label) for m in extract_mentions(text, nlp)}


def _people(nlp, text):
    return {m.text for m in extract_mentions(text, nlp) if m.label in ("PERSON", "ROLE", "GROUP")}


def test_letter_labelled_parties_of_a_judgment(nlp):
    text = ("The mother of T is RW. She is 17. T's father is DK. I shall refer to the aunt as \"P\" "
            "throughout. The baby will be a half-sibling to T. Between: the council and GH, JL & MN Interveners.")
    people = _people(nlp, text)
    assert {"RW", "DK", "P", "GH", "JL", "MN"} <= people
    assert "T." in people or sum(1 for m in extract_mentions(text, nlp) if m.text.startswith("T")) >= 3


def test_lower_case_child_label_where_the_text_writes_child_i(nlp):
    text = "Child I lived with her mother. Agencies knew child I's mother well."
    assert ("child I", "PERSON") in _spans(nlp, text)


def test_an_acronym_the_text_defines_is_no_ones_initials(nlp):
    text = "The Board commissioned a Serious Case Review (SCR) into his death. The Kelderby SCR found gaps."
    assert defined_acronyms(text) == {"SCR"}
    assert not any(m.label == "PERSON" for m in extract_mentions(text, nlp))


def test_predicates_are_left_out_but_introductions_are_not(nlp):
    assert not any(m.label == "ROLE" for m in extract_mentions("Marta is a nurse and wants to become a foster carer.", nlp))
    assert ("a 15-year-old boy", "ROLE") in _spans(nlp, "There was a 15-year-old boy in the car.")


def test_role_nouns_used_as_modifiers_are_not_people(nlp):
    text = "She was on a child protection plan; sibling contact is weekly; a family friend helps."
    labels = {(m.text, m.label) for m in extract_mentions(text, nlp)}
    assert ("a child", "ROLE") not in labels and ("sibling", "ROLE") not in labels
    assert ("a family", "GROUP") not in labels


def test_police_acted_on_and_the_applicant(nlp):
    spans = _spans(nlp, "Neighbours asked police to come. The boy was found by the police. The applicant is the council.")
    assert ("police", "ROLE") in spans and ("the police", "ROLE") in spans
    assert not any(t.lower() == "the applicant" for t, _ in spans)


def test_job_titles_and_home_visits_in_notes(nlp):
    text = ("Present: Tariq Noor (Missing Coordinator), Ann Lee (chair). Will HV this pm. "
            "YP3 (Dami, 15) went missing; says husband Piotr works nights.")
    spans = _spans(nlp, text)
    assert {("Missing Coordinator", "ROLE"), ("chair", "ROLE"), ("YP3", "PERSON"), ("husband", "ROLE")} <= spans
    assert ("HV", "ROLE") not in spans


def test_coordinated_roles_and_groups(nlp):
    people = _people(nlp, "He moved in with his son and daughter-in-law. We helped this mother and children.")
    assert {"his son", "daughter-in-law", "children"} <= people


def test_premises_and_the_article_are_no_one(nlp):
    spans = _spans(nlp, "She lives at Calder Foyer. She likes the Foyer. Jodie Haigh (key worker, Larch children's home).")
    assert not any(lab == "PERSON" and t in ("Calder", "Foyer", "Larch") for t, lab in spans)
    assert ("Jodie Haigh", "PERSON") in spans
