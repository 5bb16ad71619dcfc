"""Per-child mention rules (linkage.resolve_mentions): a name the extractor cut in two, role
words written as a possessive chain, and a bare surname that two full names carry."""

from linkage.mention_matching import Candidate, cluster_unmatched, parse_name_form
from linkage.resolve_mentions import ChildContext, possessive_role_chains, resolve_child, split_name_forms


def _m(mid, label, text, start, role=None, record="N-1"):
    return {"mention_id": mid, "label": label, "text": text, "record_type": "case_note", "record_id": record,
            "start": start, "end": start + len(text), "confidence": 0.9, "role": role, "relation_to": None,
            "agency": None, "record_date": "2024-01-01", "child_id": "C-1"}


def _context(*adults):
    child = Candidate("child:C-1", "child", gender="f")
    child.add_name("Tamsin", "Orrell")
    return ChildContext("C-1", "child:C-1", [child, *adults], {"tamsin", "tamsin orrell"})


def test_a_first_name_and_the_word_one_space_after_it_are_one_full_name():
    # "Visit to Bernadette Kilbride, ..." extracted as "Bernadette" + "Kilbride"
    people = [_m("a", "PERSON", "Bernadette", 9), _m("b", "PERSON", "Kilbride", 20)]
    forms = split_name_forms(people)
    assert forms["a"] == forms["b"] == parse_name_form("Bernadette Kilbride")
    # two people in a list are not one name: ", " between them
    listed = [_m("a", "PERSON", "Bernadette", 9), _m("b", "PERSON", "Kilbride", 21)]
    assert split_name_forms(listed) == {}
    # nor a full name followed by another word, nor names in two records
    assert split_name_forms([_m("a", "PERSON", "Bernadette Kilbride", 9), _m("b", "PERSON", "Sean", 29)]) == {}
    assert split_name_forms([_m("a", "PERSON", "Bernadette", 9),
                             _m("b", "PERSON", "Kilbride", 20, record="N-2")]) == {}


def test_a_cut_surname_does_not_join_another_holder_of_it():
    uncle = Candidate("P-uncle", "adult", gender="m", roles={"uncle"})
    uncle.add_name("Fergal", "Kilbride")
    people = [_m("a", "PERSON", "Bernadette", 9), _m("b", "PERSON", "Kilbride", 20),
              _m("c", "PERSON", "Bernadette Kilbride", 0, record="N-3")]
    decisions, clusters = resolve_child(_context(uncle), people)
    keys = {d.mention_id: d.key for d in decisions}
    assert keys["b"] != "P-uncle"
    assert keys["a"] == keys["b"] == keys["c"]


def test_a_possessive_chain_is_not_the_role_of_its_first_word():
    # "Dale Pryce (partner's cousin)": roles 'partner' and 'cousin' three characters apart
    people = [_m("p", "PERSON", "Dale Pryce", 0, role="partner")]
    roles = [_m("r1", "ROLE", "partner", 12, role="partner"), _m("r2", "ROLE", "cousin", 22, role="cousin")]
    assert possessive_role_chains(roles) == {"r1": "r2"}
    decisions, clusters = resolve_child(_context(), people + roles)
    assert clusters[0].roles == set()  # not the child's partner
    keys = {d.mention_id: d.key for d in decisions}
    assert keys["r2"] == keys["r1"] == keys["p"]  # the phrase names Dale
    # professional words three characters apart are two roles: "(class teacher), SW"
    pro = [_m("r1", "ROLE", "class teacher", 12, role="class teacher"), _m("r2", "ROLE", "SW", 28, role="social worker")]
    assert possessive_role_chains(pro) == {}


def test_a_bare_surname_joins_the_one_holder_whose_role_fits():
    forms = [parse_name_form(t) for t in ("Shane Pryce", "Dale Pryce", "Pryce")]
    # Shane is mum's boyfriend in the notes, Dale has no role: "Pryce (mum's partner)" is Shane
    groups = {tuple(g) for g in cluster_unmatched(forms, [{"boyfriend"}, set(), {"partner of mother"}])}
    assert (0, 2) in groups and (1,) in groups
    # two holders that fit (both partners) or no role on the surname: it stays apart
    for roles in ([{"partner"}, {"partner"}, {"partner of mother"}], [{"boyfriend"}, set(), set()]):
        groups = {tuple(g) for g in cluster_unmatched(forms, roles)}
        assert (2,) in groups, roles


def test_a_surname_first_in_capitals_and_a_bracketed_name_are_one_full_name():
    # "Subject: ORRELL, Tamsin" on a police check; "Tamsin (Tam) Orrell" in a plan
    people = [_m("a", "PERSON", "ORRELL", 9), _m("b", "PERSON", "Tamsin", 17)]
    forms = split_name_forms(people, {"orrell"})
    assert forms["a"] == forms["b"] == parse_name_form("Tamsin ORRELL")
    assert split_name_forms(people, {"kilbride"}) == {}  # no known family of that name
    people = [_m("a", "PERSON", "Tamsin", 9), _m("b", "PERSON", "Tam", 17), _m("c", "PERSON", "Orrell", 22)]
    forms = split_name_forms(people, {"orrell"})
    assert forms["a"] == forms["c"] == parse_name_form("Tamsin Orrell")
    assert forms["b"] == parse_name_form("Tam Orrell")
    # a list of first names two characters apart is a list
    listed = [_m("a", "PERSON", "Tamsin", 9), _m("b", "PERSON", "Niall", 17), _m("c", "PERSON", "Briony", 24)]
    assert split_name_forms(listed, {"orrell"}) == {}
