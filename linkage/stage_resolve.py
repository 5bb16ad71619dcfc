"""Pipeline stage: records and mentions -> people, addresses, places and organisations.

``resolve_people(driver)`` runs four steps (statements in ``cypher/resolution/``):

a. **Records.** Every ``AdultRecord`` in the graph (all children at once, so a parent of
   three children is one person) goes through :func:`linkage.records.link_adult_records`
   (dedupe). Each cluster is a ``(:Person {origin: 'records'})`` with the stable id
   ``P-<smallest relationship id>`` and ``RESOLVED_TO {confidence, method: 'dedupe',
   decided_by: 'kinscope', decided_at}``; its ``display_name``, ``names``, ``roles`` (as
   recorded), ``date_of_birth`` (the most common full date), ``gender`` and
   ``resolution_confidence`` (weakest member). Record and child addresses become shared
   ``(:Address {address_key})`` nodes with ``LIVES_AT {first_seen, last_seen}``.
   *Practitioner decisions* (``(:PractitionerDecision)``, never written here) override the
   model: ``kind 'split'`` with ``target_id`` (a relationship id) and ``other_id`` keeps the
   two records in different persons (the target leaves its cluster when the model put them
   together); without ``other_id`` the target record becomes a person of its own.
   ``kind 'confirm_merge'`` with ``target_id`` and ``other_id`` puts the two records' clusters
   together. Links made by a decision carry ``method 'practitioner'`` and the decision's
   ``decided_by``. (Only record-level decisions are implemented; a split inside a cluster
   does not re-run the clustering of the remaining members.)

b. **Mentions, per child** (:mod:`linkage.mention_matching`): PERSON mentions matched to the
   child's known people by a scored name matcher (``method 'gazetteer'``); role words in
   apposition to a name take the name's referent (``'apposition'``); unmatched PERSON mentions
   are clustered into mention-only persons (``origin 'mentions'``, ``method 'cluster'``) that
   carry the role cue the text gave them; ROLE mentions resolve when the role is unambiguous
   among the child's known people and mention-only persons (``'role'``), else they are
   marked ``resolution = 'unresolved'`` (no link).

c. **Cross-child linking** of mention-only persons (:func:`link_across_children`), precision
   first: the two must have compatible names (a full name, title + surname or first name)
   and enough shared context -- a phone or address mentioned in the notes where both are
   mentioned (2 points each), a named place or the same co-mentioned person (1 each), the
   same role, agency or professional title (1 each). An exact full name needs no context
   (unless the roles the text gives the two contradict), title + surname 1,
   a first name against a full name with that first name 1, a first name alone 3 ("Zee" at the same flat with the same phone number in three
   children's notes). Two persons of one child are never merged this way.

d. **Places**: ADDRESS mentions (with an adjacent POSTCODE mention when there is one) ->
   ``Address`` by normalised key (postcode | number + street; a postcode-less address joins
   the one known address of that street key when exactly one exists); PLACE -> ``Place``
   and ORG -> ``Organisation`` keyed on the folded name (leading "the" dropped). Two
   children linked to the same place are connected through the shared node.

Re-running with the same graph writes the same ids and values (idempotent). Persons that
no record or mention supports any more are deleted. No Airflow here.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from neo4j import Driver
from tqdm import tqdm

from extraction.patterns import POSTCODE_RE
from graph_model.cypher import cypher
from kinscope.logs import get_logger
from linkage.council_model import model_for_run
from linkage.mention_matching import (
    Candidate,
    NameForm,
    UnionFind,
    cluster_unmatched,
    family_name_similarity,
    gender_of,
    match_name,
    match_role,
    parse_name_form,
    role_key,
)
from linkage.normalise import (
    fold,
    name_variants,
    relationship_distance,
    nickname_equivalent,
    normalise_address,
    normalise_dob,
    normalise_phone,
    normalise_postcode,
)
from linkage.grading import grade_links
from linkage.records import Cluster, Member, _natural_key, link_adult_records, person_id_for

log = get_logger(__name__)

BATCH = 2000
PARENT_SIDE = {"mother": "maternal", "father": "paternal"}
SIDE_ROLES = {
    "maternal": {"mother", "partner of mother", "grandmother:maternal", "grandfather:maternal",
                 "aunt:maternal", "uncle:maternal"},
    "paternal": {"father", "partner of father", "grandmother:paternal", "grandfather:paternal",
                 "aunt:paternal", "uncle:paternal"},
}


def _run(driver: Driver, name: str, database: str | None = None, **params: Any) -> list[dict]:
    # notifications off: optional properties/labels (person_ref, PractitionerDecision) may not
    # exist in a graph yet, which Neo4j reports as warnings on every run
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        return [r.data() for r in session.run(cypher(name), **params)]


def _write_batches(driver: Driver, name: str, rows: list[dict], database: str | None = None,
                   batch: int = BATCH) -> None:
    for start in range(0, len(rows), batch):
        driver.execute_query(cypher(name), rows=rows[start:start + batch], database_=database)


# ============================================================================ a. records

def address_key(line: object, postcode: object) -> tuple[str, str | None, str | None] | None:
    """(address_key, postcode, street_key) or None when there is no address line."""
    street = normalise_address(line)
    if not street:
        return None
    pc = normalise_postcode(postcode)
    return f"{pc or ''}|{street}", pc, street


def _apply_decisions(clusters: list[Cluster], decisions: list[dict]) -> tuple[list[Cluster], dict]:
    """Practitioner splits and confirmed merges over the model's clusters."""
    where: dict[str, int] = {}
    groups: list[list[Member]] = []
    for c in clusters:
        for m in c.members:
            where[m.relationship_id] = len(groups)
        groups.append(list(c.members))
    decided: dict[str, dict] = {}
    for d in decisions:
        t, o = d.get("target_id"), d.get("other_id")
        if t not in where:
            continue
        if d["kind"] == "split":
            if o is not None and (o not in where or where[o] != where[t]):
                continue
            gi = where[t]
            groups[gi] = [m for m in groups[gi] if m.relationship_id != t]
            where[t] = len(groups)
            groups.append([Member(t, 1.0)])
            decided[t] = d
        elif d["kind"] == "confirm_merge" and o in where and where[o] != where[t]:
            a, b = where[t], where[o]
            for m in groups[b]:
                where[m.relationship_id] = a
            groups[a] = groups[a] + groups[b]
            groups[b] = []
            decided[t] = d
            decided[o] = d
    out = []
    for g in groups:
        if not g:
            continue
        ids = [m.relationship_id for m in g]
        members = sorted((Member(m.relationship_id, 1.0 if m.relationship_id in decided else m.confidence)
                          for m in g), key=lambda m: _natural_key(m.relationship_id))
        out.append(Cluster(person_id_for(ids), members,
                           method="practitioner" if any(i in decided for i in ids) else "dedupe"))
    out.sort(key=lambda c: _natural_key(c.person_id))
    return out, decided


