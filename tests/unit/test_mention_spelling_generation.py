"""Mention rules for names spelt by ear, generation markers and an initial for a first name
(linkage.spelling_key, linkage.mention_matching, linkage.cross_child): invented names only."""

from linkage.cross_child import link_across_children
from linkage.mention_matching import Candidate, cluster_unmatched, match_name, parse_name_form
from linkage.resolve_mentions import MentionCluster
from linkage.spelling_key import sounds_alike, spelling_key


def _person(pid, kind, given, family, roles=(), gender=None):
    c = Candidate(pid, kind, gender=gender)
    c.add_name(given, family)
    c.roles = set(roles)
    return c


def test_spellings_by_ear_share_a_key_and_different_names_do_not():
    for heard, written in (("Shivawn", "Siobhan"), ("Neve", "Niamh"), ("Sersha", "Saoirse"),
                           ("Yousuf", "Yusuf"), ("Keeran", "Kieran"), ("Dwayne", "Duane")):
        assert sounds_alike(heard, written), (heard, written, spelling_key(heard), spelling_key(written))
    for a, b in (("Brian", "Bruno"), ("Karen", "Corinne"), ("Dan", "Dean"), ("Tom", "Tim")):
        assert not sounds_alike(a, b), (a, b)
    assert not sounds_alike("Niamh", "Niamh")  # the same spelling is not a spelling by ear


def test_full_names_written_another_way_match_the_recorded_person():
    father = _person("P-f", "adult", "Duane", "Marsh", {"father"}, "m")
    mother = _person("P-m", "adult", "Kerry-Ann", "Marsh", {"mother"}, "f")
    lodger = _person("P-l", "adult", "Ste", "Orrell", {"lodger"}, "m")
    uncle = _person("P-u", "adult", "Dean", "Marsh", {"uncle"}, "m")
    people = [father, mother, lodger, uncle, _person("P-a", "adult", "Andrei", "Popa", {"uncle"}, "m")]
    for text, who in (("Dwayne Marsh", "P-f"),      # spelt by ear, same family
                      ("Kerry Ann", "P-m"),         # a double given name as two words
                      ("Kerry Marsh", "P-m"),       # the first of the two
                      ("Steven Orrell", "P-l"),     # the recorded name is the short one
                      ("Andy", "P-a")):             # the English short form of Andrei
        hit = match_name(parse_name_form(text), None, people)
        assert hit and hit.person_id == who, text
    # another family name, or two people the short name could be: neither
    assert match_name(parse_name_form("Dwayne Lark"), None, people) is None
    steven = _person("P-s", "adult", "Steven", "Orrell", {"uncle"}, "m")
    stephanie = _person("P-t", "adult", "Stephanie", "Orrell", {"aunt"}, "f")
    assert match_name(parse_name_form("Ste Orrell"), None, [steven]).person_id == "P-s"
    assert match_name(parse_name_form("Ste Orrell"), None, [steven, stephanie]) is None


def test_a_first_name_spelt_by_ear_matches_the_one_known_person():
    mother = _person("P-m", "adult", "Siobhan", "Quill", {"mother"}, "f")
    gran = _person("P-g", "adult", "Bernadette", "Quill", {"grandmother:maternal"}, "f")
    hit = match_name(parse_name_form("Shivawn"), None, [mother, gran])
    assert hit and hit.person_id == "P-m"
    # two known people it could be: neither
    aunt = _person("P-a", "adult", "Shevonne", "Lark", {"aunt"}, "f")
    assert match_name(parse_name_form("Shivawn"), None, [mother, aunt]) is None


def test_a_short_key_needs_the_same_family_name():
    child = _person("P-c", "child", "Niamh", "Quill", gender="f")
    assert match_name(parse_name_form("Neve"), None, [child]) is None  # "niv": too many names
    hit = match_name(parse_name_form("Neve Quill"), None, [child])
    assert hit and hit.person_id == "P-c"
    assert match_name(parse_name_form("Neve Farrow"), None, [child]) is None


def test_generation_marker_is_part_of_the_name():
    form = parse_name_form("Ronan Vesey Snr")
    assert (form.given, form.family, form.generation) == ("ronan", "vesey", "older")
    assert parse_name_form("Little Ronan").generation == "younger"
    assert parse_name_form("young Ronan").given == "ronan"
    assert parse_name_form("Ronan Vesey").generation is None


