"""Step c, across children: mention-only persons of different children joined, precision first.

The two must have compatible names (a full name, title + surname or first name) and enough
shared context -- a phone or address mentioned in the notes where both are mentioned (2 points
each), a named place or organisation (of two words or more) or the same co-mentioned person (1
each), the same role, agency or professional title (1 each). An exact full name needs no context (unless the roles the text
gives the two contradict), title + surname 1, a first name against a full name with that first
name 1, a first name alone 3 ("Zee" at the same flat with the same phone number in three
children's notes). Two persons of one child are never merged this way. A mention-only person
whose full name is that of exactly one person resolved from records joins it
(:func:`link_to_record_persons`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from linkage.mention_matching import (
    NameForm,
    UnionFind,
    family_name_similarity,
    one_given_for_initial,
    one_professional_holder,
    parse_name_form,
    role_key,
)
from linkage.normalise import fold, name_variants, nickname_equivalent, normalise_phone, relationship_distance
from linkage.records import _natural_key
from linkage.resolve_mentions import MentionCluster

# pure functions called for each pair of a block: computed once per role / pair of names
role_key = lru_cache(maxsize=None)(role_key)
family_name_similarity = lru_cache(maxsize=1 << 18)(family_name_similarity)
nickname_equivalent = lru_cache(maxsize=1 << 18)(nickname_equivalent)

def _context_items(records: set[str], record_context: dict[str, set[str]]) -> set[str]:
    out: set[str] = set()
    for r in records:
        out |= record_context.get(r, set())
    return out


@dataclass(frozen=True, slots=True)
class _PairView:
    """What pair scoring reads of one cluster, derived once per cluster rather than once per pair
    (a block of 200 clusters has ~20,000 pairs)."""

    fulls: tuple[NameForm, ...]      # full names
    titles: tuple[NameForm, ...]     # title + surname
    families: frozenset[str]
    givens: frozenset[str]
    written_givens: frozenset[str]   # first names of two letters or more
    role_keys: frozenset[str]
    pro_titles: frozenset[str]


def _pair_view(cl: MentionCluster) -> _PairView:
    forms = list(dict.fromkeys(cl.forms))  # a cluster of many mentions repeats its forms
    kinds = [(f, f.kind) for f in forms]
    return _PairView(
        fulls=tuple(f for f, k in kinds if k == "full"),
        titles=tuple(f for f, k in kinds if k == "title"),
        families=frozenset(f.family for f in forms if f.family),
        givens=frozenset(f.given for f in forms if f.given),
        written_givens=frozenset(f.given for f in forms if f.given and len(f.given) > 1),
        role_keys=frozenset(_role_keys(cl.roles)),
        pro_titles=frozenset({f.title for f in forms if f.title} & PRO_TITLES))


def _role_keys(roles: set[str]) -> set[str]:
    return {role_key(r) for r in roles} - {None}


def _name_relation(a: _PairView, b: _PairView) -> str | None:
    """'full', 'title', 'given' (the weakest evidence both share) or None (incompatible)."""
    fa, fb = a.fulls, b.fulls
    if fa and fb:
        fam_ok = any(family_name_similarity(x.family, y.family) >= 0.9 for x in fa for y in fb)
        if not fam_ok:
            return None
        if any(family_name_similarity(x.family, y.family) >= 0.9 and
               (x.given == y.given or nickname_equivalent(x.given, y.given)) for x in fa for y in fb):
            return "full"
        both = list(fa + fb)
        if any(one_given_for_initial(both, x, y) for x in fa for y in fb):
            return "initial"  # "Dr T Mahmood" / "Dr Tariq Mahmood": the one T of that family here
        return None
    if a.families and b.families and not (a.families & b.families):
        return None
    ta, tb = a.titles, b.titles
    if ta and tb and any(x.family == y.family and x.gender == y.gender for x in ta for y in tb):
        return "title"
    # "Mr Khan" in one child's notes, "Russell Khan" in another's
    if (ta and any(x.family == y.family for x in ta for y in fb)) or \
            (tb and any(x.family == y.family for x in tb for y in fa)):
        return "title"
    ga, gb = a.givens, b.givens
    if ga and gb and any(x == y or nickname_equivalent(x, y) for x in ga for y in gb):
        # a first name on one side, a full name with that first name on the other
        return "partial" if (fa or fb) else "given"
    return None


# context points needed per name relation: an exact full name (nickname-equivalent first
# name) is enough on its own unless the roles the text gives the two contradict
NEED = {"full": 0, "initial": 1, "title": 1, "partial": 1, "given": 3}
PRO_TITLES = {"dc", "ds", "pc", "pcso", "di", "dci", "sgt", "insp", "wpc", "dr"}


# one abbreviation, two roles: "PA" is a care leaver's personal adviser and, in family notes
# and genograms, a paternal aunt -- the two readings are not a contradiction
_SAME_ABBREVIATION = ({"personal advisor", "personal adviser"}, {"aunt", "aunt:paternal"})


def _roles_conflict(a: MentionCluster, b: MentionCluster) -> bool:
    return _role_keys_conflict(_role_keys(a.roles), _role_keys(b.roles))


def _role_keys_conflict(ra: set[str] | frozenset[str], rb: set[str] | frozenset[str]) -> bool:
    if not ra or not rb or ra & rb:
        return False
    if any(relationship_distance(x, y) < 1.0 for x in ra for y in rb):
        return False  # 'aunt' and 'paternal aunt', "mum's partner" and 'father'
    left, right = _SAME_ABBREVIATION
    if (ra & left and rb & right) or (ra & right and rb & left):
        return False
    return True  # both have roles and none fits ('mother' vs 'health visitor')


def _one_holder(clusters: list[MentionCluster], members: list[int]) -> bool:
    """Every full name with this surname across the council has one given name (nicknames
    folded): "Mrs Clegg" in one child's notes and "Mrs Sophie Clegg" in another's name the one
    Clegg the council's notes know, so the title and surname need no further context."""
    givens: set[str] = set()
    for i in members:
        for f in clusters[i].forms:
            if f.kind == "full" and f.given:
                variants = name_variants(f.given)
                if givens and not (givens & variants):
                    return False
                givens |= variants
    return bool(givens)


