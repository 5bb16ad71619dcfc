"""Forms of the fourth real-text extension's dev half (issue 9): party lists of judgments with
letter-labelled parties, the judge after a "Before:" heading, law firms in representation lines,
a courtesy title with one initial, professionals and groups written in the plural or bare,
youth-justice and school roles, bare places and compass-word towns. Invented sentences; the NER's
output is simulated where the rule under test reads it (rules only otherwise)."""

from __future__ import annotations

import pytest
from extraction.pipeline import build_pipeline
from rule_forms import spans as _spans
from rule_forms import with_ner as _with_ner


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def test_letter_parties_of_a_party_list_are_people(nlp):
    text = ("Between:\nA (the mother)\nFirst Respondent\n\nRK\n\nSecond respondent;\n\n"
            "for an order in respect of the child TW\n\nThe second respondent (father to T): \"TW's father\"")
    people = {t for t, lab in _spans(nlp, text) if lab == "PERSON"}
    assert {"A", "RK", "TW"} <= people


def test_the_applicant_on_its_own_line_is_no_person(nlp):
    people = {t for t, lab in _spans(nlp, "Between:\nKCC\nApplicant\n-and-\nM\nRespondent") if lab == "PERSON"}
    assert "KCC" not in people


def test_the_judge_after_the_before_heading_is_left_out_and_counsel_stay(nlp):
    text = "Before: HHJ Morland\nBetween:\nDavid Orme instructed by Hales solicitors for the mother"
    got = _with_ner(nlp, text, [("Morland", "PERSON"), ("David Orme", "PERSON"), ("Hales", "PERSON")])
    people = {t for t, lab in got if lab == "PERSON"}
    assert "David Orme" in people
    assert "Morland" not in people and "Hales" not in people


def test_a_title_with_one_initial_is_a_person_at_the_end_of_a_sentence(nlp):
    people = {t for t, lab in _spans(nlp, "The mother will be called Mrs Q. Mrs Q saw her GP.") if lab == "PERSON"}
    assert any(t.startswith("Mrs Q") for t in people)


def test_professionals_in_the_plural_are_roles(nlp):
    got = _spans(nlp, "She saw several private sleep specialists and had been seen by 3 different agency HVs.")
    roles = {t for t, lab in got if lab == "ROLE"}
    assert any("specialists" in t for t in roles) and any("HVs" in t for t in roles)


def test_bare_groups_after_a_preposition_are_groups(nlp):
    got = _spans(nlp, "He spent the night with friends. He was found in the company of adult gang members. "
                      "His parents and extended family tried to help.")
    groups = {t for t, lab in got if lab == "GROUP"}
    assert {"friends", "adult gang members", "extended family"} <= groups


def test_school_and_youth_justice_roles(nlp):
    got = _spans(nlp, "The head of the sixth form told her to leave. The assigned EWO called. "
                      "A young offender was placed there.")
    roles = {t.lower() for t, lab in got if lab == "ROLE"}
    assert "the head of the sixth form" in roles and "the assigned ewo" in roles and "a young offender" in roles


def test_bare_places_and_a_compass_town(nlp):
    got = _spans(nlp, "He joined alternative provision in May and later settled into supported accommodation. "
                      "He travelled between West London and the coast; the options were jail or worse.")
    places = {t for t, lab in got if lab in ("PLACE", "SETTING")}
    assert {"alternative provision", "supported accommodation", "West London"} <= places
    assert ("jail", "PERSON") not in got


def test_counsel_at_the_start_of_a_representation_line_are_people_and_firms_are_not(nlp):
    text = ("Between:\nKCC\nApplicant\n-and-\nM\nF\nC\nRespondents\n\n"
            "Tobias Quarnby for the Second Respondent\nIlse Varkey instructed by Hale Law for the child\n"
            "Vale Solicitors for the mother")
    people = {t for t, lab in _spans(nlp, text) if lab == "PERSON"}
    assert {"M", "F", "C", "Tobias Quarnby", "Ilse Varkey"} <= people
    assert "KCC" not in people and not any("Vale" in t for t in people)


def test_the_judges_own_heading_line_is_left_out(nlp):
    text = "Ms Orla Penn for the Father\nHer Honour Judge Wexcombe :\nA INTRODUCTION\nThis judgment concerns L."
    got = _with_ner(nlp, text, [("Honour Judge Wexcombe", "PERSON"), ("Orla Penn", "PERSON")])
    people = {t for t, lab in got if lab == "PERSON"}
    assert not any("Wexcombe" in t for t in people) and any("Orla Penn" in t for t in people)


def test_a_party_label_before_a_bracket_and_a_colon_is_a_field_label(nlp):
    got = _spans(nlp, '  ii) The second respondent (father to J and B): "the father"')
    roles = {t for t, lab in got if lab == "ROLE"}
    assert not any("respondent" in t.lower() for t in roles)
    assert {"J", "B"} <= {t for t, lab in got if lab == "PERSON"}
