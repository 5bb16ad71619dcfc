"""Forms of published case reviews (issue 9, sixth dev extension): the front matter and apparatus
of a review that look like people or places and are neither (an author's post-nominal letters,
citations of research, the publishing partnership or council, the review's own name, a vitamin, a
syndrome, a police operation), and the people and places reviews write that notes seldom do
(places anonymised by number, step-kin of the grandparents' generation, "a number of"
perpetrators, bare parents acting, police initiating, specialist job titles). Invented sentences;
the NER's output is simulated where the rule under test reads it (rules only otherwise)."""

from __future__ import annotations

import pytest
from extraction.pipeline import build_pipeline, extract_mentions, mentions_of
from extraction.review_noise import is_noise


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _with_ner(nlp, text: str, tagged: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The mentions when a statistical NER had tagged every occurrence of each (text, label)."""
    doc = nlp.make_doc(text)
    ents = []
    for name, label in tagged:
        start = 0
        while (i := text.find(name, start)) >= 0:
            ents.append(doc.char_span(i, i + len(name), label=label))
            start = i + len(name)
    doc.ents = sorted((e for e in ents if e is not None), key=lambda s: s.start)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return {(m.text, m.label) for m in mentions_of(doc)}


def _spans(nlp, text):
    return {(m.text, m.label) for m in extract_mentions(text, nlp)}


def test_an_authors_post_nominal_letters_are_no_role(nlp):
    text = "Overview author:\n\nMaria Tenby MSc, RGN, RHV\n\nThe HV visited Lacey at home."
    got = _with_ner(nlp, text, [("Maria Tenby", "PERSON"), ("RGN", "ROLE"), ("RHV", "ROLE"), ("HV", "ROLE")])
    assert ("Maria Tenby", "PERSON") in got
    assert not {t for t, lab in got if lab == "ROLE" and t in ("RGN", "RHV", "MSc")}
    assert ("The HV", "ROLE") in got or ("HV", "ROLE") in got  # a health visitor in running text stays


def test_a_single_role_abbreviation_after_a_name_and_comma_is_still_a_role():
    text = "Dee Marsh, HV, visited on Monday."
    i = text.find("HV")
    assert not is_noise(text, i, i + 2, "ROLE")


def test_citations_of_research_are_not_people(nlp):
    text = ("Learning echoes Garland, P. (2016) and earlier work (Holloway et al., 2011). "
            "Tamsin told her teacher.")
    got = _with_ner(nlp, text, [("Garland", "PERSON"), ("P.", "PERSON"), ("Holloway", "PERSON"), ("Tamsin", "PERSON")])
    people = {t for t, lab in got if lab == "PERSON"}
    assert "Tamsin" in people
    assert not people & {"Garland", "P.", "Holloway"}


def test_the_publishing_partnership_or_council_holds_no_person_or_place(nlp):
    text = ("A report by the Wexcombe and Milton Ashby Safeguarding Children Boards found that "
            "Dorrington Borough Council had not shared the referral about Child K in time.")
    got = _with_ner(nlp, text, [("Milton Ashby", "PERSON"), ("Dorrington", "PERSON")])
    assert not {t for t, lab in got if lab == "PERSON" and t != "Child K"}
    assert ("Child K", "PERSON") in got
    assert not {t for t, lab in got if lab in ("PLACE", "SETTING")}


def test_a_reviews_own_name_is_no_gp_practice(nlp):
    text = ("The Child Safeguarding Practice Review panel met twice. A local child practice review "
            "also asked about their safeguarding practice. Mum took Kai to the GP practice.")
    places = {t for t, lab in _spans(nlp, text) if lab in ("PLACE", "SETTING")}
    assert places == {"the GP practice"}


def test_vitamins_syndromes_and_police_operations_are_not_people(nlp):
    text = "Baby R had vitamin D deficiency and Ehlers Danlos Syndrome; Operation Kestrel followed."
    got = _with_ner(nlp, text, [("D", "PERSON"), ("Ehlers Danlos Syndrome", "PERSON"), ("Operation Kestrel", "PERSON")])
    assert {t for t, lab in got if lab == "PERSON"} == {"Baby R"}


def test_places_anonymised_by_a_number_or_letter_are_places(nlp):
    text = "Child 3 was carried back to Address 2 and then taken to Hospital 1; he later joined School B in May."
    places = {t for t, lab in _spans(nlp, text) if lab in ("PLACE", "SETTING")}
    assert {"Address 2", "Hospital 1", "School B"} <= places


def test_step_kin_of_the_grandparents_generation_is_a_role(nlp):
    roles = {t for t, lab in _spans(nlp, "The risk came from her maternal step-grandfather and a lodger.") if lab == "ROLE"}
    assert "her maternal step-grandfather" in roles


def test_a_number_of_perpetrators_is_a_group(nlp):
    groups = {t for t, lab in _spans(nlp, "A number of perpetrators were later convicted.") if lab == "GROUP"}
    assert "A number of perpetrators" in groups


def test_bare_parents_acting_are_a_group_but_parents_in_general_are_not(nlp):
    groups = {t for t, lab in _spans(nlp, "After the fall, parents initially refused an x-ray.") if lab == "GROUP"}
    assert "parents" in groups
    generic = {t for t, lab in _spans(nlp, "Leaflets help when parents refused before. It is for parents to decide.")
               if lab == "GROUP"}
    assert "parents" not in generic


def test_police_initiating_an_act_is_a_role(nlp):
    roles = {t for t, lab in _spans(nlp, "The twins were hungry and police initiated protection that night.") if lab == "ROLE"}
    assert "police" in roles


def test_specialist_job_titles_are_roles(nlp):
    text = "The Lead Investigator spoke to the Named Safeguarding Consultant about Jaden."
    roles = {t for t, lab in _spans(nlp, text) if lab == "ROLE"}
    assert {"The Lead Investigator", "the Named Safeguarding Consultant"} <= roles


def test_school_and_home_as_modifiers_are_no_places(nlp):
    text = "Concerns included school absence, being off the school roll and home educated siblings."
    places = {t for t, lab in _spans(nlp, text) if lab in ("PLACE", "SETTING")}
    assert not places


def test_the_chair_of_a_board_is_one_role_with_the_board_inside(nlp):
    text = "Ann Perrow, Independent Chair of the Haleford Safeguarding Children Board, said the review was complete."
    got = _spans(nlp, text)
    assert ("Independent Chair of the Haleford Safeguarding Children Board", "ROLE") in got
    assert ("Ann Perrow", "PERSON") in got


def test_the_bare_child_opening_a_sentence_is_the_child_of_the_review(nlp):
    text = "Background: Child had a burn to the hand. Child Protection procedures were not followed."
    roles = {t for t, lab in _spans(nlp, text) if lab == "ROLE"}
    assert "Child" in roles


def test_bare_family_and_siblings_acting_and_coordinated_are_groups(nlp):
    got = _spans(nlp, "Background: family were known to the GP only. Child T and siblings were moved.")
    groups = {t for t, lab in got if lab == "GROUP"}
    assert {"family", "siblings"} <= groups


def test_an_emergency_department_is_a_place_and_a_health_provision_is_not(nlp):
    text = "Visits were made to GP, dentist and Accident and Emergency Department. Her health provision was in another county."
    places = {t for t, lab in _spans(nlp, text) if lab in ("PLACE", "SETTING")}
    assert "Accident and Emergency Department" in places
    assert not any("provision" in p for p in places)


def test_an_age_in_years_and_months_is_a_role_and_life_is_no_name(nlp):
    got = _spans(nlp, "Life changing injuries to a 3-year-2-month-old boy were found by her tutors.")
    assert ("a 3-year-2-month-old boy", "ROLE") in got
    assert ("her tutors", "ROLE") in got
    assert not {t for t, lab in got if lab == "PERSON"}


def test_a_named_reviewers_job_after_the_name_is_a_role_and_a_cited_initial_is_none(nlp):
    text = ("Report by: Ola Brandt, Independent Reviewer and Overview Report Author\n\n"
            "The Independent Reviewer met Child W. Research (Harlow, K. (2012)) was read.")
    got = _with_ner(nlp, text, [("K.", "ROLE"), ("Harlow", "PERSON")])
    assert ("Independent Reviewer and Overview Report Author", "ROLE") in got
    assert not {t for t, lab in got if t in ("K.", "Harlow", "The Independent Reviewer")}


def test_letter_labelled_children_with_a_serial_comma_are_one_group(nlp):
    groups = {t for t, lab in _spans(nlp, "The experiences of Children P, Q, R, and S were heard.") if lab == "GROUP"}
    assert "Children P, Q, R, and S" in groups
