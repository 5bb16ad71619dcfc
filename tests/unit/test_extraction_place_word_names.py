"""A given name before a place-word surname (issue 9: "Kieran Lodge, known as 'Bigz'" was a
PLACE, "Keeley Brook" only "Keeley", and the council got two persons for one). Invented
sentences; rules only."""

from __future__ import annotations

import pytest

from extraction.pipeline import build_pipeline, extract_mentions


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _spans(nlp, text):
    return {(m.text, "PLACE" if m.label in ("SETTING", "ADDRESS") else m.label) for m in extract_mentions(text, nlp)}


@pytest.mark.parametrize("text,name", [
    ("Declan Lodge, known as 'Dex', was with the boys.", "Declan Lodge"),
    ("Her new partner Shannon Brook stays most nights.", "Shannon Brook"),
    ("Shannon Brook said she would ring back.", "Shannon Brook"),
    ("Saw Callum Field today with mum.", "Callum Field"),
    ("Rhys Wood (maternal uncle) collected him.", "Rhys Wood"),
    ("Mum and Tanya Green and her partner came to the meeting.", "Tanya Green"),
    ("Spoke to Ellie Hill on the phone.", "Ellie Hill"),
    ("Ms Grace Lane attended the strategy meeting.", "Ms Grace Lane"),
])
def test_personal_context_makes_one_full_name(nlp, text, name):
    got = _spans(nlp, text)
    assert (name, "PERSON") in got
    first = name.split()[-2]
    assert (first, "PERSON") not in got and not any(lab == "PLACE" and first in t for t, lab in got)


@pytest.mark.parametrize("text,place", [
    ("He has been staying at Declan Lodge since March.", "Declan Lodge"),
    ("Police found her at 12 Shannon Brook, Kelderby.", "12 Shannon Brook"),
    ("The boys hang around Callum Field Road after school.", "Callum Field Road"),
    ("They met on Grace Lane near the shops.", "Grace Lane"),
])
def test_place_context_keeps_the_place(nlp, text, place):
    got = _spans(nlp, text)
    assert any(lab == "PLACE" and place in t or (lab == "PLACE" and t in place and len(t) > 6) for t, lab in got), got
    assert not any(lab == "PERSON" and t in place for t, lab in got)
