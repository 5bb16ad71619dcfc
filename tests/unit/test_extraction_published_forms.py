"""Forms of published reviews, judgments and case studies (issue 9, second dev extension):
given names that are also words read as names by document, letters that a rule already read as
a person, firms and defined terms that look like names, school staff and home visitors, generic
practitioners. Invented sentences; the NER's output is simulated where the rule under test
reads it (rules only otherwise)."""

from __future__ import annotations

import pytest
from extraction.pipeline import build_pipeline, extract_mentions, mentions_of


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _with_ner(nlp, text: str, people: list[str]) -> list[tuple[str, str]]:
    """The mentions when a statistical NER had tagged every occurrence of `people` PERSON."""
    doc = nlp.make_doc(text)
    ents = []
    for name in people:
        start = 0
        while (i := text.find(name, start)) >= 0:
            ents.append(doc.char_span(i, i + len(name), label="PERSON"))
            start = i + len(name)
    doc.ents = sorted((e for e in ents if e is not None), key=lambda s: s.start)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [(m.text, m.label) for m in mentions_of(doc)]


def _spans(nlp, text):
    return {(m.text, m.label) for m in extract_mentions(text, nlp)}


def test_a_name_that_is_also_a_word_is_a_name_throughout_once_running_text_uses_it(nlp):
    text = "There was little routine in Rob's week. Rob often missed meals. Rob wanted to go back."
    got = _with_ner(nlp, text, ["Rob"])
    assert sum(1 for t, lab in got if t == "Rob" and lab == "PERSON") == 3


def test_a_sentence_initial_word_name_alone_stays_out_and_months_never_count(nlp):
    got = _with_ner(nlp, "Will visit again on Friday. Seen in May with the twins.", ["Will", "May"])
    assert not {t for t, lab in got if lab == "PERSON"}


def test_letters_a_rule_read_as_a_person_are_that_person_where_the_ner_finds_them(nlp):
    text = "The council applies in respect of RT, born in 2019. RT therefore is aged five."
    got = _with_ner(nlp, text, ["RT"])
    assert sum(1 for t, lab in got if t == "RT" and lab == "PERSON") == 2


def test_firms_and_defined_terms_are_not_people(nlp):
    text = ("Ms Oduya (instructed by Hartley Solicitors) and Mr Penn (instructed by Dalton & Partners). "
            "Tyler has Oppositional Defiant Disorder (ODD). Priya Shah (PS) chaired.")
    got = _with_ner(nlp, text, ["Hartley Solicitors", "Dalton", "Oppositional Defiant Disorder",
                                "Priya Shah", "Tyler"])
    people = {t for t, lab in got if lab == "PERSON"}
    assert {"Priya Shah", "Tyler"} <= people
    assert not people & {"Hartley Solicitors", "Dalton", "Oppositional Defiant Disorder"}


def test_school_staff_and_home_visitors_are_roles_not_places(nlp):
    got = _spans(nlp, "The school attendance officer rang. A home visitor now calls weekly; the home visitor "
                      "says Dad is struggling.")
    assert ("The school attendance officer", "ROLE") in got
    assert ("A home visitor", "ROLE") in got and ("the home visitor", "ROLE") in got
    assert not {t for t, lab in got if lab in ("PLACE", "SETTING") and t.lower() in ("the school", "a home", "the home")}


def test_a_person_noun_is_a_place_modifier_only_right_before_the_head(nlp):
    got = _spans(nlp, "Worry about their father means school suffers. She stays at her cousins house.")
    assert ("father", "ROLE") in got or ("their father", "ROLE") in got
    assert not any("means" in t for t, _ in got)
    assert ("her cousins house", "SETTING") in got


def test_bare_practitioners_are_generic_but_the_paramedics_acted(nlp):
    got = _spans(nlp, "The panel met with practitioners and therapists. The paramedics arrived at 9.")
    assert ("The paramedics", "ROLE") in got
    assert not {t for t, _ in got} & {"practitioners", "therapists"}


def test_letter_labels_across_line_breaks_dashes_and_roman_party_numbers(nlp):
    text = ("Ava lived with her mother,\n\n(RK), and her father (TP).\n"
            "Respondent Father of LW \u2013 Ms Croft (Counsel)\n"
            "Between: the council Applicant -and-\nDS (I)\nJB (2) Respondents")
    people = {t for t, lab in _spans(nlp, text) if lab == "PERSON"}
    assert {"RK", "TP", "LW", "DS", "JB"} <= people