MAX_NAME_BLOCK = 200  # a name block with more clusters than this pairs none of them


def name_block_keys(cl: MentionCluster) -> list[str]:
    """The name blocks a child-level cluster is in (``f:`` family name, ``g:`` given-name
    variants), sorted -- kept in the graph so an increment finds what shares a name with a change."""
    keys = set()
    for f in cl.forms:
        if f.family:
            keys.add("f:" + f.family)
        if f.given and (not f.family or f.kind == "full"):
            for v in name_variants(f.given):
                keys.add("g:" + v)
    return sorted(keys)


def _form_fits(form, full) -> bool:
    """A child-level cluster's name form could be written of the person with this full name."""
    if form.kind == "full":
        return family_name_similarity(form.family, full.family) >= 0.9 and \
            (form.given == full.given or nickname_equivalent(form.given, full.given)
             or (len(form.given or "") == 1 and (full.given or "").startswith(form.given))
             or (len(full.given or "") == 1 and (form.given or "").startswith(full.given)))
    if form.kind == "title":  # "Mr Rowland" beside "Gethin Rowlands": one typo in the surname
        return family_name_similarity(form.family, full.family) >= 0.9 and \
            (not form.gender or not full.gender or form.gender == full.gender)
    if form.kind == "initials":  # "HC" beside "Helen Cox"
        return len(form.initials or "") == 2 and bool(full.given and full.family) and \
            form.initials == full.given[0] + full.family[0]
    if form.kind == "given":  # "Oliver" of "O. Banner" too
        return form.given == full.given or nickname_equivalent(form.given, full.given) or \
            (len(full.given or "") == 1 and (form.given or "").startswith(full.given))
    return False


def _one_full_name_fits_all(clusters: list[MentionCluster], members: list[int], shared: set[str]) -> bool:
    """Two groups that both hold clusters of one child may still be one person when the group
    knows one full name that every form of those clusters fits and their roles agree: "Spoke with
    Claire" and "Mrs Booth" in one child's notes (nothing joined them there) are the "Mrs Claire
    Booth, head of year" other children's notes name in full. Otherwise two persons of one child
    stay two."""
    fulls = [f for i in members for f in clusters[i].forms if f.kind == "full"]
    if not fulls or any(not _form_fits(f, fulls[0]) for f in fulls):
        return False
    same_child = [i for i in members if clusters[i].child_id in shared]
    if any(not _form_fits(f, fulls[0]) for i in same_child for f in clusters[i].forms):
        return False
    return not any(_roles_conflict(clusters[i], clusters[j])
                   for x, i in enumerate(same_child) for j in same_child[x + 1:])


