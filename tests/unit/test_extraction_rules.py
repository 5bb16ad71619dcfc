"""Rule components of the mention pipeline (no trained model needed)."""

from __future__ import annotations

import pytest

from extraction.lexicon import resolve_pa, role_of_text
from extraction.pipeline import Mention, build_pipeline, extract_many, extract_mentions
from extraction.truth import truth_label


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def find(ms: list[Mention], text: str, label: str | None = None) -> Mention:
    hits = [m for m in ms if m.text == text and (label is None or m.label == label)]
    assert hits, f"{text!r} ({label}) not in {[(m.label, m.text) for m in ms]}"
    return hits[0]


@pytest.mark.parametrize("surface,role", [
    ("mum", "mother"), ("Mum", "mother"), ("MUM", "mother"), ("mam", "mother"), ("mom", "mother"),
    ("BM", "mother"), ("dad", "father"), ("BF", "father"), ("birth dad", "father"),
    ("MGM", "maternal grandmother"), ("mgm", "maternal grandmother"), ("M.G.M.", "maternal grandmother"),
    ("PGF", "paternal grandfather"), ("MGF", "maternal grandfather"), ("PGM", "paternal grandmother"),
    ("nan", "grandmother"), ("Nana", "grandmother"), ("gran", "grandmother"),
    ("MA", "maternal aunt"), ("MU", "maternal uncle"), ("PU", "paternal uncle"),
    ("step-dad", "mother's partner"), ("stepdad", "mother's partner"),
    ("mum's partner", "mother's partner"), ("mum's boyfriend", "mother's partner"),
    ("mum\u2019s partner", "mother's partner"), ("dad\u2019s partner", "father's partner"),  # typeset apostrophe
    ("mum's fella", "mother's partner"), ("foster carer", "foster carer"), ("FC", "foster carer"),
    ("SW", "social worker"), ("HV", "health visitor"), ("hv", "health visitor"),
    ("IRO", "independent reviewing officer"), ("FSW", "family support worker"), ("GP", "GP"),
    ("DSL", "designated safeguarding lead"), ("SN", "school nurse"), ("teacher", "class teacher"),
    ("maternal aunt", "maternal aunt"), ("half-brother", "half-brother"),
])
def test_role_words_and_abbreviations(nlp, surface, role):
    ms = extract_mentions(f"Spoke to {surface} today about the plan.", nlp)
    m = find(ms, surface, "ROLE")
    assert m.role == role
    assert m.source == "rule" and 0 < m.confidence <= 1
    assert m.start_char == len("Spoke to ")


def test_the_hv_span_excludes_article(nlp):
    ms = extract_mentions("The HV visited. I rang the SW and the IRO.", nlp)
    assert {m.text for m in ms if m.label == "ROLE"} >= {"HV", "SW", "IRO"}


def test_lowercase_ambiguous_abbreviations_are_not_roles(nlp):
    ms = extract_mentions("ma and pa went to the shop; he's at the sw corner", nlp)
    assert not [m for m in ms if m.label == "ROLE" and m.text in ("ma", "pa")]


def test_service_abbreviation_is_not_a_person_role(nlp):
    ms = extract_mentions("Referral to CAMHS made. CAMHS worker to visit.", nlp)
    assert [m.text for m in ms if m.label == "ROLE"] == ["CAMHS worker"]
    assert any(m.label == "ORG" and m.text == "CAMHS" for m in ms)


def test_pa_personal_advisor_vs_paternal_aunt():
    t1 = "Pathway plan review. PA attended and discussed the tenancy."
    assert resolve_pa(t1, t1.index("PA"), t1.index("PA") + 2)[0] == "personal advisor"
    t2 = "Dad's sister (PA) has offered to help with the family network."
    assert resolve_pa(t2, t2.index("PA"), t2.index("PA") + 2)[0] == "paternal aunt"


def test_pa_in_pipeline_uses_context(nlp):
    ms = extract_mentions("Care leaver. PA Kelly visited about the pathway plan.", nlp)
    m = find(ms, "PA Kelly", "PERSON")
    assert m.role == "personal advisor"


