"""Step b, mentions per child (:mod:`linkage.mention_matching`).

PERSON mentions matched to the child's known people by a scored name matcher (``method
'gazetteer'``); role words in apposition to a name take the name's referent (``'apposition'``);
unmatched PERSON mentions are clustered into mention-only persons (``origin 'mentions'``,
``method 'cluster'``) that carry the role cue the text gave them; ROLE mentions resolve when the
role is unambiguous among the child's known people and mention-only persons (``'role'``), else
they are marked ``resolution = 'unresolved'`` (no link). Pure functions over one child.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from kinscope import vocabulary as lexicon
from linkage.mention_matching import (
    Candidate,
    NameForm,
    cluster_unmatched,
    gender_of,
    is_professional,
    kin_word,
    match_name,
    match_role,
    parse_name_form,
    role_key,
    same_name_referents,
)
from linkage.normalise import fold
from linkage.records import _natural_key
from linkage.resolution_base import display_name

PARENT_SIDE = {"mother": "maternal", "father": "paternal"}
SIDE_ROLES = {
    "maternal": {"mother", "partner of mother", "grandmother:maternal", "grandfather:maternal",
                 "aunt:maternal", "uncle:maternal"},
    "paternal": {"father", "partner of father", "grandmother:paternal", "grandfather:paternal",
                 "aunt:paternal", "uncle:paternal"},
}


@dataclass
class ChildContext:
    child_id: str
    person_id: str
    candidates: list[Candidate]
    names: set[str]                       # folded names of the child (for relation_to)
    siblings: set[str] = field(default_factory=set)


def _canonical(rows: list[dict]) -> list[dict]:
    """The rows with every list in one order. Neo4j's ``collect`` returns a child's adults, workers
    and a person's other names in store order, which writes change; the matcher keeps the first
    of equals (a candidate's gender, a tie), so without one order a full run on an unchanged
    graph, and an increment against a full run, could resolve a child differently."""
    def key(*fields):
        return lambda d: tuple(str(d.get(f) or "") for f in fields)
    out = []
    for row in sorted(rows, key=key("child_id")):
        row = dict(row)
        row["adults"] = sorted(({**a, "person_names": sorted(a.get("person_names") or [], key=key("given", "family"))}
                                for a in row["adults"]), key=key("relationship_id", "person_id"))
        row["allocations"] = sorted(row["allocations"], key=key("person_id", "start_date", "end_date", "role", "name"))
        row["authors"] = sorted(row["authors"], key=key("person_id", "name"))
        out.append(row)
    return out


def build_contexts(rows: list[dict]) -> dict[str, ChildContext]:
    """Known people per child, siblings (children sharing a resolved parent) included; the same
    contexts whatever order the rows and their lists come in."""
    rows = _canonical(rows)
    parents: dict[str, dict[str, str]] = defaultdict(dict)  # child -> person -> side
    for row in rows:
        for a in row["adults"]:
            side = PARENT_SIDE.get(role_key(a["relationship"]) or "")
            if side:
                parents[row["child_id"]][a["person_id"]] = side
    by_parent: dict[str, set[str]] = defaultdict(set)
    for cid, ps in parents.items():
        for p in ps:
            by_parent[p].add(cid)
    by_child = {r["child_id"]: r for r in rows}
    out: dict[str, ChildContext] = {}
    for row in rows:
        cid = row["child_id"]
        cands: dict[str, Candidate] = {}
        me = Candidate(row["person_id"], "child", gender=gender_of(row["gender"]))
        me.add_name(row["given_name"], row["family_name"])
        if row.get("preferred_name"):
            me.add_name(row["preferred_name"], row["family_name"])
        cands[me.person_id] = me
        for a in row["adults"]:
            c = cands.setdefault(a["person_id"], Candidate(a["person_id"], "adult"))
            c.add_name(a["given_name"], a["family_name"])
            # names from the person's records on other children's files ("D LONG" here,
            # "Darren Long" on a sibling's): the same resolved person
            for n in a.get("person_names") or []:
                c.add_name(n.get("given"), n.get("family"))
            rk = role_key(a["relationship"])
            if rk:
                c.roles.add(rk)
            c.gender = c.gender or gender_of(a["gender"])
        # siblings and the shared side of their families
        shared_sides: dict[str, set[str]] = defaultdict(set)
        for p, side in parents.get(cid, {}).items():
            for sib in sorted(by_parent[p]):
                if sib != cid:
                    shared_sides[sib].add(side)
        for sib, sides in shared_sides.items():
            srow = by_child.get(sib)
            if not srow:
                continue
            s = Candidate(srow["person_id"], "sibling", gender=gender_of(srow["gender"]))
            s.add_name(srow["given_name"], srow["family_name"])
            if srow.get("preferred_name"):
                s.add_name(srow["preferred_name"], srow["family_name"])
            cands.setdefault(s.person_id, s)
            for a in srow["adults"]:
                if a["person_id"] in cands and cands[a["person_id"]].tier == 1:
                    continue
                c = cands.setdefault(a["person_id"], Candidate(a["person_id"], "adult", tier=2))
                c.add_name(a["given_name"], a["family_name"])
                c.gender = c.gender or gender_of(a["gender"])
                rk = role_key(a["relationship"])
                if rk and any(rk in SIDE_ROLES[sd] for sd in sides):
                    c.roles.add(rk)
        for a in row["allocations"]:
            c = cands.setdefault(a["person_id"], Candidate(a["person_id"], "worker"))
            parts = (a["name"] or "").split()
            if parts:
                c.add_name(parts[0], parts[-1] if len(parts) > 1 else None)
            if a["role"]:
                c.roles.add(fold(a["role"]))
                c.periods.append((a["start_date"], a["end_date"], a["role"]))
        for w in row["authors"]:
            c = cands.setdefault(w["person_id"], Candidate(w["person_id"], "author"))
            parts = (w["name"] or "").split()
            if len(parts) > 1 and not c.names:
                c.add_name(parts[0], parts[-1])
        names = {fold(row["given_name"]), fold(row.get("preferred_name")), fold(display_name(row["given_name"], row["family_name"]))}
        out[cid] = ChildContext(cid, row["person_id"], list(cands.values()), names - {""}, set(shared_sides))
    return out


@dataclass
class Decision:
    mention_id: str
    kind: str               # person, address, place, organisation, unresolved
    key: str | None
    confidence: float
    method: str
    name: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def uid(self) -> str | None:
        return f"{self.kind}:{self.key}" if self.kind != "unresolved" else None


@dataclass
class MentionCluster:
    """Mention-only person within one child (before cross-child linking)."""

    child_id: str
    mention_ids: list[str]
    forms: list[NameForm]
    texts: list[str]
    roles: set[str]
    agencies: set[str]
    records: set[str]
    confidences: list[float]
    key: str = ""            # the child-level id, "P-<smallest mention id>"


def _own_role(m: dict, ctx: ChildContext) -> str | None:
    """The role the text gives a mention relative to the record's child (None when the
    role is relative to someone else: "Tia's older brother")."""
    if not m.get("role"):
        return None
    rel = m.get("relation_to")
    if rel and fold(rel) not in ctx.names:
        return None
    return m["role"]


def _adjacent(a: dict, b: dict, text_gap: str | None = None) -> bool:
    """ROLE and PERSON mentions next to each other ("Danielle Marsh (mother)", "Mum (Danielle)",
    "maternal grandmother Patricia Marsh")."""
    if a["record_id"] != b["record_id"] or a["record_type"] != b["record_type"]:
        return False
    lo, hi = (a, b) if a["start"] < b["start"] else (b, a)
    return 0 <= hi["start"] - lo["end"] <= 3


def _join_aliases(people: list[dict], decisions: dict[str, Decision],
                  clusters: list[MentionCluster]) -> list[MentionCluster]:
    """One person for a name and the other name the text gives it ("Jordan Haigh, known as
    'Tiny'", "Police believe this is Kyle"): the alias's mention-only person joins the named
    one (a known person or another mention-only person). Two known people are never joined
    here -- the records decide that."""
    by_key = {c.key: c for c in clusters}
    for m in people:
        other = m.get("alias_of")
        if not other or other not in decisions or m["mention_id"] not in decisions:
            continue
        named, alias = decisions[other], decisions[m["mention_id"]]
        if named.key == alias.key or named.kind != "person" or alias.kind != "person":
            continue
        source = by_key.get(alias.key) or by_key.get(named.key)
        if source is None:
            continue  # two known people
        target_key = named.key if source.key == alias.key else alias.key
        target = by_key.get(target_key)
        for mid in source.mention_ids:
            d = decisions[mid]
            decisions[mid] = Decision(mid, "person", target_key, d.confidence, "alias")
        if target is not None:
            target.mention_ids = sorted(target.mention_ids + source.mention_ids, key=_natural_key)
            target.forms += source.forms
            target.texts += source.texts
            target.roles |= source.roles
            target.agencies |= source.agencies
            target.records |= source.records
            target.confidences += source.confidences
        del by_key[source.key]
    return [c for c in clusters if c.key in by_key]


def _in_order(mentions: list[dict]) -> list[dict]:
    return sorted(mentions, key=lambda m: (m["record_type"], m["record_id"], m["start"]))


def split_name_forms(people: list[dict], families: set[str] | frozenset[str] = frozenset()) -> dict[str, NameForm]:
    """mention id -> the full name of a name the extractor cut in two: a first name and a single
    word one space after it in the same record ("Winifred" + "McDonagh", "Ruby" + "Armitage") are
    one person's full name, so both mentions are matched and clustered as "Winifred McDonagh"
    (the surname alone would join whichever McDonagh the child knows)."""
    out: dict[str, NameForm] = {}
    ordered = _in_order(people)
    for a, b in zip(ordered, ordered[1:]):
        if (a["record_type"], a["record_id"]) != (b["record_type"], b["record_id"]) or b["start"] - a["end"] != 1:
            continue
        fa, fb = parse_name_form(a["text"]), parse_name_form(b["text"])
        if fa.kind != "given" or fb.kind != "given" or fa.prefix_role or fb.prefix_role \
                or len(a["text"].split()) != 1 or len(b["text"].split()) != 1 or not b["text"][:1].isupper():
            continue
        whole = parse_name_form(f"{a['text']} {b['text']}")
        out[a["mention_id"]] = out[b["mention_id"]] = whole
    _surname_first_and_bracketed(ordered, out, families)
    return out


def _one_word(m: dict) -> bool:
    t = m["text"]
    return len(t.split()) == 1 and t[:1].isupper() and t.isalpha() and parse_name_form(t).kind == "given" \
        and not parse_name_form(t).prefix_role


def _surname_first_and_bracketed(ordered: list[dict], out: dict[str, NameForm], families: set[str] | frozenset[str]) -> None:
    """Two more ways a full name is cut: surname first in capitals, as police checks and
    referrals write it ("SANDHU, Arjun": two characters apart), and a name the person goes by in
    brackets between given name and surname ("Oluwatobi (Tobi) Adeyemi": three mentions, two
    characters apart each) -- all of them one person's full name. Only with a surname of the
    child's known people (``families``, folded): "Tobi, Deborah, Funmi" is a list, two apart too."""
    for a, b, c in zip(ordered, ordered[1:], ordered[2:] + [None]):
        same = (a["record_type"], a["record_id"]) == (b["record_type"], b["record_id"])
        if not same or not _one_word(a) or not _one_word(b) or b["start"] - a["end"] != 2:
            continue
        if a["text"].isupper() and len(a["text"]) >= 3 and not b["text"].isupper() \
                and fold(a["text"]) in families and a["mention_id"] not in out and b["mention_id"] not in out:
            out[a["mention_id"]] = out[b["mention_id"]] = parse_name_form(f"{b['text']} {a['text']}")
        elif c is not None and (c["record_type"], c["record_id"]) == (a["record_type"], a["record_id"]) \
                and _one_word(c) and c["start"] - b["end"] == 2 and not a["text"].isupper() \
                and fold(c["text"]) in families \
                and not any(m["mention_id"] in out for m in (a, b, c)):
            out[a["mention_id"]] = out[c["mention_id"]] = parse_name_form(f"{a['text']} {c['text']}")
            out[b["mention_id"]] = parse_name_form(f"{b['text']} {c['text']}")


def possessive_role_chains(roles: list[dict]) -> dict[str, str]:
    """ROLE mention id of a possessor -> the ROLE mention id it qualifies, for role words written
    as a chain ("partner's brother", "mum's friend's son": the extractor gives two role mentions
    three characters apart, "'s "). The person so described is not the child's partner."""
    out: dict[str, str] = {}
    ordered = _in_order(roles)
    for a, b in zip(ordered, ordered[1:]):
        if (a["record_type"], a["record_id"]) == (b["record_type"], b["record_id"]) \
                and b["start"] - a["end"] == 3 and a.get("role") and b.get("role") \
                and not is_professional(a["role"]) and not is_professional(b["role"]):
            # kinship words only: "(class teacher), SW" is two roles three characters apart too
            out[a["mention_id"]] = b["mention_id"]
    return out


def _drop_chained_roles(people: list[dict], roles: list[dict], chains: dict[str, str]) -> list[dict]:
    """PERSON mentions whose role is the possessor of a chain next to them ("Craig Barraclough
    (partner's brother)" read with the role 'partner') lose that role: it is someone else's."""
    possessors = [r for r in roles if r["mention_id"] in chains]
    out = []
    for m in people:
        if m.get("role") and any(_adjacent(m, r) and r.get("role") == m["role"] for r in possessors):
            m = dict(m, role=None)
        out.append(m)
    return out


def _kin_names_as_roles(people: list[dict], ctx: ChildContext) -> tuple[list[dict], dict[str, str]]:
    """A kin word written as a name ("my Ammi and Abbu", "Dadi") is that role, said of the
    record's child: its role is the word's (whatever the extractor took from a neighbour), and it
    resolves like a role mention -- to the one known holder of the role -- unless a known person
    has that word as their recorded first name. Returns the mentions and mention id -> role."""
    recorded = {(g or "").split()[0] for c in ctx.candidates for g, _ in c.names if g}
    out, kin = [], {}
    for m in people:
        word = kin_word(m["text"])
        if word and word not in recorded:
            role = kin[m["mention_id"]] = lexicon.KIN_NAMES[word]
            m = dict(m, role=role, relation_to=None)
        out.append(m)
    return out, kin


def resolve_child(ctx: ChildContext, mentions: list[dict]) -> tuple[list[Decision], list[MentionCluster]]:
    decisions: dict[str, Decision] = {}
    people = [m for m in mentions if m["label"] == "PERSON"]
    roles = [m for m in mentions if m["label"] == "ROLE"]
    chains = possessive_role_chains(roles)
    people = _drop_chained_roles(people, roles, chains)
    people, kin = _kin_names_as_roles(people, ctx)
    split = split_name_forms(people, {f for c in ctx.candidates for _, f in c.names if f})
    unmatched: list[dict] = []
    forms: dict[str, NameForm] = {}
    for m in people:
        form = split.get(m["mention_id"]) or parse_name_form(m["text"])
        forms[m["mention_id"]] = form
        # "Aunty Ngozi", "Uncle Tariq": a courtesy title as often as kinship -- no role evidence
        role = _own_role(m, ctx) or (form.prefix_role if form.prefix_role not in ("aunt", "uncle") else None)
        hit = match_role(kin[m["mention_id"]], m.get("record_date"), ctx.candidates) \
            if m["mention_id"] in kin else match_name(form, role, ctx.candidates)
        if hit and m["mention_id"] in kin:
            hit = replace(hit, method="kin-name")
        if hit:
            decisions[m["mention_id"]] = Decision(m["mention_id"], "person", hit.person_id,
                                                  round(hit.score * (m["confidence"] or 0.5), 4), hit.method)
        else:
            unmatched.append(m)
    # one name, one person within the child: an unplaced "Chi" is the Chi another note places,
    # an unplaced "Dwayne" the Dwayne of the "Dwayne Morris" another note places
    placed = [m for m in people if m["mention_id"] in decisions]
    same_name = same_name_referents(
        [(m["text"], decisions[m["mention_id"]].key) for m in placed]
        + [(forms[m["mention_id"]].given, decisions[m["mention_id"]].key) for m in placed
           if forms[m["mention_id"]].kind == "full"])
    still_unmatched = []
    for m in unmatched:
        key = same_name.get(fold(m["text"]))
        cue = _own_role(m, ctx)
        if cue and forms[m["mention_id"]].prefix_role in ("aunt", "uncle") and \
                (role_key(cue) or "").split(":")[0] in ("aunt", "uncle"):
            cue = None  # "Aunty Ngozi": a courtesy title, not a role
        if key and not cue:  # its own role cue decides otherwise (a grandfather of one name)
            decisions[m["mention_id"]] = Decision(m["mention_id"], "person", key,
                                                  round(0.7 * float(m["confidence"] or 0.5), 4), "same-name")
        else:
            still_unmatched.append(m)
    unmatched = still_unmatched
    # cluster the rest
    groups = cluster_unmatched([forms[m["mention_id"]] for m in unmatched],
                               [{rk for r in [_own_role(m, ctx)] for rk in [role_key(r)] if rk} for m in unmatched])
    clusters: list[MentionCluster] = []
    for g in groups:
        ms = [unmatched[i] for i in g]
        ids = sorted((m["mention_id"] for m in ms), key=_natural_key)
        cl = MentionCluster(
            ctx.child_id, ids, [forms[m["mention_id"]] for m in ms], [m["text"] for m in ms],
            {r for m in ms for r in [_own_role(m, ctx) or forms[m["mention_id"]].prefix_role] if r},
            {m["agency"] for m in ms if m.get("agency")},
            {f"{m['record_type']}:{m['record_id']}" for m in ms},
            [float(m["confidence"] or 0.5) for m in ms], key="P-" + ids[0])
        clusters.append(cl)
        for m in ms:
            decisions[m["mention_id"]] = Decision(m["mention_id"], "person", cl.key,
                                                  round(0.8 * float(m["confidence"] or 0.5), 4), "cluster")
    clusters = _join_aliases(people, decisions, clusters)
    # roles: apposition, then the child's network (known people and mention-only persons)
    role_cands = list(ctx.candidates)
    for cl in clusters:
        c = Candidate(cl.key, "cluster")
        c.roles = {rk for r in cl.roles for rk in [role_key(r)] if rk}
        role_cands.append(c)
    by_record: dict[str, list[dict]] = defaultdict(list)
    for m in people:
        by_record[f"{m['record_type']}:{m['record_id']}"].append(m)
    qualified = {b: a for a, b in chains.items()}  # "brother" of "partner's brother" -> "partner"
    by_id = {m["mention_id"]: m for m in roles}
    for m in roles:
        mid = m["mention_id"]
        # a chain names its last role's holder: "Craig (partner's brother)" is the brother, not
        # the partner -- the possessor is someone else, the qualified role sits where the chain starts
        if mid in chains:
            continue  # the possessor: the whole phrase names one person, decided below
        anchor = by_id.get(qualified.get(mid, ""), m)
        near = [
                p for p in by_record.get(f"{m['record_type']}:{m['record_id']}", [])
                if _adjacent(anchor, p) and p["mention_id"] in decisions
                and (p.get("role") == m.get("role") or not p.get("role"))
                and not (m.get("relation_to") and fold(m["relation_to"]) == fold(p["text"]))]
        if near:
            d = decisions[near[0]["mention_id"]]
            decisions[mid] = Decision(mid, "person", d.key, round(min(d.confidence, float(m["confidence"] or 0.5)), 4),
                                      "apposition")
            continue
        own = _own_role(m, ctx)
        hit = match_role(own, m.get("record_date"), role_cands) if own else None
        if hit:
            decisions[mid] = Decision(mid, "person", hit.person_id,
                                      round(hit.score * float(m["confidence"] or 0.5), 4), hit.method)
        else:
            decisions[mid] = Decision(mid, "unresolved", None, round(0.3 * float(m["confidence"] or 0.5), 4),
                                      "unresolved")
    for possessor, role in chains.items():
        # "mum's partner" is one person's description: its "mum" names the partner too
        d = decisions.get(role)
        decisions[possessor] = Decision(possessor, d.kind, d.key, d.confidence, d.method) if d and d.key \
            else Decision(possessor, "unresolved", None, round(0.3 * float(by_id[possessor]["confidence"] or 0.5), 4),
                          "unresolved")
    return list(decisions.values()), clusters