_TITLE_ROLES = {"dr": "doctor", "dc": "police", "ds": "police", "pc": "police", "pcso": "police",
                "di": "police", "dci": "police", "sgt": "police", "insp": "police", "wpc": "police"}


def _title_roles(cl: MentionCluster) -> set[str]:
    """A professional title the notes give a person ("Dr Marsden", "DC Pritchard") names its
    holder in a professional role as surely as a role word does."""
    return {_TITLE_ROLES[f.title] for f in cl.forms if f.title in _TITLE_ROLES}


def _holds_block_name(a: MentionCluster, b: MentionCluster, block: str) -> bool:
    """The full name of a first name-to-full name pair is one with the block's first name: "Ellen"
    joins the one professional Ellen Marsden, not a "Helen Cox" cluster that one note called
    "Ellen" too."""
    given = block[2:]
    for cl in (a, b):
        for f in cl.forms:
            if f.kind == "full" and (given in name_variants(f.given) or _initial_of_own_given(cl, f, given)):
                return True
    return False


def _initial_of_own_given(cl: MentionCluster, full, given: str) -> bool:
    """"O. Banner" in a cluster whose notes also say "Oliver": the initial is that first name's."""
    return len(full.given or "") == 1 and given.startswith(full.given) and \
        any(f.kind == "given" and f.given == given for f in cl.forms)


def block_flags(clusters: list[MentionCluster], members: list[int], block: str) -> tuple[bool, bool]:
    """(one holder of the family name, one professional holder of the given name) of a whole
    block (``members``: every cluster in it) -- what lowers the context a pair in it needs."""
    one_holder = block.startswith("f:") and _one_holder(clusters, members)
    pro_holder = block.startswith("g:") and one_professional_holder(
        [(f.given, f.family, clusters[i].roles | _title_roles(clusters[i])) for i in members
         for f in clusters[i].forms if f.kind == "full" and (block[2:] in name_variants(f.given)
                                                            or _initial_of_own_given(clusters[i], f, block[2:]))])
    return bool(one_holder), bool(pro_holder)


@dataclass(frozen=True, slots=True)
class _ContextView:
    """One cluster's context as pair scoring counts it: phones and addresses (2 points each when
    shared), other items (1 each), and the surnames its notes give professionals by title and
    give in full names (never points when shared: a family's surname is on every note of the
    family)."""

    strong: frozenset[str]
    weak: frozenset[str]
    pro_surnames: frozenset[str]
    surnames: frozenset[str]


def _context_view(context: set[str]) -> _ContextView:
    strong, weak, pro, full = set(), set(), set(), set()
    for c in context:
        if c.startswith("pro-surname:"):
            pro.add(c[len("pro-surname:"):])
        elif c.startswith("surname:"):
            full.add(c[len("surname:"):])
        elif c.startswith(("phone:", "address:")):
            strong.add(c)
        else:
            weak.add(c)
    return _ContextView(frozenset(strong), frozenset(weak), frozenset(pro), frozenset(full))


def _titled_surname_beside(a: _ContextView, b: _ContextView) -> int:
    """1 when one side's notes name a professional by title and surname ("Spoke to Dr Marsden at
    CAMHS ... Ellen thinks") and the other's give that surname in a full name ("Ellen Marsden") or
    with a title: a first name beside it is that professional's. A surname shared by two full
    names is no evidence -- a family's surname is on every note of the family."""
    return int(bool(a.pro_surnames & (b.pro_surnames | b.surnames) or b.pro_surnames & a.surnames))


