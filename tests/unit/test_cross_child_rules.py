"""Cross-child linking of mention-only people (linkage.cross_child): pure rules."""

from linkage.cross_child import _roles_conflict, link_across_children
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