def test_title_and_police_rank_with_surname(nlp):
    ms = extract_mentions("Spoke to Mrs Okafor (class teacher, St Peter's Primary). "
                          "Strategy discussion with DC Ward (North Yorkshire Police).", nlp)
    okafor = find(ms, "Mrs Okafor", "PERSON")
    assert okafor.role == "class teacher" and okafor.agency == "St Peter's Primary"
    ward = find(ms, "DC Ward", "PERSON")
    assert ward.role == "police officer" and ward.agency == "North Yorkshire Police"
    find(ms, "North Yorkshire Police", "ORG")
    find(ms, "St Peter's Primary", "ORG")


def test_name_prefixes(nlp):
    ms = extract_mentions("Nana Pat takes him to the park. HV Sarah visited. Auntie Sharon called.", nlp)
    assert find(ms, "Nana Pat", "PERSON").role == "grandmother"
    assert find(ms, "HV Sarah", "PERSON").role == "health visitor"
    assert find(ms, "Auntie Sharon", "PERSON").role == "aunt"


@pytest.mark.parametrize("text,label", [
    ("EF3 4QT", "POSTCODE"), ("ef34qt", "POSTCODE"), ("LS1 4AP", "POSTCODE"), ("SW1A 1AA", "POSTCODE"),
    ("07700 900123", "PHONE"), ("07700900123", "PHONE"), ("+44 7700 900123", "PHONE"),
    ("07700 900 123", "PHONE"), ("0113 496 0000", "PHONE"),
    ("nora.dutkova@example.org", "EMAIL"), ("p.shah@council.gov.uk", "EMAIL"),
    ("22 Eastfield Court", "ADDRESS"), ("14 Filey Road", "ADDRESS"), ("14 Filey Rd", "ADDRESS"),
    ("Flat 3 Priory House, Mill Lane", "ADDRESS"), ("152 LISTER AVENUE", "ADDRESS"),
    ("12/01/2024", "DATE"), ("12.01.19", "DATE"), ("25 May 2020", "DATE"), ("2023-09-12", "DATE"),
    ("North Yorkshire Police", "ORG"), ("Fell Community College", "ORG"), ("Ivy Medical Centre", "ORG"),
    ("Filey Retail Park", "PLACE"), ("McDonald's", "PLACE"),
])
def test_structured_entities(nlp, text, label):
    ms = extract_mentions(f"Noted: {text} (checked).", nlp)
    m = find(ms, text, label)
    assert m.start_char == len("Noted: ")


def test_not_a_phone_or_postcode(nlp):
    ms = extract_mentions("Scored 12 out of 20 on 3 occasions; ref 123456; attended at 4pm.", nlp)
    assert not [m for m in ms if m.label in ("PHONE", "POSTCODE", "ADDRESS")]


def test_role_name_apposition(nlp):
    ms = extract_mentions("Ellie's maternal grandmother Patricia Marsh offered to help.", nlp)
    role = find(ms, "maternal grandmother", "ROLE")
    assert role.relation_to == "Ellie"
    pat = find(ms, "Patricia Marsh", "PERSON")
    assert pat.role == "maternal grandmother" and pat.relation_to == "Ellie"


def test_role_name_comma_apposition(nlp):
    ms = extract_mentions("I spoke to her maternal grandmother, Patricia Marsh, on the phone.", nlp)
    assert find(ms, "Patricia Marsh", "PERSON").role == "maternal grandmother"


def test_name_then_role_in_brackets(nlp):
    ms = extract_mentions("Dave (mum's partner) was in the kitchen.", nlp)
    assert find(ms, "Dave", "PERSON").role == "mother's partner"
    assert find(ms, "mum's partner", "ROLE").role == "mother's partner"


def test_role_then_name_in_brackets(nlp):
    ms = extract_mentions("Mum (Danielle) was present.", nlp)
    assert find(ms, "Mum", "ROLE").role == "mother"
    assert find(ms, "Danielle", "PERSON").role == "mother"