def _block_pairs(clusters: list[MentionCluster], contexts: _LazyContexts, views: list[_PairView],
                 members: list[int], flags: tuple[bool, bool], seen: set[tuple[int, int]],
                 only: set[int] | None = None, block: str = "",
                 decided: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, int, int]]:
    """(score, i, j) of the pairs one block accepts (score: context points, + 0.5 for a first
    name both write the same way: a pair so named is merged before an equally supported pair
    joined only by a variant, "Helen" with "Helen Cox" before "Helen" with "Elena Popa"; the half
    point orders pairs, it never lets one in) (``seen``: pairs decided already; ``only``: just the
    pairs with one of these clusters; ``decided``: clusters whose pairs an earlier call decided)."""
    one_holder, pro_holder = flags
    out = []
    if only is None:
        pairs = [(members[x], members[y]) for x in range(len(members)) for y in range(x + 1, len(members))]
    else:  # an increment's few clusters in a block of many: only their pairs are looked at
        mine = [i for i in members if i in only]
        pairs = sorted({(min(i, j), max(i, j)) for i in mine for j in members if j != i and j not in decided})
    for i, j in pairs:
        if (i, j) in seen or clusters[i].child_id == clusters[j].child_id:
            continue
        vi, vj = views[i], views[j]
        rel = _name_relation(vi, vj)
        if rel is None or _role_keys_conflict(vi.role_keys, vj.role_keys):
            seen.add((i, j))
            continue
        ci, cj = contexts[i], contexts[j]
        score = 2 * len(ci.strong & cj.strong) + len(ci.weak & cj.weak) + _titled_surname_beside(ci, cj)
        score += len(vi.role_keys & vj.role_keys) and 1  # the same role ("CAMHS worker", "maternal aunt")
        score += len(clusters[i].agencies & clusters[j].agencies) and 1
        score += len(vi.pro_titles & vj.pro_titles) and 1
        need = 0 if (one_holder and rel in ("title", "partial")) or (
            pro_holder and rel == "partial" and _holds_block_name(clusters[i], clusters[j], block)) \
            else NEED[rel]
        if score >= need:  # else another block (one holder of the name) may accept it
            score += 0.5 if vi.written_givens & vj.written_givens else 0
            out.append((score, i, j))
            seen.add((i, j))
    return out


def _views_of(cl: MentionCluster, views: dict[str, list], record_context: dict[str, set[str]],
              context: bool) -> list:
    """[names, context or None] of one cluster, kept in ``views`` (by key; an unkeyed cluster is
    derived each time)."""
    got = views.get(cl.key) if cl.key else None
    if got is None:
        got = [_pair_view(cl), None]
        if cl.key:
            views[cl.key] = got
    if context and got[1] is None:
        got[1] = _context_view(_context_items(cl.records, record_context))
    return got


class _LazyContexts:
    """Each cluster's :class:`_ContextView`, derived when a pair of it passes the name test
    (most block members never do: their context is not read)."""

    def __init__(self, clusters: list[MentionCluster], views: dict[str, list],
                 record_context: dict[str, set[str]]) -> None:
        self.clusters, self.views, self.record_context = clusters, views, record_context
        self.items: list[_ContextView | None] = [None] * len(clusters)

    def __getitem__(self, i: int) -> _ContextView:
        got = self.items[i]
        if got is None:
            got = self.items[i] = _views_of(self.clusters[i], self.views, self.record_context, context=True)[1]
        return got