def test_generation_marker_picks_the_person_of_that_generation():
    child = _person("P-c", "child", "Ronan", "Vesey", gender="m")
    dad = _person("P-d", "adult", "Ronan", "Vesey", {"father"}, "m")
    grandad = _person("P-g", "adult", "Ronan", "Vesey", {"grandfather:paternal"}, "m")
    assert match_name(parse_name_form("Ronan"), None, [child, dad]) is None  # no marker: a tie
    assert match_name(parse_name_form("Little Ronan"), None, [child, dad]).person_id == "P-c"
    assert match_name(parse_name_form("Big Ronan"), None, [child, dad]).person_id == "P-d"
    assert match_name(parse_name_form("Ronan Vesey Snr"), None, [dad, grandad]).person_id == "P-g"
    assert match_name(parse_name_form("Ronan Vesey Jnr"), None, [dad, grandad]).person_id == "P-d"


def test_a_first_name_joins_the_one_full_name_with_its_initial():
    forms = [parse_name_form(t) for t in ("T. Garside", "Tobias", "Mr Garside")]
    groups = cluster_unmatched(forms)
    assert [0, 1, 2] in groups
    # another full name with that letter: "Tobias" could be either
    forms = [parse_name_form(t) for t in ("T. Garside", "Tamsin Orme", "Tobias")]
    assert [0, 2] not in cluster_unmatched(forms) and [0, 1, 2] not in cluster_unmatched(forms)


def _cluster(child, key, texts, roles=()):
    return MentionCluster(child, [key], [parse_name_form(t) for t in texts], list(texts), set(roles),
                          set(), {f"note:{key}"}, [0.9] * len(texts), key=key)


def test_a_doctors_first_name_joins_the_one_full_name_across_children():
    clusters = [_cluster("C-1", "P-a", ["Dr Imelda Strand", "Imelda Strand"]),
                _cluster("C-2", "P-b", ["Imelda"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] == final["P-b"]
    # with no professional title or role, a first name needs context
    clusters = [_cluster("C-1", "P-a", ["Imelda Strand"]), _cluster("C-2", "P-b", ["Imelda"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] != final["P-b"]


def test_a_first_name_joins_an_initial_across_children_when_the_notes_gave_both():
    clusters = [_cluster("C-1", "P-a", ["Mr Garside"], ["class teacher"]),
                _cluster("C-2", "P-b", ["T. Garside", "Tobias"], ["class teacher"]),
                _cluster("C-1", "P-c", ["Tobias"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] == final["P-b"] == final["P-c"]
    # the initial alone does not say which first name it stands for
    clusters = [_cluster("C-2", "P-b", ["T. Garside"], ["class teacher"]), _cluster("C-1", "P-c", ["Tobias"])]
    final = link_across_children(clusters, {})
    assert final["P-b"] != final["P-c"]


def test_a_professionals_surname_typo_is_one_holder_of_the_first_name():
    clusters = [_cluster("C-1", "P-a", ["Idris Fenwicke"], ["head of year"]),
                _cluster("C-2", "P-b", ["Idris Fenwick"], ["head of year"]),
                _cluster("C-3", "P-c", ["Idris"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] == final["P-b"] == final["P-c"]



def test_a_first_name_joins_the_professional_who_holds_it_not_another_who_was_once_called_it():
    clusters = [_cluster("C-1", "P-a", ["Dr Imelda Strand", "Imelda Strand"]),
                _cluster("C-2", "P-b", ["Orla Penhale", "Imelda"]),  # a note's slip: the manager Orla
                _cluster("C-3", "P-c", ["Imelda"])]
    final = link_across_children(clusters, {})
    assert final["P-c"] == final["P-a"]
    assert final["P-b"] != final["P-a"]


def test_a_role_word_of_no_kind_does_not_push_a_worker_away():
    worker = _person("worker:W-1", "worker", "Imelda", "Strand", {"independent reviewing officer"}, "f")
    assert match_name(parse_name_form("Imelda Strand"), "chair", [worker]).person_id == "worker:W-1"
    assert match_name(parse_name_form("Imelda Strand"), "aunt", [worker]) is None


def test_a_bare_first_name_is_the_person_a_full_name_of_it_was_placed_as():
    from linkage.resolve_mentions import ChildContext, resolve_child
    father = _person("P-f", "adult", "Duane", "Marsh", {"father"}, "m")
    ctx = ChildContext("C-1", "P-c", [_person("P-c", "child", "Ava", "Marsh", gender="f"), father], {"ava"}, set())

    def mention(i, text):
        return {"mention_id": f"note:N-{i}:0-{len(text)}", "label": "PERSON", "text": text, "start": 0,
                "end": len(text), "role": None, "relation_to": None, "agency": None, "confidence": 0.9,
                "child_id": "C-1", "record_date": "2024-05-01", "record_type": "note", "record_id": f"N-{i}",
                "alias_of": None}
    decisions, _ = resolve_child(ctx, [mention(1, "Dwayne Marsh"), mention(2, "Dwayne")])
    assert {d.mention_id: d.key for d in decisions} == {"note:N-1:0-12": "P-f", "note:N-2:0-6": "P-f"}