def test_possessive_relation(nlp):
    ms = extract_mentions("Ellie talked about her friend Tia and Tia's older brother Reece, who drives. "
                          "Ellie says Reece's mate 'Zee' buys them food.", nlp)
    role = find(ms, "older brother", "ROLE")
    assert role.role == "brother" and role.relation_to == "Tia"
    reece = [m for m in ms if m.text == "Reece" and m.label == "PERSON"]
    assert reece[0].role == "brother" and reece[0].relation_to == "Tia"
    tias = [m for m in ms if m.text == "Tia" and m.label == "PERSON"]
    assert len(tias) == 2 and tias[0].role == "friend"     # possessor, then propagated
    assert find(ms, "mate", "ROLE").relation_to == "Reece"


def test_abbreviation_then_name(nlp):
    ms = extract_mentions("MGM Patricia did the school run.", nlp)
    assert find(ms, "MGM", "ROLE").role == "maternal grandmother"
    assert find(ms, "Patricia", "PERSON").role == "maternal grandmother"


def test_list_commas_do_not_link(nlp):
    ms = extract_mentions("Mum, Dave and Kayden were at home.", nlp)
    dave = find(ms, "Dave", "PERSON")
    assert dave.role is None


def test_introduced_as(nlp):
    ms = extract_mentions("Mum was present with her new partner, introduced as Dave.", nlp)
    assert find(ms, "Dave", "PERSON").role == "mother's partner"


def test_form_field_label_links_but_is_not_a_mention(nlp):
    ms = extract_mentions("Review date: 10/01/2024.\nSocial worker: Priya Shah.", nlp)
    assert not [m for m in ms if m.label == "ROLE"]


def test_truth_label_rule():
    assert truth_label("MGM", "maternal grandmother") == "ROLE"
    assert truth_label("mum's partner", "mother's partner") == "ROLE"
    assert truth_label("HV", "health visitor") == "ROLE"
    assert truth_label("M", "mother") == "ROLE"
    assert truth_label("MA", "mother") == "PERSON"       # initials of Mary Adams, not maternal aunt
    assert truth_label("Nana Pat", "maternal grandmother") == "PERSON"
    assert truth_label("Dave Hollis", "mother's partner") == "PERSON"
    assert role_of_text("the HV") == "health visitor"


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", "\x00\x01\x02", "💥🔥 mum 😀 MGM", "‮ RTL override mum", "a" * 20000,
    "(((((((((((((((((((", "'s 's 's", "مرحبا mum", "名字 MGM 07700 900123",
    "\ud800 unpaired surrogate".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "Mr", "DC", "Flat", "12", "@", "@@@.@", "Mum (", "(Dave", "07" * 500, "EF3 " * 300,
    "MUM!!! DAD??? M.G.M.... hv.. f.c.", "<script>alert('mum')</script>",
])
def test_hostile_text_does_not_crash(nlp, text):
    ms = extract_mentions(text, nlp)
    for m in ms:
        assert 0 <= m.start_char < m.end_char <= len(text)
        assert text[m.start_char:m.end_char] == m.text


def test_extract_many_keeps_order(nlp):
    texts = ["Mum present.", "", "HV visited 14 Filey Road.", "nothing here"]
    out = list(extract_many(texts, nlp, batch_size=2))
    assert len(out) == 4
    assert [m.text for m in out[0]] == ["Mum"]
    assert out[1] == []
    assert {m.label for m in out[2]} == {"ROLE", "ADDRESS"}


def test_example_notes_rules_only(nlp):
    text = ("Visited Kayden at home. Mum (Danielle) was present with her new partner, introduced as "
            "Dave. Kayden said he likes it when Nana Pat takes him to the park.")
    ms = extract_mentions(text, nlp)
    assert find(ms, "Nana Pat", "PERSON").role == "grandmother"
    assert find(ms, "new partner", "ROLE").role == "mother's partner"
    assert find(ms, "Dave", "PERSON").role == "mother's partner"