def _mode(values: Iterable[Any]) -> Any:
    vals = [v for v in values if v not in (None, "")]
    if not vals:
        return None
    counts = Counter(vals)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def _display(given: object, family: object) -> str:
    return " ".join(str(x).strip() for x in (given, family) if x not in (None, "") and str(x).strip())


def resolve_records(driver: Driver, *, model=None, database: str | None = None) -> dict:
    records = _run(driver, "resolution/adult_records", database)
    if not records:
        _run(driver, "resolution/orphan_persons", database)
        _run(driver, "resolution/grading_stale", database, same_keys=[], related_keys=[])
        return {"records": 0, "persons": 0}
    by_id = {r["relationship_id"]: r for r in records}
    resolution = link_adult_records([{k: v for k, v in r.items()} for r in records], model=model)
    decisions = _run(driver, "resolution/practitioner_decisions", database)
    clusters, decided = _apply_decisions(resolution.clusters, decisions)
    grading = grade_links(by_id, resolution, clusters, decided)
    rows, address_rows = [], []
    for c in clusters:
        recs = [by_id[m.relationship_id] for m in c.members]
        names = sorted({_display(r["given_name"], r["family_name"]) for r in recs} - {""})
        display = _mode(_display(r["given_name"], r["family_name"]) for r in recs) or c.person_id
        full_dobs = [normalise_dob(r["date_of_birth"]) for r in recs]
        props = {
            "display_name": display,
            "names": names,
            "roles": sorted({r["relationship"] for r in recs if r["relationship"]}),
            "date_of_birth": _mode(d for d in full_dobs if d and len(d) == 10) or _mode(full_dobs),
            "gender": _mode(r["gender"] for r in recs),
            "resolution_confidence": round(c.confidence, 4),
            "children": sorted({r["child_id"] for r in recs}, key=_natural_key),
            "record_count": len(recs),
        }
        members = []
        for m in c.members:
            d = decided.get(m.relationship_id)
            members.append({"relationship_id": m.relationship_id, "confidence": round(m.confidence, 4),
                            "method": "practitioner" if d else "dedupe",
                            "decided_by": (d or {}).get("decided_by") or "kinscope",
                            "decided_at": (d or {}).get("decided_at"),
                            "reasons": grading.resolved_reasons.get(m.relationship_id)})
        rows.append({"person_id": c.person_id, "props": props, "members": members})
        addresses: dict[str, dict] = {}
        for r in recs:
            key = address_key(r["address_line"], r["postcode"])
            if not key:
                continue
            seen = [x for x in (r.get("start_date"), r.get("updated_date")) if x]
            a = addresses.setdefault(key[0], {"address_key": key[0], "postcode": key[1], "street_key": key[2],
                                              "line": str(r["address_line"]).strip(), "dates": []})
            a["dates"].extend(seen)
        address_rows.append(_lives_at_row(c.person_id, addresses))
    for child in _run(driver, "resolution/child_addresses", database):
        key = address_key(child["address_line"], child["postcode"])
        if key:
            address_rows.append(_lives_at_row(child["person_id"], {key[0]: {
                "address_key": key[0], "postcode": key[1], "street_key": key[2],
                "line": str(child["address_line"] or "").strip(), "dates": [child["seen"]]}}))
    _write_batches(driver, "resolution/record_persons", rows, database)
    removed = _run(driver, "resolution/orphan_persons", database)
    _write_batches(driver, "resolution/lives_at", address_rows, database)
    _run(driver, "resolution/grading_stale", database,
         same_keys=[r["pair_key"] for r in grading.possibly_same],
         related_keys=[r["pair_key"] for r in grading.possibly_related])
    _write_batches(driver, "resolution/possibly_same", grading.possibly_same, database)
    _write_batches(driver, "resolution/possibly_related", grading.possibly_related, database)
    return {"records": len(records), "persons": len(clusters),
            "possibly_same": len(grading.possibly_same), "possibly_related": len(grading.possibly_related),
            "merged_records": sum(len(c.members) for c in clusters if len(c.members) > 1),
            "review_pairs": len(resolution.review_pairs), "decisions_applied": len(decided),
            "orphans_removed": removed[0]["removed"] if removed else 0}