def cluster_blocks(clusters: list[MentionCluster]) -> dict[str, list[int]]:
    """Name block -> the positions of its clusters (ascending)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, cl in enumerate(clusters):
        for k in name_block_keys(cl):
            blocks[k].append(i)
    return blocks


def candidate_pairs(clusters: list[MentionCluster], record_context: dict[str, set[str]],
                    large_blocks: set[str] | frozenset[str] = frozenset(),
                    blocks: dict[str, list[int]] | None = None,
                    only: set[int] | None = None,
                    decided: set[int] | frozenset[int] = frozenset(),
                    views: dict[str, list] | None = None) -> list[tuple[int, tuple[str, str], int, int]]:
    """(score, rank, i, j) of every pair of clusters (positions, i < j) some name block accepts,
    ``rank`` = (smallest cluster key in the first such block, that block): the order pairs are
    merged in does not depend on which clusters were read with them. ``blocks``: only these
    (each must hold every cluster of that block in the council; default: all of ``clusters``');
    ``only``: just the pairs with one of these clusters; ``decided``: clusters whose pairs were
    all found by an earlier call on their whole blocks (a pair with one is left out); ``views``:
    what scoring reads of each cluster, by key, kept between calls on the same clusters."""
    blocks = cluster_blocks(clusters) if blocks is None else blocks
    views = {} if views is None else views
    names = [_views_of(cl, views, record_context, context=False)[0] for cl in clusters]
    contexts = _LazyContexts(clusters, views, record_context)
    found: dict[tuple[int, int], tuple[int, tuple[str, str]]] = {}
    seen: set[tuple[int, int]] = set()
    ranked = sorted(blocks.items(), key=lambda kv: (clusters[kv[1][0]].key, kv[0]))
    for block, members in ranked:
        if len(members) > MAX_NAME_BLOCK or block in large_blocks:
            continue  # a very common name: no evidence strong enough on a name block alone
        rank = (clusters[members[0]].key, block)
        flags = block_flags(clusters, members, block)
        for score, i, j in _block_pairs(clusters, contexts, names, members, flags, seen, only, block, decided):
            found.setdefault((i, j), (score, rank))
    return [(score, rank, i, j) for (i, j), (score, rank) in found.items()]


def _full_names_clash(clusters: list[MentionCluster], a: list[int], b: list[int]) -> bool:
    """Both groups know a full name and no family name of one fits the other's: "Elena Popa"
    (the interpreter) and "Helen Cox" (the team manager) each joined by a bare "Helen" are two
    people; a first name alone on a third child's notes does not make them one."""
    fa = {f.family for i in a for f in clusters[i].forms if f.kind == "full" and f.family}
    fb = {f.family for i in b for f in clusters[i].forms if f.kind == "full" and f.family}
    return bool(fa and fb) and not any(family_name_similarity(x, y) >= 0.9 for x in fa for y in fb)


def merge_pairs(clusters: list[MentionCluster], pairs: list[tuple[int, tuple[str, str], int, int]]) -> dict[str, str]:
    """child-level cluster key -> final person id: ``pairs`` (:func:`candidate_pairs`) merged
    strongest first (then by rank and key), two persons of one child kept two."""
    uf = UnionFind()
    children_of: dict[int, set[str]] = {i: {cl.child_id} for i, cl in enumerate(clusters)}
    members_of: dict[int, list[int]] = {i: [i] for i in range(len(clusters))}
    for score, _rank, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], clusters[p[2]].key, clusters[p[3]].key)):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        ci, cj = children_of.get(ri, {clusters[ri].child_id}), children_of.get(rj, {clusters[rj].child_id})
        if ci & cj and not _one_full_name_fits_all(clusters, members_of[ri] + members_of[rj], ci & cj):
            continue  # two persons of one child stay two
        if _full_names_clash(clusters, members_of[ri], members_of[rj]):
            continue  # a first name does not bridge two full names of different families
        uf.union(ri, rj)
        root = uf.find(ri)
        children_of[root] = ci | cj
        members_of[root] = members_of.pop(ri if root != ri else rj, []) + members_of.get(root, [])
    out = {}
    for root, members in uf.groups(range(len(clusters))).items():
        ids = sorted((mid for i in members for mid in clusters[i].mention_ids), key=_natural_key)
        final = "P-" + ids[0]
        for i in members:
            out[clusters[i].key] = final
    return out


def link_across_children(clusters: list[MentionCluster], record_context: dict[str, set[str]],
                         large_blocks: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """child-level cluster key -> final person id (clusters merged across children).

    ``clusters`` in key order. ``large_blocks``: blocks with more than :data:`MAX_NAME_BLOCK`
    clusters in the whole council (when ``clusters`` are some connected components of it)."""
    return merge_pairs(clusters, candidate_pairs(clusters, record_context, large_blocks))


def _roles_compatible(cues: set[str], roles: set[str]) -> bool:
    """The role the notes give and the recorded relationship can be one person's ("mum's
    partner" in the notes, "Father" on the record), not a contradiction (mother / uncle)."""
    return min(relationship_distance(a, b) for a in cues for b in roles) < 1.0


def link_to_record_persons(clusters: list[MentionCluster], final: dict[str, str],
                           record_persons: list[dict]) -> dict[str, str]:
    """A mention-only person whose exact full name (nickname-equivalent first name, same
    family name) is that of exactly one person resolved from records -- recorded on another
    child's file, so the per-child matcher could not see it -- and whose role cue does not
    contradict the recorded relationship becomes that person."""
    by_family: dict[str, list[tuple[str, str, set[str]]]] = defaultdict(list)
    given_only: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)  # records with no surname
    by_child: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # child -> (person, record) on its file
    for rp in record_persons:
        roles = {role_key(r["relationship"]) for r in rp["records"]} - {None}
        for r in rp["records"]:
            by_child[r.get("child_id")].append((rp["person_id"], r))
            g, f = fold(r["given"]), fold(r["family"])
            if g and f:
                by_family[f].append((rp["person_id"], g.split()[0], roles))
            elif g:
                given_only[g.split()[0]].append((rp["person_id"], roles))
    groups: dict[str, list[MentionCluster]] = defaultdict(list)
    for cl in clusters:
        groups[final[cl.key]].append(cl)
    out = dict(final)
    for gid, cls in groups.items():
        fulls = [f for cl in cls for f in cl.forms if f.kind == "full"]
        if not fulls:
            continue
        cues = {role_key(r) for cl in cls for r in cl.roles} - {None}
        hits = set()
        for f in fulls:
            for pid, given, roles in by_family.get(f.family, []):
                if f.given == given or nickname_equivalent(f.given, given):
                    if cues and roles and not _roles_compatible(cues, roles):
                        continue
                    hits.add(pid)
            # "Farah" recorded with no surname, "Farah Warsame" in the notes: the same role needed
            for pid, roles in given_only.get(f.given or "", []):
                if cues and roles and min(relationship_distance(a, b) for a in cues for b in roles) == 0:
                    hits.add(pid)
        if not hits:
            hits = _renamed_record_person(cls, fulls, cues, by_child)
        if len(hits) == 1:
            target = hits.pop()
            for cl in cls:
                out[cl.key] = target
    return out


