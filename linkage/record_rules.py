"""Two rules for a council's adult records that the learned pair scores cannot see.

A council writes one real adult once per child, and on siblings' files the records of a
mother disagree where a pair model reads disagreement as a different person:

* **surname change** (:func:`lift_surname_changes`): the same full given name (or a one-letter
  spelling of it, a short form: "Danna" / "Dana"), the same role towards the children, one gender, no date of birth against (equal, or blank on one), and
  the same phone number or e-mail address -- but another family name ("Dana Whitlock" /
  "Dana Farrow", maiden and married names). The pair's score is raised to ``lift``.
  A contact field is what carries it: a mother and a daughter of one name sharing a phone
  differ in role (mother / grandmother) or in date of birth.
* **a parent on siblings' files** (:func:`join_parents_of_siblings`): after clustering, two
  persons each holding a ``mother`` (or ``father``) record, on two children that a third,
  family person (grandparent, aunt, uncle, the other parent) shows to be siblings, with the
  same full given name, one gender and no date of birth against: one parent ("Ines
  Calloway" on one child's file, "Ines Marr" on her brother's). A grandparent, aunt or uncle
  on two files also makes cousins (two mothers named Sarah, each the daughter-in-law of one
  grandmother): shown that way, the two parent records must also agree on something of their
  own -- the family name, a full date of birth, a phone, an e-mail, an address or a postcode;
  the other parent on both files is enough by itself.

Neither rule joins records on one name alone, and both keep the household trap shut: a
date of birth on both records that differs, another role, another gender, or another given
name leaves the records apart (a Jr/Sr pair differs in role or in date of birth; twins in
given name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import numpy

from linkage import scoring
from linkage.normalise import is_initial, record_given_similarity, relationship_distance

PARENT_ROLES = frozenset({"mother", "father"})
# a person on two children's files in one of these roles makes the children siblings
FAMILY_ROLES = frozenset({"mother", "father", "parent", "grandmother", "grandfather", "grandparent",
                          "aunt", "uncle"})
# the family roles a cousin's file holds too: siblings not shown by a parent of both need a shared detail
COUSIN_ROLES = FAMILY_ROLES - {"mother", "father", "parent"}
OWN_DETAILS = ("family", "dob", "phone", "email", "address", "postcode")
# kin roles that each name one relative of a child ("parent" and "grandparent" do not)
ONE_RELATIVE_ROLES = frozenset({"mother", "father", "grandmother", "grandfather", "aunt", "uncle",
                                "sibling", "cousin"})


def two_relatives_of_one_child(a: dict, b: dict) -> bool:
    """Two prepared records on one child's file whose kin roles one person cannot both hold to
    that child (father / half-brother, the maternal / the paternal grandmother). A record written
    twice keeps a role one person can hold ("Associate" / "Known associate", "Mum's boyfriend" /
    "Step father"), so only kin roles are read."""
    ca, cb, ra, rb = a.get("child"), b.get("child"), a.get("role"), b.get("role")
    if not ca or ca != cb or not ra or not rb:
        return False
    if ra.partition(":")[0] not in ONE_RELATIVE_ROLES or rb.partition(":")[0] not in ONE_RELATIVE_ROLES:
        return False
    return relationship_distance(ra, rb) >= 1.0


def _given(rec: dict) -> str | None:
    g = rec.get("given")
    if not g or is_initial(g.split()[0]) or len(g.split()[0]) < 2:
        return None
    return g


def compatible(a: dict, b: dict) -> bool:
    """Neither gender nor a full date of birth against."""
    if a.get("gender") and b.get("gender") and a["gender"] != b["gender"]:
        return False
    return not (a.get("dob") and b.get("dob") and a["dob"] != b["dob"])


def no_conflict(a: dict, b: dict, min_given: float = 1.0) -> bool:
    """The same role, full given names at least ``min_given`` alike (1: the same name; 0.8: a
    one-letter spelling or a short form, :func:`~linkage.normalise.record_given_similarity`), and
    neither gender nor a full date of birth against."""
    ga, gb = _given(a), _given(b)
    if ga is None or gb is None or not a.get("role") or a.get("role") != b.get("role"):
        return False
    if ga != gb and (min_given >= 1.0 or record_given_similarity(ga, gb) < min_given):
        return False
    return compatible(a, b)


def lift_surname_changes(scores, records: list[dict], ia, ib, lift: float, min_given: float = 0.8) -> int:
    """Raise (in place) the scores of candidate pairs that are one person under two family names
    (see the module docstring); ``records[ia[i]]``, ``records[ib[i]]`` are pair ``i``'s records.
    Returns how many were raised."""
    if not len(ia):
        return 0
    contact = numpy.zeros(len(ia), bool)
    for field in ("phone", "email"):
        codes = scoring.record_codes(records, field)[0]
        contact |= (codes[ia] >= 0) & (codes[ia] == codes[ib])
    raised = 0
    score = scores["score"]
    for i in numpy.flatnonzero(contact & (score < lift)):
        a, b = records[ia[i]], records[ib[i]]
        if a.get("family") != b.get("family") and no_conflict(a, b, min_given):
            score[i] = lift
            raised += 1
    return raised


def _siblings(groups: list[list[str]], data: dict[str, dict], max_children: int) -> dict[tuple[str, str], bool]:
    """Pairs of children one family person (a group of records) is on the files of, each with
    whether only a grandparent, aunt or uncle shows it (they may be cousins)."""
    out: dict[tuple[str, str], bool] = {}
    for ids in groups:
        roles: dict[str, set[str]] = defaultdict(set)
        for r in ids:
            role = (data[r].get("role") or "").split(":")[0]
            if role in FAMILY_ROLES and data[r].get("child"):
                roles[data[r]["child"]].add(role)
        if 2 <= len(roles) <= max_children:
            for c1, c2 in combinations(sorted(roles), 2):
                cousins_too = not (roles[c1] - COUSIN_ROLES and roles[c2] - COUSIN_ROLES)  # a parent of both?
                out[(c1, c2)] = out.get((c1, c2), True) and cousins_too
    return out


def possible_joins(parents: dict[str, dict], siblings_of: dict[str, set[str]],
                   examine: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs ``(a, b)``, ``a`` among ``examine``, of parent records the rule could join
    whatever their groups are: the same parent role and full given name with :func:`no_conflict`,
    on two children that are or may be siblings (``siblings_of``: child -> those children). A
    record in no such pair is never joined to another by the rule, nor parted: an increment
    needs only these pairs' records (:func:`linkage.resolve_records.close_scope`). ``parents``:
    the rule's view of the records (role, given, child...), other records ignored."""
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rid, rec in parents.items():
        if rec.get("role") in PARENT_ROLES and rec.get("child") and _given(rec):
            index[(rec["role"], _given(rec))].append(rid)
    out = []
    for a in examine:
        rec = parents.get(a)
        if rec is None or rec.get("role") not in PARENT_ROLES or not rec.get("child") or not _given(rec):
            continue
        here = rec["child"]
        near = siblings_of.get(here, set())
        for b in index[(rec["role"], _given(rec))]:
            there = parents[b]["child"]
            if there != here and there in near and no_conflict(rec, parents[b]):
                out.append((a, b))
    return out


