"""kinscope_span_repair_v1 (extraction/span_repair.py): PERSON spans that terse notes break.

The rules-only pipeline runs whole; where a case needs what the trained NER finds (a full
name as one PERSON entity), the entity is set by hand before the rule components run --
the repair and the linker are pure logic over the spans they are given. Invented names.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from extraction.pipeline import build_pipeline, mentions_of
from extraction.span_repair import keeps_given_name, peel_roles, split_coordinated
from ranking.roles import canonical_role, category_of_role


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _run(nlp, text: str, ents: list[tuple[str, str]] = ()):
    """Mentions of `text` with the given (text, label) entities standing in for the NER."""
    doc = nlp.make_doc(text)
    spans = []
    for sub, label in ents:
        start = text.index(sub)
        spans.append(doc.char_span(start, start + len(sub), label=label))
    doc.ents = spans
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [(m.text, m.label, m.role) for m in mentions_of(doc)]


def _people(ms):
    return [t for t, label, _ in ms if label == "PERSON"]


def test_two_names_in_one_span_are_two_people(nlp):
    ms = _run(nlp, "Home visit. Carla + Dev. ok. Dev showing me his drawings.", [("Carla + Dev", "PERSON")])
    assert _people(ms)[:2] == ["Carla", "Dev"]
    ms = _run(nlp, "Met Nell & Owen at the flat.", [("Nell & Owen", "PERSON")])
    assert "Nell" in _people(ms) and "Owen" in _people(ms) and "Nell & Owen" not in _people(ms)


def test_a_firm_and_a_single_name_are_not_split(nlp):
    doc = nlp.make_doc("Letter from Hale & Co today.")
    assert split_coordinated(Span(doc, 2, 5, label="PERSON")) is None
    doc = nlp.make_doc("Carla Dunmore rang.")
    assert split_coordinated(Span(doc, 0, 2, label="PERSON")) is None
    doc = nlp.make_doc("the + sign")  # a side with no name-like word
    assert split_coordinated(Span(doc, 0, 3, label="PERSON")) is None


def test_shorthand_role_after_a_name_is_peeled_and_given(nlp):
    ms = _run(nlp, "Ivo now at Fernhill Academy, Mr Pilbeam HOY.")
    assert ("Mr Pilbeam", "PERSON", "head of year") in ms
    assert not any(t.endswith("HOY") and label == "PERSON" for t, label, _ in ms)
    ms = _run(nlp, "Meeting at school. Mrs Dunmore (SENCO) present.")
    assert ("Mrs Dunmore", "PERSON", "SENCo") in ms


def test_professional_prefix_before_a_full_name_is_a_role(nlp):
    ms = _run(nlp, "New SW Ivo Brant introduced.", [("Ivo Brant", "PERSON")])
    assert ("SW", "ROLE", "social worker") in ms
    assert ("Ivo Brant", "PERSON", "social worker") in ms
    # a prefix and one name stays the name form the guidelines keep ("HV Sarah")
    assert ("HV Sarah", "PERSON", "health visitor") in _run(nlp, "HV Sarah visited today.")


def test_professional_prefix_before_a_place_is_no_person(nlp):
    text = "Referral from Ada Crane, DSL Fernhill Academy. Ivo has missed 9 days."
    ms = _run(nlp, text, [("Ada Crane", "PERSON"), ("DSL Fernhill Academy", "PERSON")])
    assert not any("Fernhill" in t for t in _people(ms))
    assert ("Ada Crane", "PERSON", "designated safeguarding lead") in ms


def test_given_name_that_is_a_word_is_kept_before_a_surname(nlp):
    ms = _run(nlp, "Visit planned. Sunny Pilbeam (uncle) will attend.", [("Sunny Pilbeam", "PERSON")])
    assert "Sunny Pilbeam" in _people(ms) and "Pilbeam" not in _people(ms)
    doc = nlp.make_doc("Chase Pilbeam re referral.")
    assert not keeps_given_name(Span(doc, 0, 2, label="PERSON"))  # a note's verb, not a name


def test_role_cue_before_a_name(nlp):
    ms = _run(nlp, "Will discuss in supervision with Ada Crane.", [("Ada Crane", "PERSON")])
    assert ("Ada Crane", "PERSON", "team manager") in ms
    ms = _run(nlp, "Strategy discussion. Chair: Ada Crane. Attendees: PC Brant.", [("Ada Crane", "PERSON")])
    assert ("Ada Crane", "PERSON", "conference chair") in ms
    assert category_of_role(canonical_role("conference chair")) == "professional"
    ms = _run(nlp, "My words. Education: Fernhill College, Level 2.", [("Fernhill College", "PERSON")])
    assert "Fernhill College" not in _people(ms)


def test_school_years_and_home_visits_are_no_one(nlp):
    ms = _run(nlp, "Ivo Brant (Y8) has missed 14 days.", [("Ivo Brant", "PERSON"), ("Y8", "PERSON")])
    assert _people(ms) == ["Ivo Brant"]
    ms = _run(nlp, "hv. Nell + Owen. ok.", [("Nell + Owen", "PERSON")])
    assert not any(label == "ROLE" for _, label, _ in ms) and _people(ms) == ["Nell", "Owen"]
    ms = _run(nlp, "HV to 17 Hale Road. Nell answered.")
    assert not any(t == "HV" for t, _, _ in ms)


def test_number_after_a_one_word_name_goes_but_labels_stay(nlp):
    doc = nlp.make_doc("Ivo 17 today.")
    assert peel_roles(Span(doc, 0, 2, label="PERSON")) == (0, 1)
    doc = nlp.make_doc("Male 2 was present.")
    assert peel_roles(Span(doc, 0, 2, label="PERSON")) is None


def test_attendee_lines_give_each_name_its_own_role(nlp):
    text = "Attendees\nNell Brant - Maternal grandmother\nAda Crane - Social Worker\n"
    ms = _run(nlp, text, [("Nell Brant", "PERSON"), ("Ada Crane", "PERSON")])
    assert ("Nell Brant", "PERSON", "maternal grandmother") in ms
    assert ("Ada Crane", "PERSON", "social worker") in ms  # not the line above's role


def test_an_organisation_does_not_reach_across_a_line_break(nlp):
    ms = _run(nlp, "STRATEGY MEETING\nChair: Ada Crane\nPolice: PC Brant", [("Ada Crane", "PERSON")])
    assert ("Ada Crane", "PERSON", "conference chair") in ms
    assert not any("\n" in t for t, label, _ in ms if label == "ORG")


def test_a_role_on_the_next_line_is_not_the_names(nlp):
    text = "Parents: Nell Brant and Ivo Brant\nGrandfather: Odo Brant"
    ms = _run(nlp, text, [("Nell Brant", "PERSON"), ("Ivo Brant", "PERSON"), ("Odo Brant", "PERSON")])
    assert ("Ivo Brant", "PERSON", None) in ms  # the next line's field label is Odo's
    assert ("Odo Brant", "PERSON", "grandfather") in ms
