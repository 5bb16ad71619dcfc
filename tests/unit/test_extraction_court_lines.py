"""Forms of the fifth real-text extension's dev half (issue 9): Scottish and Northern Irish court
headers (the bench, party designations, "Counsel, QC, Junior; Firm" representation lines, a
firm inside "(instructed by ...)"), names in capitals on title and party lines, letter-labelled
parties, and given names that are English words before a verb. Invented sentences; the NER's
output is simulated where the rule under test reads it (rules only otherwise)."""

from __future__ import annotations

import pytest
from extraction import caps_names, court_lines
from extraction.pipeline import build_pipeline
from rule_forms import spans as _spans
from rule_forms import with_ner as _with_ner


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(rules_only=True)


def _people(pairs) -> set[str]:
    return {t for t, lab in pairs if lab == "PERSON"}


def test_scottish_representation_lines_give_counsel_not_firms():
    text = ("Petitioners: Munro, Q.C., Baird; Fenwick Laidlaw\n"
            "Alt (First Reclaimer): K Dunbar, QC, Wild; Carrick Family Law (for Elms Law)\n"
            "Mother: Ms Tait, Rose & Ogilvie, Forfar\n"
            "Act: Party")
    counsel, ranges = court_lines.representation(text)
    assert [text[s:e] for s, e in counsel] == ["Munro", "Baird", "K Dunbar", "Wild", "Ms Tait"]
    firm = text.index("Fenwick")
    assert court_lines.in_ranges(ranges, firm, firm + 7)


def test_a_minutes_line_with_a_colon_is_not_read_as_representation():
    counsel, ranges = court_lines.representation("Mother: Karen Owen (present)\nFather: did not attend")
    assert counsel == () and ranges == ()


def test_the_bench_and_the_judge_writing_are_left_out():
    text = ("Lord Arbroath\nLady Menzies\nOPINION OF THE COURT\ndelivered by LADY MENZIES\n"
            "JUDGMENT\nof\nSheriff Alan J Pirie\nBRODIE J\nBefore: Kerr LJ, Boyd LJ and Adair LJ\n"
            "Before Boyd J the mother had been represented by Mr Lane.")
    for name in ("Lord Arbroath", "LADY MENZIES", "Sheriff Alan J Pirie", "BRODIE J", "Boyd LJ"):
        assert court_lines.judge_line(text, text.index(name)), name
    assert not court_lines.judge_line(text, text.index("Mr Lane"))


def test_party_designation_lines_are_no_one(nlp):
    text = "in the cause\nJT\nPursuer and Appellant;\nagainst\nRT\nDefender and Respondent:\n"
    assert court_lines.designation_line(text, text.index("Pursuer"))
    people = _people(_with_ner(nlp, text, [("Appellant", "PERSON"), ("Respondent", "PERSON")]))
    assert {"JT", "RT"} <= people and not people & {"Appellant", "Respondent", "Pursuer"}


def test_a_firm_inside_instructed_by_is_no_person(nlp):
    text = "Ms Boyle QC with Mr Quinn BL (instructed by Hanna, Grant & Lyle solicitors) for the Guardian ad Litem"
    people = _people(_with_ner(nlp, text, [("Lyle", "PERSON"), ("Ms Boyle", "PERSON")]))
    assert "Lyle" not in people and any(p.startswith("Ms Boyle") for p in people)


def test_names_in_capitals_on_title_and_party_lines():
    text = ("IN THE MATTER OF GRACE AND TOBIAS (MINORS)\nBETWEEN:\nA HEALTH AND SOCIAL CARE TRUST\nApplicant\n"
            "-and-\nROSE DALGLISH\nFirst Respondent\nEXECUTIVE SUMMARY\nKEY LEARNING")
    found = {text[s:e] for s, e in caps_names.caps_party_names(text)}
    assert found == {"GRACE", "TOBIAS", "ROSE DALGLISH"}


def test_letter_parties_of_scottish_and_northern_irish_papers(nlp):
    text = ("IN THE MATTER OF T AND V (CARE ORDER)\nThe mother has been identified as \"Q\".\n"
            "The children are N, a male aged two, and SB who is now 9 years old. Their birth parents are "
            "GH (age 31) and JL.\nJK\nPursuer and Appellant;\n")
    assert {"T", "V", "Q", "N", "SB", "GH", "JK"} <= _people(_spans(nlp, text))


def test_scottish_parties_by_role_are_roles(nlp):
    roles = {t for t, lab in _spans(nlp, "The first appellant lives with the pursuer; the defender did not attend.")
             if lab == "ROLE"}
    assert {"The first appellant", "the pursuer", "the defender"} <= roles


def test_a_given_name_that_is_a_word_is_a_name_before_a_verb_of_speech_or_movement(nlp):
    people = _people(_spans(nlp, "Will moved in with his father. Grace told her teacher. Will attend the review."))
    assert {"Will", "Grace"} <= people
    assert "Will" not in _people(_spans(nlp, "The review is on Monday. Will attend with the social worker."))


def test_a_case_number_is_no_person(nlp):
    assert not _people(_with_ner(nlp, "Court Ref: P021/11 Sheriff court", [("P021/11", "PERSON")]))


def test_a_given_name_that_is_a_word_capitalised_inside_a_sentence_is_a_name_everywhere(nlp):
    from extraction.pipeline import extract_mentions
    hopes = [m for m in extract_mentions("The teacher told Hope that her nan would come. Hope is six.", nlp)
             if m.label == "PERSON" and m.text == "Hope"]
    assert len(hopes) == 2
    mentions = [m for m in _spans(nlp, "We walked down Hope Street to the Rose and Crown.") if m[1] == "PERSON"]
    assert not mentions


def test_an_age_or_an_appositive_role_after_a_word_name_makes_it_a_name(nlp):
    people = _people(_spans(nlp, "Summer, aged 14, lives with her mother. Dawn, the children's aunt, visited. "
                                 "The case concerns HOPE, aged 4."))
    assert {"Summer", "Dawn", "HOPE"} <= people


def test_a_letter_party_after_re_and_a_party_word_heading_a_line(nlp):
    text = "RE T (A CHILD)\nPetitioners for a permanence order in respect of the child"
    people = _people(_with_ner(nlp, text, [("Petitioners", "PERSON")]))
    assert "T" in people and "Petitioners" not in people


def test_labels_and_titles_in_capitals(nlp):
    got = _spans(nlp, "SERIOUS CASE REVIEW: CHILD D\nBABY T AND CHILD W\nBETWEEN:\nTHE TRUST\nApplicant\n-and-\n"
                      "MS TA\nFirst Respondent;\nMR K\nSecond Respondent\nCHILD PROTECTION CONFERENCE")
    assert {"CHILD D", "BABY T", "CHILD W", "MS TA", "MR K"} <= _people(got)
    assert not any(t.startswith("CHILD P") for t, _ in got)


def test_a_job_after_a_dash_in_a_members_line_is_a_role(nlp):
    roles = {t for t, lab in _spans(nlp, "Members: Ann Lee \u2013 Housing manager ; Bo Orr \u2013 Senior practitioner")
             if lab == "ROLE"}
    assert {"Housing manager", "Senior practitioner"} <= roles