def may_link_to_record(cl: MentionCluster, block: str, givens: list[str]) -> bool:
    """Whether :func:`link_to_record_persons` could join a group holding ``cl`` to a record
    person with a record in name ``block`` (:func:`linkage.name_blocks.record_name_keys`) of one
    of these first given names: a full form of the block's family name with the same or a
    nickname-equivalent given name (``f:``), or of the block's given name (``g:``, a record with
    no family name). Only such a cluster's link changes when that record's person does."""
    kind, _, value = block.partition(":")
    for f in cl.forms:
        if f.kind != "full":
            continue
        if kind == "f" and f.family == value and \
                any(f.given == g or nickname_equivalent(f.given, g) for g in givens):
            return True
        if kind == "g" and f.given == value:
            return True
    return False


def _renamed_record_person(cls: list[MentionCluster], fulls: list, cues: set[str],
                           by_child: dict[str, list[tuple[str, dict]]]) -> set[str]:
    """The one record person a mention-only person is under another surname (married, divorced
    or back to a maiden name): recorded on one of the person's children with the same first
    name and, exactly, a role the notes give it ("Pauline Walker (MGM)" in one twin's notes,
    "Pauline Walker" in the other's, "Pauline Armitage, maternal grandmother" on the record),
    when no record on those children carries the notes' surname. A first name and a role agree
    at once rarely by chance; with no role in the notes, nothing is joined."""
    if not cues:
        return set()
    children = {cl.child_id for cl in cls}
    families = {f.family for f in fulls}
    givens = {f.given for f in fulls if f.given}
    hits: set[str] = set()
    for person_id, r in (pr for child in sorted(children) for pr in by_child.get(child, ())):
        g, f = fold(r["given"]), fold(r["family"])
        if f in families:
            return set()  # the notes' surname is on the record: someone else, or no rename
        first = g.split()[0] if g else ""
        if f and first and any(first == x or nickname_equivalent(first, x) for x in givens) \
                and role_key(r["relationship"]) in cues:
            hits.add(person_id)
    return hits


def record_context_of(mentions: list[dict], decisions: list) -> dict[str, set[str]]:
    """Context of each note/document for cross-child linking: the phones, addresses, places, named
    organisations and known people its mentions name (mention-only persons and workers are not context)."""
    record_context: dict[str, set[str]] = defaultdict(set)
    decided = {d.mention_id: d for d in decisions}
    for m in mentions:
        rk = f"{m['record_type']}:{m['record_id']}"
        if m["label"] == "PHONE":
            p = normalise_phone(m["text"])
            if p:
                record_context[rk].add("phone:" + p)
        if m["label"] == "PERSON":
            form = parse_name_form(m["text"])
            if form.family and form.title in PRO_TITLES:
                record_context[rk].add("pro-surname:" + form.family)
            elif form.family and form.kind == "full":
                record_context[rk].add("surname:" + form.family)
        d = decided.get(m["mention_id"])
        if d and d.kind == "address":
            record_context[rk].add("address:" + d.key)
        elif d and d.kind == "place":
            record_context[rk].add("place:" + d.key)
        elif d and d.kind == "organisation" and len(d.key.split()) >= 2:
            # a named school, surgery or club ("Maidensbridge Primary"), not "police" or "CAMHS"
            record_context[rk].add("org:" + d.key)
        elif d and d.kind == "person" and d.method != "cluster" and not d.key.startswith("worker:"):
            record_context[rk].add("person:" + d.key)
    return record_context