def _share_a_detail(a: dict, b: dict) -> bool:
    return any(a.get(k) and a.get(k) == b.get(k) for k in OWN_DETAILS)


def join_parents_of_siblings(groups: list[list[str]], data: dict[str, dict],
                             max_children: int = 8) -> list[list[str]]:
    """``groups`` (record ids per person) with the persons that are one parent on siblings'
    files joined (see the module docstring); the order of the untouched groups is kept."""
    siblings = _siblings(groups, data, max_children)
    if not siblings:
        return groups
    group_of = {rid: k for k, ids in enumerate(groups) for rid in ids}
    parents: dict[str, list[str]] = defaultdict(list)  # child -> its parent records
    for rid, rec in data.items():
        if rec.get("role") in PARENT_ROLES and rec.get("child"):
            parents[rec["child"]].append(rid)
    members = {k: list(ids) for k, ids in enumerate(groups)}  # root -> the records joined under it
    root = list(range(len(groups)))

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    for (c1, c2), cousins_too in sorted(siblings.items()):
        for a in parents.get(c1, ()):
            for b in parents.get(c2, ()):
                ga, gb = find(group_of[a]), find(group_of[b])
                # every record of the one person agrees with every record of the other
                if ga != gb and no_conflict(data[a], data[b]) and \
                        (not cousins_too or _share_a_detail(data[a], data[b])) and \
                        all(compatible(data[x], data[y]) for x in members[ga] for y in members[gb]):
                    root[gb] = ga
                    members[ga].extend(members.pop(gb))
    return [members[k] for k in sorted(members)]
