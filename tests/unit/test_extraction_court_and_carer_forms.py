"""Forms of the third real-text extension's dev half (issue 9): representation lines of
judgments, legal custody, ranking predicates, months that are given names, event names, a
possessive before a person's health, footnote marks. Invented sentences; the NER's output is
simulated where the rule under test reads it (rules only otherwise)."""

from __future__ import annotations

import pytest
from extraction.pipeline import build_pipeline, extract_mentions
from rule_forms import spans as _spans
from rule_forms import with_ner as _with_ner


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def test_a_party_inside_a_representation_label_is_no_mention_but_the_counsel_is(nlp):
    text = "Counsel for the 2nd Respondent: Mr Ogunde\nSolicitors for the 2nd Respondent: Vale Law"
    got = _with_ner(nlp, text, [("Mr Ogunde\nSolicitors", "PERSON")])
    assert ("Mr Ogunde", "PERSON") in got
    assert not any("Respondent" in t for t, _ in got)


def test_custody_ordered_by_a_court_is_no_place_police_custody_is(nlp):
    got = _spans(nlp, "The court gave the custody of her son to the aunt; he stayed in her custody. "
                      "Later his brother was taken into custody.")
    places = [t for t, lab in got if lab in ("PLACE", "SETTING")]
    assert places == ["custody"]


def test_a_rank_among_kin_after_a_copula_describes_and_a_named_one_refers(nlp):
    got = _spans(nlp, "Kayden was the youngest child of the family. Ruby was the older sister of Kayden. "
                      "The worry had been the second eldest child Tomasz.")
    roles = {t for t, lab in got if lab == "ROLE"}
    assert "the youngest child" not in roles and "older sister" not in roles and "the older sister" not in roles
    assert any("second eldest child" in t for t in roles)


def test_a_month_that_is_a_given_name_is_a_person_where_the_words_say_so_and_dates_stay_dates(nlp):
    text = "Her closest friend, April, who lives nearby, told staff. April said she was scared. " \
           "They met in April and again on 3 April. Staff told April to ring."
    got = extract_mentions(text, nlp)
    people = [m.start_char for m in got if m.label == "PERSON" and m.text == "April"]
    firsts = [i for i in range(len(text)) if text.startswith("April", i)]
    assert firsts[0] in people and firsts[1] in people and firsts[4] in people
    assert firsts[2] not in people and firsts[3] not in people


def test_an_event_day_is_no_one_and_a_name_suffix_is_no_name(nlp):
    got = _with_ner(nlp, "She went to Young Carers Action Day with Mrs Pell (Snr).",
                    [("Day", "PERSON"), ("Snr", "PERSON"), ("Mrs Pell", "PERSON")])
    assert ("Mrs Pell", "PERSON") in got
    assert ("Day", "PERSON") not in got and ("Snr", "PERSON") not in got


def test_as_the_conjunction_before_a_possessive_role_is_no_predicate(nlp):
    got = _spans(nlp, "She missed school as her dad's health got worse, and she acted as a carer.")
    roles = {t for t, lab in got if lab == "ROLE"}
    assert any(t.endswith("dad") for t in roles)
    assert not any("carer" in t for t in roles)


def test_a_role_before_a_footnote_mark_and_sided_great_grandparents(nlp):
    got = _spans(nlp, "The boy went to live with her father.[4] The maternal great grandparents objected, "
                      "as did the petitioners and the parties.")
    assert any(t.endswith("father") and lab == "ROLE" for t, lab in got)
    groups = {t for t, lab in got if lab == "GROUP"}
    assert {"The maternal great grandparents", "the petitioners", "the parties"} <= groups


def test_an_age_in_apposition_is_a_role_and_the_judges_heading_name_is_no_one(nlp):
    got = _spans(nlp, "Her aunt took Kai, 9-year-old boy, home.")
    assert ("9-year-old boy", "ROLE") in got
    got = _with_ner(nlp, "Judgment of: Pellow HHJ\nCounsel for the mother: Ms Adeyemi",
                    [("Pellow HHJ", "PERSON"), ("Ms Adeyemi", "PERSON")])
    assert ("Ms Adeyemi", "PERSON") in got and ("Pellow HHJ", "PERSON") not in got


def test_a_group_before_its_service_is_no_group(nlp):
    got = _spans(nlp, "He was referred to the young people's sexual health service by the other young people.")
    groups = [t for t, lab in got if lab == "GROUP"]
    assert groups == ["the other young people"]


def test_as_agreed_between_and_referred_to_as_do_not_make_predicates(nlp):
    got = _spans(nlp, "Contact is as agreed between the mother and the aunt. "
                      "The parents, referred to as Mother and Father 1, attended.")
    roles = [t for t, lab in got if lab == "ROLE"]
    assert any(t.endswith("mother") for t in roles) and "Mother" in roles


def test_a_month_name_before_a_possessive_dwelling_is_a_person(nlp):
    got = extract_mentions("June said she was scared. Later he had been to June's flat.", nlp)
    assert [m.text for m in got if m.label == "PERSON"] == ["June", "June"]