# ---- prose: labelled people, described roles, groups, places, not-a-person (kinscope_phrases)
def _labels(ms):
    return {(m.label, m.text) for m in ms}


def test_possessive_and_prepositional_kinship(nlp):
    got = _labels(extract_mentions("Child M's father left. The father of her first baby and "
                                   "mum's new partner's brother were seen.", nlp))
    assert ("PERSON", "Child M") in got and ("ROLE", "father") in got
    assert any(lab == "ROLE" and "father" in t for lab, t in got if t != "father")
    assert any(lab == "ROLE" and "partner" in t for lab, t in got)


@pytest.mark.parametrize("text,person", [
    ("Adult B moved in.", "Adult B"), ("Officers spoke to Male 2 later.", "Male 2"),
    ("Sibling 1 was at school.", "Sibling 1"), ("She was seen by Mr K on Monday.", "Mr K"),
    ("Ms R said she would call.", "Ms R"), ("Young person 2 was stopped.", "Young person 2"),
    ("PC 2291 Liam Doherty attended.", "PC 2291 Liam Doherty"), ("Seen by Mrs A. Okafor.", "Mrs A. Okafor"),
    ("Ms Green, aged 33, is a lone parent.", "Ms Green"), ("in respect of four children, D, a boy, now aged 7", "D"),
    ("Father leaves J and his sister. J uses the chance to go out.", "J"), ("MRS GRIFFIN appeared for the mother.", "MRS GRIFFIN"),
])
def test_letter_number_and_title_labels(nlp, text, person):
    assert ("PERSON", person) in _labels(extract_mentions(text, nlp))


@pytest.mark.parametrize("text,group", [
    ("Males A and B were seen.", "Males A and B"), ("She met her school friends.", "her school friends"),
    ("He was with a group of older boys.", "a group of older boys"), ("Both parents attended.", "Both parents"),
    ("Children F, G and H were assessed.", "Children F, G and H"),
])
def test_groups(nlp, text, group):
    assert ("GROUP", group) in _labels(extract_mentions(text, nlp))


@pytest.mark.parametrize("text,role", [
    ("The paramedics took her to hospital.", "The paramedics"), ("A police officer attended.", "police officer"),
    ("The duty social worker visited.", "The duty social worker"), ("She told her daughter.", "her daughter"),
    ("It was a 16-year-old girl.", "a 16-year-old girl"),
])
def test_services_and_described_people_are_roles(nlp, text, role):
    assert ("ROLE", role) in _labels(extract_mentions(text, nlp))


def test_duty_social_worker_keeps_its_canonical_role(nlp):
    m = find(extract_mentions("The duty social worker visited.", nlp), "The duty social worker", "ROLE")
    assert m.role == "social worker"


@pytest.mark.parametrize("text,place,kind", [
    ("They moved into the flat on Friday.", "the flat", "home"), ("He was not at home.", "home", "home"),
    ("She attends an alternative provision.", "an alternative provision", "education"),
    ("She was admitted to a psychiatric ward.", "a psychiatric ward", "health"),
    ("He was held in custody overnight.", "custody", "custody"),
    ("She worked in nail bars.", "nail bars", "public"), ("Seen at the youth club.", "the youth club", "public"),
    ("Seen at Kelderby bus station.", "Kelderby bus station", "public"),
    ("He lives on the Moorside estate.", "the Moorside estate", "public"),
    ("She went back to Stanley.", "Stanley", "town"), ("Her school called.", "Her school", "education"),
    ("He said he likes school and his teacher.", "school", "education"),
])
def test_places_with_a_type(nlp, text, place, kind):
    m = find(extract_mentions(text, nlp), place)
    assert m.label in ("PLACE", "SETTING") and m.place_type == kind


def test_common_noun_places_are_settings_named_places_are_places(nlp):
    got = _labels(extract_mentions("She left the flat and went back to Stanley.", nlp))
    assert ("SETTING", "the flat") in got and ("PLACE", "Stanley") in got