def _lives_at_row(person_id: str, addresses: dict[str, dict]) -> dict:
    out = []
    for a in addresses.values():
        dates = sorted(a.pop("dates"))
        out.append({**a, "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None})
    return {"person_id": person_id, "addresses": out, "keys": sorted(addresses)}


# ============================================================================ b. per child

@dataclass
class ChildContext:
    child_id: str
    person_id: str
    candidates: list[Candidate]
    names: set[str]                       # folded names of the child (for relation_to)
    siblings: set[str] = field(default_factory=set)


def build_contexts(rows: list[dict]) -> dict[str, ChildContext]:
    """Known people per child, siblings (children sharing a resolved parent) included."""
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
            for sib in by_parent[p]:
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
        names = {fold(row["given_name"]), fold(row.get("preferred_name")), fold(_display(row["given_name"], row["family_name"]))}
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


def resolve_child(ctx: ChildContext, mentions: list[dict]) -> tuple[list[Decision], list[MentionCluster]]:
    decisions: dict[str, Decision] = {}
    people = [m for m in mentions if m["label"] == "PERSON"]
    roles = [m for m in mentions if m["label"] == "ROLE"]
    unmatched: list[dict] = []
    forms: dict[str, NameForm] = {}
    for m in people:
        form = parse_name_form(m["text"])
        forms[m["mention_id"]] = form
        # "Aunty Ngozi", "Uncle Tariq": a courtesy title as often as kinship -- no role evidence
        role = _own_role(m, ctx) or (form.prefix_role if form.prefix_role not in ("aunt", "uncle") else None)
        hit = match_name(form, role, ctx.candidates)
        if hit:
            decisions[m["mention_id"]] = Decision(m["mention_id"], "person", hit.person_id,
                                                  round(hit.score * (m["confidence"] or 0.5), 4), hit.method)
        else:
            unmatched.append(m)
    # cluster the rest
    groups = cluster_unmatched([forms[m["mention_id"]] for m in unmatched])
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
    for m in roles:
        mid = m["mention_id"]
        near = [p for p in by_record.get(f"{m['record_type']}:{m['record_id']}", [])
                if _adjacent(m, p) and p["mention_id"] in decisions
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
    return list(decisions.values()), clusters


# ============================================================================ d. places

_PLACE_KINDS = (("retail park", "retail park"), ("park", "park"), ("station", "station"),
                ("takeaway", "takeaway"), ("kebab", "takeaway"), ("chicken", "takeaway"),
                ("pizza", "takeaway"), ("shop", "shop"), ("court", "block of flats"),
                ("house", "block of flats"), ("estate", "estate"), ("centre", "centre"),
                ("school", "school"), ("hotel", "hotel"), ("car park", "car park"))
_ORG_KINDS = (("police", "police"), ("school", "school"), ("primary", "school"), ("academy", "school"),
              ("college", "school"), ("nursery", "school"), ("surgery", "gp"), ("medical", "gp"),
              ("health", "health"), ("nhs", "health"), ("hospital", "health"), ("camhs", "health"),
              ("housing", "housing"), ("council", "council"))


def place_key(text: str) -> str:
    s = fold(text)
    for art in ("the ", "a "):
        if s.startswith(art):
            s = s[len(art):]
    return s


def _kind(text: str, table) -> str | None:
    s = fold(text)
    for word, kind in table:
        if word in s:
            return kind
    return None


def resolve_places(mentions: list[dict], known_streets: dict[str, set[str]]) -> list[Decision]:
    """ADDRESS / PLACE / ORG mentions -> shared nodes by normalised key."""
    out = []
    postcodes_by_record: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        if m["label"] == "POSTCODE":
            postcodes_by_record[f"{m['record_type']}:{m['record_id']}"].append(m)
    for m in mentions:
        conf = float(m["confidence"] or 0.5)
        if m["label"] == "ADDRESS":
            text = m["text"]
            pc_match = POSTCODE_RE.search(text)
            pc = normalise_postcode(pc_match.group()) if pc_match else None
            if not pc:
                for p in postcodes_by_record.get(f"{m['record_type']}:{m['record_id']}", []):
                    if 0 <= p["start"] - m["end"] <= 3:
                        pc = normalise_postcode(p["text"])
                        break
            line = POSTCODE_RE.sub("", text) if pc_match else text
            street = normalise_address(line)
            if not street:
                continue
            if not pc:
                known = known_streets.get(street, set())
                if len(known) == 1:
                    pc = next(iter(known))
            key = f"{pc or ''}|{street}"
            out.append(Decision(m["mention_id"], "address", key, round(conf, 4), "address_key", name=line.strip(" ,"),
                                extra={"postcode": pc, "street_key": street}))
        elif m["label"] == "PLACE":
            key = place_key(m["text"])
            if key:
                out.append(Decision(m["mention_id"], "place", key, round(conf, 4), "place_key",
                                    name=m["text"], extra={"kind": _kind(m["text"], _PLACE_KINDS)}))
        elif m["label"] == "ORG":
            key = place_key(m["text"])
            if key:
                out.append(Decision(m["mention_id"], "organisation", key, round(conf, 4), "organisation_key",
                                    name=m["text"], extra={"kind": _kind(m["text"], _ORG_KINDS)}))
    return out


# ============================================================================ c. across children

def _context_items(records: set[str], record_context: dict[str, set[str]]) -> set[str]:
    out: set[str] = set()
    for r in records:
        out |= record_context.get(r, set())
    return out


def _name_relation(a: MentionCluster, b: MentionCluster) -> str | None:
    """'full', 'title', 'given' (the weakest evidence both share) or None (incompatible)."""
    fa = [f for f in a.forms if f.kind == "full"]
    fb = [f for f in b.forms if f.kind == "full"]
    if fa and fb:
        fam_ok = any(family_name_similarity(x.family, y.family) >= 0.9 for x in fa for y in fb)
        if not fam_ok:
            return None
        if any(family_name_similarity(x.family, y.family) >= 0.9 and
               (x.given == y.given or nickname_equivalent(x.given, y.given)) for x in fa for y in fb):
            return "full"
        return None
    families_a = {f.family for f in a.forms if f.family}
    families_b = {f.family for f in b.forms if f.family}
    if families_a and families_b and not (families_a & families_b):
        return None
    ta = [f for f in a.forms if f.kind == "title"]
    tb = [f for f in b.forms if f.kind == "title"]
    if ta and tb and any(x.family == y.family and x.gender == y.gender for x in ta for y in tb):
        return "title"
    # "Mr Khan" in one child's notes, "Russell Khan" in another's
    if (ta and any(x.family == y.family for x in ta for y in fb)) or \
            (tb and any(x.family == y.family for x in tb for y in fa)):
        return "title"
    ga = {f.given for f in a.forms if f.given}
    gb = {f.given for f in b.forms if f.given}
    if ga and gb and any(x == y or nickname_equivalent(x, y) for x in ga for y in gb):
        # a first name on one side, a full name with that first name on the other
        return "partial" if (fa or fb) else "given"
    return None


# context points needed per name relation: an exact full name (nickname-equivalent first
# name) is enough on its own unless the roles the text gives the two contradict
NEED = {"full": 0, "title": 1, "partial": 1, "given": 3}
PRO_TITLES = {"dc", "ds", "pc", "pcso", "di", "dci", "sgt", "insp", "wpc", "dr"}


def _roles_conflict(a: MentionCluster, b: MentionCluster) -> bool:
    ra = {role_key(r) for r in a.roles} - {None}
    rb = {role_key(r) for r in b.roles} - {None}
    if not ra or not rb or ra & rb:
        return False
    return True  # both have roles and share none ('mother' vs 'health visitor')


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


def link_across_children(clusters: list[MentionCluster], record_context: dict[str, set[str]]) -> dict[str, str]:
    """child-level cluster key -> final person id (clusters merged across children)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, cl in enumerate(clusters):
        keys = set()
        for f in cl.forms:
            if f.family:
                keys.add("f:" + f.family)
            if f.given and not f.family:
                from linkage.normalise import name_variants
                for v in name_variants(f.given):
                    keys.add("g:" + v)
        for k in keys:
            blocks[k].append(i)
    contexts = [_context_items(cl.records, record_context) for cl in clusters]
    uf = UnionFind()
    children_of: dict[int, set[str]] = {i: {cl.child_id} for i, cl in enumerate(clusters)}
    pairs: list[tuple[int, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for block, members in blocks.items():
        if len(members) > 200:
            continue  # a very common name: no evidence strong enough on a name block alone
        one_holder = block.startswith("f:") and _one_holder(clusters, members)
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) in seen or clusters[i].child_id == clusters[j].child_id:
                    continue
                seen.add((i, j))
                rel = _name_relation(clusters[i], clusters[j])
                if rel is None:
                    continue
                shared = contexts[i] & contexts[j]
                score = sum(2 if s.startswith(("phone:", "address:")) else 1 for s in shared)
                if _roles_conflict(clusters[i], clusters[j]):
                    continue
                roles_i = {role_key(r) for r in clusters[i].roles} - {None}
                roles_j = {role_key(r) for r in clusters[j].roles} - {None}
                score += len(roles_i & roles_j) and 1  # the same role ("CAMHS worker", "maternal aunt")
                score += len(clusters[i].agencies & clusters[j].agencies) and 1
                titles_i = {f.title for f in clusters[i].forms if f.title} & PRO_TITLES
                titles_j = {f.title for f in clusters[j].forms if f.title} & PRO_TITLES
                score += len(titles_i & titles_j) and 1
                need = 0 if one_holder and rel in ("title", "partial") else NEED[rel]
                if score >= need:
                    pairs.append((score, i, j))
    for score, i, j in sorted(pairs, key=lambda p: -p[0]):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        ci, cj = children_of.get(ri, {clusters[ri].child_id}), children_of.get(rj, {clusters[rj].child_id})
        if ci & cj:
            continue  # two persons of one child stay two
        uf.union(ri, rj)
        root = uf.find(ri)
        children_of[root] = ci | cj
    out = {}
    for root, members in uf.groups(range(len(clusters))).items():
        ids = sorted((mid for i in members for mid in clusters[i].mention_ids), key=_natural_key)
        final = "P-" + ids[0]
        for i in members:
            out[clusters[i].key] = final
    return out


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
    for rp in record_persons:
        roles = {role_key(r["relationship"]) for r in rp["records"]} - {None}
        for r in rp["records"]:
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
        if len(hits) == 1:
            target = hits.pop()
            for cl in cls:
                out[cl.key] = target
    return out


# ============================================================================ the stage

def resolve_people(driver: Driver, *, model=None, children: list[str] | None = None,
                   database: str | None = None, progress: bool | None = None) -> dict:
    """Resolve records and mentions into people and places; return counts.

    model: the record linker (a trained dedupe matcher, a settings path, or None for the
    cached one). children: restrict mention resolution to these children (records are
    always resolved across all children); a full run (None) is what keeps cross-child
    links complete.
    """
    started = time.perf_counter()
    model, record_model = model_for_run(driver, model, database=database)  # the council's answers retrain it
    summary: dict[str, Any] = {"records": resolve_records(driver, model=model, database=database),
                               "record_model": record_model}
    contexts = build_contexts(_run(driver, "resolution/child_context", database, children=children))
    mentions = _run(driver, "resolution/mentions", database, children=children)
    by_child: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        by_child[m["child_id"]].append(m)
    known_streets: dict[str, set[str]] = defaultdict(set)
    for a in _run(driver, "resolution/addresses", database):
        if a["street_key"] and a["postcode"]:
            known_streets[a["street_key"]].add(a["postcode"])

    decisions: list[Decision] = []
    clusters: list[MentionCluster] = []
    for cid in tqdm(sorted(by_child, key=_natural_key), desc="resolve mentions", unit=" children",
                    disable=None if progress is None else not progress):
        ctx = contexts.get(cid)
        if ctx is None:
            continue
        d, cl = resolve_child(ctx, by_child[cid])
        decisions.extend(d)
        clusters.extend(cl)
        decisions.extend(resolve_places(by_child[cid], known_streets))

    # context of each record for cross-child linking: phones, addresses, places, people
    record_context: dict[str, set[str]] = defaultdict(set)
    decided = {d.mention_id: d for d in decisions}
    for m in mentions:
        rk = f"{m['record_type']}:{m['record_id']}"
        if m["label"] == "PHONE":
            p = normalise_phone(m["text"])
            if p:
                record_context[rk].add("phone:" + p)
        d = decided.get(m["mention_id"])
        if d and d.kind == "address":
            record_context[rk].add("address:" + d.key)
        elif d and d.kind == "place":
            record_context[rk].add("place:" + d.key)
        elif d and d.kind == "person" and d.method != "cluster" and not d.key.startswith("worker:"):
            record_context[rk].add("person:" + d.key)
    final = link_across_children(clusters, record_context)
    final = link_to_record_persons(clusters, final, _run(driver, "resolution/record_person_names", database))
    for d in decisions:
        if d.kind == "person" and d.key in final:
            if not final[d.key].startswith(("P-note:", "P-doc:")):
                d.method = "cluster+name"
            d.key = final[d.key]

    # mention-only persons
    merged: dict[str, list[MentionCluster]] = defaultdict(list)
    for cl in clusters:
        if not final[cl.key].startswith(("P-note:", "P-doc:")):
            continue  # joined a person resolved from records
        merged[final[cl.key]].append(cl)
    person_rows = []
    for pid, cls in merged.items():
        texts = [t for cl in cls for t in cl.texts]
        fulls = [t for cl in cls for t, f in zip(cl.texts, cl.forms) if f.kind == "full"]
        confs = [c for cl in cls for c in cl.confidences]
        person_rows.append({"person_id": pid, "props": {
            "display_name": _mode(fulls) or _mode(texts),
            "names": sorted(set(texts)),
            "roles": sorted({r for cl in cls for r in cl.roles}),
            "agencies": sorted({a for cl in cls for a in cl.agencies}),
            "children": sorted({cl.child_id for cl in cls}, key=_natural_key),
            "mention_count": len(texts),
            "resolution_confidence": round(sum(confs) / len(confs), 4) if confs else None,
            "date_of_birth": None, "gender": None,
        }})
    _write_batches(driver, "resolution/mention_persons", person_rows, database)

    clear_rows = [{"mention_id": d.mention_id, "target_uid": d.uid} for d in decisions]
    # mentions not decided at all (e.g. a PERSON text with no usable name) lose old links
    decided_ids = {d.mention_id for d in decisions}
    for m in mentions:
        if m["mention_id"] not in decided_ids and m["label"] in ("PERSON", "ROLE", "ADDRESS", "PLACE", "ORG"):
            clear_rows.append({"mention_id": m["mention_id"], "target_uid": None})
    _write_batches(driver, "resolution/refers_to_clear", clear_rows, database)
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for d in decisions:
        by_kind[d.kind].append({"mention_id": d.mention_id, "key": d.key, "confidence": d.confidence,
                                "method": d.method, "name": d.name, **d.extra})
    for kind, name in (("person", "refers_to_person"), ("address", "refers_to_address"),
                       ("place", "refers_to_place"), ("organisation", "refers_to_organisation"),
                       ("unresolved", "mentions_unresolved")):
        _write_batches(driver, f"resolution/{name}", by_kind.get(kind, []), database)
    removed = _run(driver, "resolution/orphan_persons", database)
    methods = Counter(d.method for d in decisions)
    summary.update({
        "children": len(by_child), "mentions": len(mentions),
        "links_by_method": dict(methods),
        "mention_only_persons": len(merged),
        "child_level_clusters": len(clusters),
        "cross_child_merges": len(clusters) - len(merged),
        "orphans_removed": removed[0]["removed"] if removed else 0,
        "seconds": round(time.perf_counter() - started, 2),
    })
    log.info("resolve.done", **{k: v for k, v in summary.items() if not isinstance(v, dict)})
    return summary
