"""Cross-child linking of mention-only people (linkage.cross_child): pure rules."""

from linkage.cross_child import _roles_conflict, link_across_children, link_to_record_persons
from linkage.mention_matching import parse_name_form
from linkage.resolve_mentions import MentionCluster


def _cluster(child, key, texts, roles=()):
    return MentionCluster(child, [key], [parse_name_form(t) for t in texts], list(texts), set(roles),
                          set(), {f"note:{key}"}, [0.9] * len(texts), key=key)


def test_a_professionals_first_name_joins_the_one_full_name_across_children():
    clusters = [_cluster("C-1", "P-a", ["Mr Marcus Bentley", "Marcus"], ["youth worker"]),
                _cluster("C-2", "P-b", ["Marcus Bentley"], ["youth worker"]),
                _cluster("C-3", "P-c", ["Marcus"])]
    final = link_across_children(clusters, {})
    assert final["P-c"] == final["P-a"] == final["P-b"]


def test_a_relatives_first_name_does_not_join_across_children():
    clusters = [_cluster("C-1", "P-a", ["Marcus Hale"], ["uncle"]),
                _cluster("C-3", "P-c", ["Marcus"])]
    final = link_across_children(clusters, {})
    assert final["P-c"] != final["P-a"]


def test_two_professionals_of_one_first_name_leave_it_unjoined():
    clusters = [_cluster("C-1", "P-a", ["Marcus Bentley"], ["youth worker"]),
                _cluster("C-2", "P-b", ["Marcus Osei"], ["social worker"]),
                _cluster("C-3", "P-c", ["Marcus"])]
    final = link_across_children(clusters, {})
    assert final["P-c"] not in (final["P-a"], final["P-b"])


def test_roles_that_fit_one_person_are_no_conflict():
    aunt = _cluster("C-1", "P-a", ["Winifred McDonagh"], ["paternal aunt"])
    assert not _roles_conflict(aunt, _cluster("C-2", "P-b", ["Winnie"], ["aunt"]))
    # "PA": a personal adviser and a paternal aunt are one abbreviation
    assert not _roles_conflict(aunt, _cluster("C-2", "P-c", ["Winnie"], ["personal advisor"]))
    assert _roles_conflict(aunt, _cluster("C-2", "P-d", ["Winnie"], ["health visitor"]))


def test_first_name_and_title_of_one_child_join_the_full_name_other_children_give():
    # one child's notes: "Spoke with Claire", "Mrs Booth rang" -- nothing joined them there
    clusters = [_cluster("C-1", "P-a", ["Claire"]), _cluster("C-1", "P-b", ["Mrs Booth"]),
                _cluster("C-2", "P-c", ["Mrs Claire Booth"], ["head of year"]),
                _cluster("C-3", "P-d", ["Mrs Claire Booth", "Mrs Booth"], ["head of year"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] == final["P-b"] == final["P-c"] == final["P-d"]


def test_two_people_of_one_child_stay_two_when_the_full_name_fits_only_one():
    # "Claire" fits Claire Booth, "Mrs Hussain" does not: they stay two people
    clusters = [_cluster("C-1", "P-a", ["Claire"]), _cluster("C-1", "P-b", ["Mrs Hussain"]),
                _cluster("C-2", "P-c", ["Mrs Claire Booth"], ["head of year"]),
                _cluster("C-3", "P-d", ["Mrs Hussain", "Farah Hussain"], ["head of year"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] != final["P-b"]
    # and two of one child whose roles contradict stay two even when the name fits
    clusters = [_cluster("C-1", "P-a", ["Claire"], ["mother"]), _cluster("C-1", "P-b", ["Mrs Booth"], ["teacher"]),
                _cluster("C-2", "P-c", ["Mrs Claire Booth"], ["teacher"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] != final["P-b"]


def _record_person(pid, child, given, family, relationship):
    return {"person_id": pid, "records": [{"given": given, "family": family, "relationship": relationship,
                                           "child_id": child}]}


def test_a_person_under_another_surname_joins_the_record_by_first_name_and_role():
    # "Maureen Foley (MGM)" in one sibling's notes, "Maureen Foley" in the other's; the record
    # on the second sibling's file: Maureen Quinn, maternal grandmother
    clusters = [_cluster("C-1", "P-a", ["Maureen Foley", "Mrs Foley"], ["MGM"]),
                _cluster("C-2", "P-b", ["Maureen Foley"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] == final["P-b"]
    nan = _record_person("P-R-9", "C-2", "Maureen", "Quinn", "Maternal Grandmother")
    linked = link_to_record_persons(clusters, final, [nan])
    assert linked["P-a"] == linked["P-b"] == "P-R-9"
    # no role in the notes: a first name alone does not carry a surname change
    plain = [_cluster("C-1", "P-a", ["Maureen Foley"]), _cluster("C-2", "P-b", ["Maureen Foley"])]
    assert link_to_record_persons(plain, link_across_children(plain, {}), [nan])["P-a"] != "P-R-9"
    # another role, a record on an unrelated child, or the notes' surname on the record: no join
    aunt = _record_person("P-R-9", "C-2", "Maureen", "Quinn", "Maternal Aunt")
    elsewhere = _record_person("P-R-9", "C-7", "Maureen", "Quinn", "Maternal Grandmother")
    foley = _record_person("P-R-8", "C-1", "Sean", "Foley", "Father")
    for persons in ([aunt], [elsewhere], [nan, foley]):
        assert link_to_record_persons(clusters, final, persons)["P-a"] != "P-R-9", persons


def test_an_initial_and_a_first_name_join_across_children_with_context():
    # "Dr R Osei" in one child's notes, "Dr Rukhsana Osei" in another's: the same title is context
    clusters = [_cluster("C-1", "P-a", ["Dr R Osei"]), _cluster("C-2", "P-b", ["Dr Rukhsana Osei"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] == final["P-b"]
    # no shared context at all: apart
    clusters = [_cluster("C-1", "P-a", ["R Osei"]), _cluster("C-2", "P-b", ["Rukhsana Osei"])]
    final = link_across_children(clusters, {})
    assert final["P-a"] != final["P-b"]
