"""Pure rules of mention resolution (linkage.mention_matching, linkage.normalise)."""

from linkage.mention_matching import (
    Candidate,
    cluster_unmatched,
    match_name,
    one_professional_holder,
    parse_name_form,
    same_name_referents,
)
from linkage.normalise import nickname_equivalent


def _adult(pid, given, family, roles, gender=None):
    c = Candidate(pid, "adult", gender=gender)
    c.add_name(given, family)
    c.roles = set(roles)
    return c


def test_british_short_forms_join_the_full_name():
    for short, full in (("bex", "rebecca"), ("aggie", "agnes"), ("daz", "darren"), ("gaz", "gary")):
        assert nickname_equivalent(short, full), (short, full)
    assert not nickname_equivalent("daz", "gary")


def test_exact_full_name_survives_a_contradicting_role_cue():
    partner = _adult("P-1", "Lee", "Barr", {"partner of mother"}, "m")
    mother = _adult("P-2", "Sam", "Barr", {"mother"}, "f")
    hit = match_name(parse_name_form("Lee Barr"), "mother", [partner, mother])
    assert hit is not None and hit.person_id == "P-1"
    # a first name alone with a contradicting cue is still not enough
    assert match_name(parse_name_form("Lee"), "mother", [partner, mother]) is None


def test_namesakes_of_two_generations_stay_apart():
    father = _adult("P-7", "Padraig", "McDonagh", {"father"}, "m")
    # the grandfather of the same name is not on this child's file: not the father
    assert match_name(parse_name_form("Padraig McDonagh"), "paternal grandfather", [father]) is None


def test_title_and_surname_join_the_full_name_of_that_gender():
    forms = [parse_name_form(t) for t in ("Mrs Sandra Whitaker", "Mr Pete Whitaker", "Mrs Whitaker")]
    groups = {tuple(g) for g in cluster_unmatched(forms)}
    assert (0, 2) in groups and (1,) in groups


def test_one_text_names_one_person_within_a_child():
    refs = same_name_referents([("Chi", "P-mum"), ("Chi", "P-mum"), ("Chiamaka", "P-mum"),
                                ("Jo", "P-a"), ("Jo", "P-b")])
    assert refs["chi"] == "P-mum"
    assert "jo" not in refs  # matched to two people: names neither


def test_first_name_of_a_professional_named_in_full_elsewhere():
    assert one_professional_holder([("marcus", "bentley", {"youth worker"}),
                                    ("marcus", "bentley", set())])
    # two Marcuses in full: the first name alone is not enough
    assert not one_professional_holder([("marcus", "bentley", {"youth worker"}),
                                        ("marcus", "hale", {"uncle"})])
    # one Marcus, but family: first names of relatives are not shared across children
    assert not one_professional_holder([("marcus", "hale", {"uncle"})])


def test_a_kinship_cue_is_not_the_child_of_the_same_name():
    child = Candidate("child:C-1", "child")
    child.add_name("Padraig", "McDonagh")
    grandad = _adult("P-9", "Padraig", "McDonagh", {"grandfather"}, "m")
    hit = match_name(parse_name_form("Padraig McDonagh"), "paternal grandfather", [child, grandad])
    assert hit is not None and hit.person_id == "P-9"


def test_a_kinship_cue_is_not_the_brother_of_the_same_name():
    # the grandfather "Cormac Tierney" is recorded on the brother's file (a lower tier); the
    # brother shares his name: "Cormac Tierney (grandad)" names the grandfather, not the brother
    brother = Candidate("child:C-2", "sibling", gender="m")
    brother.add_name("Cormac", "Tierney")
    grandad = _adult("P-9", "Cormac", "Tierney", {"grandfather:paternal"}, "m")
    grandad.tier = 2
    hit = match_name(parse_name_form("Cormac Tierney"), "paternal grandfather", [brother, grandad])
    assert hit is not None and hit.person_id == "P-9"
    # a brother cue still names the brother
    hit = match_name(parse_name_form("Cormac Tierney"), "brother", [brother, grandad])
    assert hit is not None and hit.person_id == "child:C-2"


def test_letters_a_person_goes_by_name_that_person():
    child = Candidate("child:C-1", "child", gender="m")
    child.add_name("Cormac", "Tierney")
    child.add_name("CJ", "Tierney")  # preferred name
    father = _adult("P-7", "Cormac", "Tierney", {"father"}, "m")
    hit = match_name(parse_name_form("CJ"), None, [child, father])
    assert hit is not None and hit.person_id == "child:C-1"


def test_short_forms_no_nickname_list_holds_join_the_one_known_person():
    from linkage.mention_matching import short_form_of
    for short, full in (("roz", "rosalind"), ("tez", "terence"),
                        ("dano", "daniel"), ("rina", "katarina"), ("lacey", "lacie")):
        assert short_form_of(short, full), (short, full)
    assert not short_form_of("roz", "beverley") and not short_form_of("mo", "maureen")
    mum = _adult("P-1", "Rosalind", "Eke", {"mother"}, "f")
    gran = _adult("P-2", "Beverley", "Eke", {"grandmother"}, "f")
    assert match_name(parse_name_form("Roz"), None, [mum, gran]).person_id == "P-1"
    # two people it could be: neither
    aunt = _adult("P-3", "Rosanna", "Eke", {"aunt"}, "f")
    assert match_name(parse_name_form("Roz"), None, [mum, gran, aunt]) is None


def test_words_the_extractor_took_in_are_not_the_name():
    assert parse_name_form("encourage Tamsin") == parse_name_form("Tamsin")
    assert parse_name_form("PC 5512 Hobbs") == parse_name_form("PC Hobbs")
    assert parse_name_form("Ines de Sousa").family == "sousa"  # a particle stays part of the name
    assert parse_name_form("the child").given == "the"  # nothing capitalised after it: left alone


def test_an_initial_joins_the_one_first_name_of_that_family_it_begins():
    forms = [parse_name_form(t) for t in ("Dr R Osei", "Dr Rukhsana Osei", "Kwame Osei")]
    groups = {tuple(g) for g in cluster_unmatched(forms)}
    assert (0, 1) in groups and (2,) in groups
    # two first names with that initial: the initial names neither
    forms = [parse_name_form(t) for t in ("Dr R Osei", "Dr Rukhsana Osei", "Rita Osei")]
    assert (0,) in {tuple(g) for g in cluster_unmatched(forms)}
