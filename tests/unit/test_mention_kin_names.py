"""Mention rules for kin words written as names, a kin word with an initial, a variant spelling
of a first name the notes also write as it is, and first names bridging two full names across
children (linkage.mention_matching, linkage.resolve_mentions, linkage.cross_child): invented
names only."""

from linkage.cross_child import link_across_children
from linkage.mention_matching import Candidate, cluster_unmatched, kin_word, match_name, parse_name_form
from linkage.resolve_mentions import ChildContext, MentionCluster, resolve_child


def _m(mid, label, text, start, role=None, record="N-1"):
    return {"mention_id": mid, "label": label, "text": text, "record_type": "case_note", "record_id": record,
            "start": start, "end": start + len(text), "confidence": 0.9, "role": role, "relation_to": None,
            "agency": None, "record_date": "2024-01-01", "child_id": "C-1"}


def _adult(pid, given, family, roles=(), gender=None, kind="adult"):
    c = Candidate(pid, kind, gender=gender)
    c.add_name(given, family)
    c.roles = set(roles)
    return c


def _context(*adults):
    child = Candidate("child:C-1", "child", gender="m")
    child.add_name("Zayd", "Qureshi")
    return ChildContext("C-1", "child:C-1", [child, *adults], {"zayd", "zayd qureshi"})


def test_a_kin_word_alone_is_a_role_and_a_kin_word_before_a_name_is_a_prefix():
    assert kin_word("Abbu") == "abbu"
    assert kin_word("my Nani") == "nani"
    assert kin_word("Dadi's") == "dadi"
    assert kin_word("Dada ji") == "dada"       # a term of respect after it
    assert kin_word("Nani Pat") is None       # a name with a prefix
    assert kin_word("Ibrahim") is None
    assert kin_word("Mgm") == "mgm"           # an abbreviation the extractor took for a name


def test_a_grandparents_abbreviation_taken_for_a_name_is_the_one_holder_of_the_role():
    gran = _adult("P-gran", "Brenda", "Hollis", {"grandmother:maternal"}, "f")
    other = _adult("P-pgm", "Irene", "Qureshi", {"grandmother:paternal"}, "f")
    decisions, clusters = resolve_child(_context(gran, other), [_m("g", "PERSON", "Mgm", 0)])
    assert [(d.key, d.method) for d in decisions] == [("P-gran", "kin-name")]
    assert clusters == []


def test_a_kin_word_joins_the_one_holder_of_its_role_whatever_role_a_neighbour_gave_it():
    dad = _adult("P-dad", "Tariq", "Qureshi", {"father"}, "m")
    gran = _adult("P-gran", "Rukhsana", "Qureshi", {"grandmother:paternal"}, "f")
    # "my Ammi and Abbu, Dadi": the extractor gave "Abbu" the role of the word after it
    people = [_m("a", "PERSON", "Abbu", 10, role="paternal grandmother")]
    roles = [_m("d", "ROLE", "Dadi", 16, role="paternal grandmother")]
    decisions, clusters = resolve_child(_context(dad, gran), people + roles)
    keys = {d.mention_id: (d.key, d.method) for d in decisions}
    assert keys["a"] == ("P-dad", "kin-name")
    assert keys["d"][0] == "P-gran"           # not the father by apposition
    assert clusters == []


def test_a_kin_word_with_two_holders_or_none_stays_a_person_of_its_own():
    gran_m = _adult("P-g1", "Rukhsana", "Qureshi", {"grandmother:paternal"}, "f")
    gran_p = _adult("P-g2", "Shamim", "Bhatti", {"grandmother:maternal"}, "f")
    # "Nana" means grandmother here, side not said: two grandmothers -> neither
    decisions, clusters = resolve_child(_context(gran_m, gran_p), [_m("a", "PERSON", "Nana", 0)])
    assert decisions[0].method == "cluster" and clusters[0].roles == {"grandmother"}
    # "Chacha" and no uncle recorded: a person of its own with the role, not dropped
    decisions, clusters = resolve_child(_context(gran_m), [_m("a", "PERSON", "Chacha", 0)])
    assert decisions[0].method == "cluster" and clusters[0].roles == {"paternal uncle"}