@pytest.mark.parametrize("text,not_person", [
    ("Saturday was quiet.", "Saturday"), ("YP not home.", "YP"), ("DV incident reported.", "DV"),
    ("She lives in Bradford with her aunt.", "Bradford"), ("Discussed with mum.", "Discussed"),
    ("Summary\nThe family moved.", "Summary"),
])
def test_not_a_person(nlp, text, not_person):
    assert not any(m.label == "PERSON" and not_person in m.text for m in extract_mentions(text, nlp))


@pytest.mark.parametrize("text", ["Got a call from Jo. She said fine.", "A text from Kasia, who is well.",
                                  "which manifested itself in Martin presenting challenging behaviour"])
def test_names_after_prepositions_are_not_towns(nlp, text):
    assert not any(m.label == "PLACE" for m in extract_mentions(text, nlp))


def test_towns_after_from_and_in(nlp):
    got = _labels(extract_mentions("She arrived in Manchester, having moved from Lagos.", nlp))
    assert ("PLACE", "Manchester") in got and ("PLACE", "Lagos") in got


def test_note_verbs_are_stripped_from_names():
    from spacy.tokens import Span

    from extraction.components import not_a_person_filter
    from extraction.tokenizer import blank_en

    doc = blank_en()("Reports Jo Bloggs is fine. Saw Jo today. Discussed")
    assert not_a_person_filter(Span(doc, 0, 3, label="PERSON")).text == "Jo Bloggs"
    assert not_a_person_filter(Span(doc, 6, 8, label="PERSON")).text == "Jo"
    assert not_a_person_filter(Span(doc, len(doc) - 1, len(doc), label="PERSON")) is None


def test_guessed_names_with_or_without_ner_pass_the_name_model():
    """Guessing a name from its context runs beside the statistical NER too (the NER misses
    names it never saw); what it guesses must look like a name (extraction.name_model)."""
    from extraction.pipeline import add_rule_components

    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("ner").add_label("PERSON")
    nlp.initialize()
    assert add_rule_components(nlp).get_pipe("kinscope_phrases").guess_names is True
    rules = build_pipeline(rules_only=True)
    people = [m.text for m in extract_mentions("Zainab said she was fine. Luton said nothing new.", rules)
              if m.label == "PERSON"]
    assert people == ["Zainab"]


@pytest.mark.parametrize("text, why", [
    ("Overview", "word: Overview"), ("Lessons", "word: Lessons"), ("Luton", "place: Luton"),
    ("British", "word: British"), ("hope", "lowercase: hope"), ("LA", "abbreviation: LA"),
    ("Black African", "word: Black"), ("Local Authority", "word: Local"),
])
def test_name_model_rejects_words_places_and_abbreviations(text, why):
    from extraction.name_model import unlikely_name
    assert unlikely_name(text) == why


@pytest.mark.parametrize("text", ["Bethany", "Zainab Hussain", "Okafor", "Lily-Mae", "Tomasz Wiśniewski",
                                  "E", "Moses", "Nadia Rahman"])
def test_name_model_keeps_names(text):
    from extraction.name_model import unlikely_name
    assert unlikely_name(text) is None


def test_ambiguous_given_names_need_context():
    from extraction.name_model import unlikely_name
    assert unlikely_name("Grace") is not None
    assert unlikely_name("Grace", ambiguous_ok=True) is None


def test_initial_labels_in_judgments_and_acting_police():
    text = ("The mother (\u201cM\u201d) has two children, A and B. A's father lives abroad. "
            "A said she wanted to stay. Police attended the flat. It was reported to police. Part A of the plan.")
    people = [(m.start_char, m.text) for m in extract_mentions(text, build_pipeline(rules_only=True))
              if m.label in ("PERSON", "ROLE")]
    texts = [t.rstrip(".") for _, t in people]
    assert "M" in texts and texts.count("A") == 3 and "B" in texts and "Police" in texts
    assert text.index("Part A") + 5 not in {s for s, _ in people}
    assert not any(s == text.index("to police") + 3 for s, _ in people)