def test_a_recorded_first_name_that_is_a_kin_word_is_a_name():
    # a man recorded as "Dada Mensah": "Dada" is his name, not a grandfather
    uncle = _adult("P-u", "Dada", "Mensah", {"uncle"}, "m")
    grandad = _adult("P-g", "Kwabena", "Mensah", {"grandfather:paternal"}, "m")
    decisions, _ = resolve_child(_context(uncle, grandad), [_m("a", "PERSON", "Dada", 0)])
    assert decisions[0].key == "P-u" and decisions[0].method == "gazetteer"


def test_a_kin_word_with_an_initial_names_the_one_adult_of_that_letter_and_gender():
    aunt = _adult("P-a", "Folake", "Adebayo", {"kinship carer"}, "f")
    dad = _adult("P-d", "Femi", "Adebayo", {"father"})       # gender from the recorded role
    hit = match_name(parse_name_form("Auntie F"), None, [aunt, dad])
    assert hit and hit.person_id == "P-a"
    assert match_name(parse_name_form("Uncle F"), None, [aunt, dad]).person_id == "P-d"
    # two women of that letter: neither
    other = _adult("P-o", "Funke", "Lawal", {"friend"}, "f")
    assert match_name(parse_name_form("Auntie F"), None, [aunt, dad, other]) is None
    # an initial without a kin word is no name at all
    assert match_name(parse_name_form("F"), None, [aunt]) is None


def test_a_variant_spelling_of_a_first_name_written_as_it_is_does_not_join_that_full_name():
    # "supervision with Helen" (the team manager) beside "Ellen Dunmore at CAMHS" and "Ellen"
    forms = [parse_name_form(t) for t in ("Helen", "Ellen Dunmore", "Ellen")]
    groups = cluster_unmatched(forms)
    assert sorted(groups) == [[0], [1, 2]]
    # with no "Ellen" written alone, "Helen" still joins the one compatible full name
    assert cluster_unmatched([parse_name_form(t) for t in ("Helen", "Ellen Dunmore")]) == [[0, 1]]


def _cluster(child, key, texts, roles=()):
    return MentionCluster(child, [key], [parse_name_form(t) for t in texts], list(texts), set(roles),
                          set(), {f"case_note:{key}"}, [0.9] * len(texts), key=key)


def test_a_first_name_does_not_bridge_two_full_names_of_different_families():
    interpreter = _cluster("C-3", "P-0", ["Elena Voicu"])
    manager = _cluster("C-1", "P-1", ["Helen Ashby", "Helen"], {"team manager"})
    bare = _cluster("C-2", "P-2", ["Helen"], {"team manager"})
    # the interpreter's pair sorts first by key; both pairs have one point of context
    ctx = {"case_note:P-2": {"person:P-mum"}, "case_note:P-0": {"person:P-mum"}}
    final = link_across_children([interpreter, manager, bare], ctx)
    assert final["P-2"] == final["P-1"]          # the name written the same way goes first
    assert final["P-0"] != final["P-1"]          # and the interpreter is not the team manager


def test_initials_fit_the_one_full_name_of_a_group_sharing_a_child():
    # "HC" and "Helen" in one child's notes, "Helen Ashby, team manager" named in full elsewhere
    a = _cluster("C-1", "P-1", ["Helen Ashby", "HA"], {"team manager"})
    b = _cluster("C-2", "P-2", ["Helen", "HA"], {"team manager"})
    c = _cluster("C-2", "P-3", ["Mrs Ashby"], {"team manager"})
    final = link_across_children([a, b, c], {})
    assert final["P-2"] == final["P-1"] == final["P-3"]


def test_initials_join_the_one_first_name_given_the_same_professional_role():
    forms = [parse_name_form(t) for t in ("Helen", "HC", "Hamid")]
    tm = {"team manager"}
    assert sorted(cluster_unmatched(forms, [tm, tm, {"youth worker"}])) == [[0, 1], [2]]
    # no role, a family role, or two first names of that letter and role: apart
    assert sorted(cluster_unmatched(forms, [set(), set(), set()])) == [[0], [1], [2]]
    assert sorted(cluster_unmatched(forms, [{"uncle"}, {"uncle"}, set()])) == [[0], [1], [2]]
    assert sorted(cluster_unmatched(forms, [tm, tm, tm])) == [[0], [1], [2]]


def test_a_named_school_is_context_and_its_letterhead_name_is_the_same_school():
    from linkage.cross_child import record_context_of
    from linkage.places import organisation_key
    from linkage.resolve_mentions import Decision
    assert organisation_key("Wexcombe Primary School") == organisation_key("Wexcombe Primary") == "wexcombe primary"
    assert organisation_key("The School") == "school"
    mentions = [_m("o1", "ORG", "Wexcombe Primary", 0, record="N-1"), _m("o2", "ORG", "Police", 0, record="N-2")]
    decisions = [Decision("o1", "organisation", organisation_key("Wexcombe Primary"), 0.9, "organisation_key"),
                 Decision("o2", "organisation", "police", 0.9, "organisation_key")]
    ctx = record_context_of(mentions, decisions)
    assert ctx["case_note:N-1"] == {"org:wexcombe primary"} and not ctx.get("case_note:N-2")
    # "Oliver" in one child's notes at the school, "O. Tranter" signing the school's letter in a
    # sibling's: one point of context is what a first name against a full name needs
    teacher = _cluster("C-2", "P-1", ["O. Tranter", "Oliver"])
    bare = _cluster("C-1", "P-2", ["Oliver"])
    final = link_across_children([teacher, bare], {"case_note:P-1": {"org:wexcombe primary"},
                                                   "case_note:P-2": {"org:wexcombe primary"}})
    assert final["P-2"] == final["P-1"]
    assert link_across_children([teacher, bare], {})["P-2"] != "P-1"


def test_a_first_name_beside_a_titled_surname_joins_that_professionals_full_name():
    from linkage.cross_child import record_context_of
    # C-2's note: "Spoke to Dr Quarrie at CAMHS ... Ingrid thinks"; C-1's: "Ingrid Quarrie"
    mentions = [_m("p1", "PERSON", "Dr Quarrie", 8, record="N-2"), _m("p2", "PERSON", "Ingrid", 40, record="N-2"),
                _m("p3", "PERSON", "Ingrid Quarrie", 8, record="N-1"),
                _m("p4", "PERSON", "Ingrid", 8, record="N-3"), _m("p5", "PERSON", "Mr Quarrie", 20, record="N-3")]
    ctx = record_context_of(mentions, [])
    assert ctx["case_note:N-2"] == {"pro-surname:quarrie"} and ctx["case_note:N-1"] == {"surname:quarrie"}
    full = MentionCluster("C-1", ["p3"], [parse_name_form("Ingrid Quarrie")], ["Ingrid Quarrie"], set(), set(),
                          {"case_note:N-1"}, [0.9], key="P-1")
    beside_dr = MentionCluster("C-2", ["p2"], [parse_name_form("Ingrid")], ["Ingrid"], set(), set(),
                               {"case_note:N-2"}, [0.9], key="P-2")
    beside_mr = MentionCluster("C-3", ["p4"], [parse_name_form("Ingrid")], ["Ingrid"], set(), set(),
                               {"case_note:N-3"}, [0.9], key="P-3")
    final = link_across_children([full, beside_dr, beside_mr], ctx)
    assert final["P-2"] == final["P-1"]
    assert final["P-3"] != final["P-1"]      # "Mr Quarrie" is anyone of that family: no evidence
