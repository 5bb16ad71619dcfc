"""Materialise each child's network as ``(:Child)-[:NETWORK]->(:Person|:Address|:Place)`` edges.

Sources of an edge (one edge per child and member, however many sources):

* **records** — significant-adult records resolved to a Person (``AdultRecord-[:RESOLVED_TO]->``):
  the relationship as recorded gives the role and category (:mod:`ranking.roles`); the
  record's start date is first seen; its end date (or, while open, the later of start and
  last update) is last seen; a record without an end date is a *current* relationship;
* **allocations** — worker allocations (``AllocationRecord-[:RESOLVED_TO]->Worker``):
  category ``professional``, the allocation role, the allocation period as first/last seen,
  current while open;
* **mentions** — resolved mentions in the child's notes and documents
  (``Mention-[:IN]->note``, ``Mention-[:REFERS_TO]->Person|Address|Place``): the role cue of
  the mention, else the person's known roles, else ``mentioned`` (a name with nothing else);
  first/last seen are the earliest/latest note or document dates;
* **addresses** — the child's own ``LIVES_AT`` addresses (role ``home address``) and the
  people who live there in an overlapping period (role ``lives with the child``, category
  ``household``);
* **siblings** — another child who shares a recorded parent with this child (both files record
  the same person as mother, father or parent): brother / sister / half-brother / half-sister /
  sibling, category ``family``. A sibling row only says who a member *is*: it adds no member
  that no other evidence names, no piece of evidence and no entry in ``sources``.

**Category and leading role come from the strongest evidence** (``STRENGTH``): a recorded
relationship, an allocation or a shared recorded parent; then a role phrase or an agency next to
the name in the child's notes ("Ngozi Eze (family friend)", "Eleanor Thwaite (CAMHS)" -- a
professional); then roles the person is known by elsewhere; then a kin word used as a title
inside the name ("Aunty Ngozi", often a courtesy for a family friend). A role word alone that
coreference joined to the person ("Dad", "the older male") counts as a phrase next to the name,
unless it contradicts the roles the person is known by elsewhere: then it is a linking slip ("dad"
joined to the school's DSL) and as weak as a title; a professional title inside the name ("Dr Marsden")
is as weak as a kin title. Among equally strong evidence: a category the person's known roles
agree with, then the weightiest (``ranking.settings``). Living with the child makes a member
``household`` unless that evidence says family or professional: mum, a brother or a kinship
carer who live there stay family (as the glossary has it), a foster carer stays a professional
relationship, mum's boyfriend or a lodger is household. A name with nothing else is
``community`` with the single role ``mentioned``, which the app draws as "Role not known".
``evidence_count`` counts independent pieces of evidence: distinct notes, documents, records
and allocations (many mentions in one note are one piece). Everything is recomputed from the graph:
for each batch of children, one write transaction reads the evidence, deletes the children's
NETWORK edges and creates them again, and clears ``network_stale`` — so the same inputs give
the same edges and a failure leaves the previous edges in place.

**A practitioner's "right role / group"** (a ``role`` ``PractitionerDecision`` on the child's map,
``cypher/ranking/evidence_corrections``) overrides the role and category the evidence gives
(:func:`ranking.corrections.override_role`, the rule the app applies too), so ranking weighs the
member as that role and every rerun keeps it; like a sibling row it adds no member and no piece of
evidence. No other practitioner input is read here, and nothing is written to decisions.

**Which children are stale.** The loader marks a child ``network_stale`` when one of its own
rows changes. But a child's network also changes when *another* child's data does: a shared
parent's record on a sibling's file changes the person's roles or addresses, entity resolution
merges or renames a person mentioned in this child's notes, a deletion removes a person this
child's network pointed at. So each child stores ``network_inputs``, a fingerprint (SHA-256)
of everything its edges and ranks are computed from — the evidence rows (practitioners' role corrections included) by member *key*
(not element id) and where the child and its members live — written in the same transaction
as its edges. :func:`mark_changed_networks` recomputes the fingerprint of every child not
marked stale and marks stale those whose inputs differ (or were never fingerprinted); the
network stage calls it after entity resolution, so an increment re-materialises exactly the
children whose networks can have changed, and a crash anywhere before still leaves them
detectable (the stored fingerprint is that of the edges in the graph).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import neo4j

from graph_model.cypher import cypher
from graph_model.values import as_date as _d
from ranking.corrections import override_role
from ranking.roles import (canonical_role, classify, is_role_word_only, is_title_only, parent_side, sibling_role,
                           title_role)
from ranking.settings import CATEGORIES, RankingSettings

log = logging.getLogger(__name__)

_EVIDENCE_QUERIES = (
    "ranking/evidence_records",
    "ranking/evidence_allocations",
    "ranking/evidence_mentions",
    "ranking/evidence_residence",
    "ranking/evidence_siblings",
    "ranking/evidence_corrections",
)


def _known_role_category(known_roles: list[str] | None) -> tuple[str | None, str | None]:
    best: tuple[str | None, str | None] = (None, None)
    for text in sorted(known_roles or []):
        role, category = classify(text)
        if category and (best[1] is None or CATEGORIES.index(category) < CATEGORIES.index(best[1])):
            best = (role, category)
    return best


#: How strong a piece of evidence is about *who someone is to the child*; the category and the
#: leading role come from the strongest evidence there is (ties: a category the person's known roles
#: agree with, then the weightiest).
STRENGTH = {
    "record": 4,       # a relationship recorded on the child's file, an allocation, a worker
    "sibling": 4,      # a parent recorded on both children's files
    "phrase": 3,       # a role phrase or an agency next to the name in the child's notes; a role word
                       # alone joined to the person ("Dad") unless it contradicts the known roles
    "known": 2,        # the person's roles known from elsewhere (other files, entity resolution)
    "title": 1,        # a kin word or a professional title inside the name ("Aunty Ngozi", "Dr Marsden")
    "none": 0,         # named with nothing else: role not known
}


def _agrees_with_known(category: str | None, row: dict[str, Any]) -> bool:
    """A role word alone ("Dad", "the older male") fits what the person is known as elsewhere (or
    nothing is known): a coreference slip that contradicts it ("dad" joined to the school's DSL) is
    no stronger than a title inside the name."""
    known = {classify(t)[1] for t in row.get("known_roles") or []} - {None}
    return not known or category in known


def _sibling_item_role(row: dict[str, Any]) -> str | None:
    def parents(adults: list[dict[str, Any]] | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for a in sorted(adults or [], key=lambda a: (a.get("parent") or "", a.get("relationship") or "")):
            side = parent_side(a.get("relationship"))
            if side and a.get("parent"):
                out.setdefault(side, a["parent"])
        return out

    shared = {x["parent"] for x in row.get("shared") or []
              if parent_side(x.get("mine")) and parent_side(x.get("theirs"))}
    return sibling_role(parents(row.get("mine")), parents(row.get("theirs")), shared, row.get("gender"))


def evidence_item(row: dict[str, Any], as_of: date | None = None) -> dict[str, Any] | None:
    """One source row (from a ``ranking/evidence_*`` query) as normalised evidence, or
    ``None`` when it lies after ``as_of`` (or, for a sibling row, when no parent is shared).
    Pure; used by :func:`build_edges`. ``strength`` says how strong its role evidence is
    (:data:`STRENGTH`)."""
    source = row["source"]
    kind = row.get("target_kind", "person")
    if source == "correction":  # applied over the evidence by build_edges (ranking.corrections)
        return {"child_id": row["child_id"], "target": row["target"], "target_key": row.get("target_key"),
                "target_kind": kind, "source": source, "keys": {}, "mentions": 0, "role": None,
                "category": None, "strength": STRENGTH["none"], "first": None, "last": None, "current": False,
                "confidence": 0.0, "value": row.get("role_text"), "chosen": row.get("category"),
                "decided_at": str(row.get("decided_at") or "")}
    role = category = None
    first = last = None
    current = False
    strength = STRENGTH["none"]
    if source in ("record", "allocation"):
        role, category = classify(row.get("role_text"), professional=(source == "allocation"))
        if row.get("is_worker"):
            category = "professional"
        if category:
            strength = STRENGTH["record"]
        start, end, recorded = _d(row.get("start_date")), _d(row.get("end_date")), _d(row.get("recorded_on"))
        began = start or recorded
        if as_of and began and began > as_of:
            return None
        if as_of and end and end > as_of:
            end = None  # still going on at the ranking date
        first = began
        seen = [d for d in (start, recorded) if d]
        last = end or (max(seen) if seen else None)
        if as_of and last and last > as_of:
            last = as_of
        current = end is None
    elif source == "sibling":
        role = _sibling_item_role(row)
        if role is None:
            return None
        category, strength = "family", STRENGTH["sibling"]
    elif source == "mention":
        # one row per child, referent and role cue (aggregated in Cypher; as_of applied there)
        first, last = _d(row.get("first_seen")), _d(row.get("last_seen"))
        role, category = classify(row.get("role_text"))
        relation_to = (row.get("relation_to") or "").strip()
        names = {n.lower() for n in (row.get("child_names") or [])}
        if role and relation_to and relation_to.lower() not in names and category != "professional":
            # "Tia's older brother" in Kayden's notes: a role relative to someone else
            role, category = f"{role} of {relation_to}", "community"
        if category == "professional" and row.get("is_child"):
            role = category = None  # "SW" linked to a child on the council's records: a linking slip
        if category:
            texts = row.get("mention_texts")
            strength = (STRENGTH["title"] if is_title_only(role, texts) or (
                is_role_word_only(texts) and not _agrees_with_known(category, row)) else STRENGTH["phrase"])
        agencies = sorted(a for a in (row.get("agencies") or []) if a)
        if category is None and agencies and kind == "person":
            # "Eleanor Thwaite (CAMHS)": an agency next to the name makes a professional
            agency_role, agency_category = classify(agencies[0])
            role = agency_role if agency_category == "professional" else "professional"
            category, strength = "professional", STRENGTH["phrase"]
    elif source == "address":
        first, last = _d(row.get("first_seen")), _d(row.get("last_seen"))
        if as_of and first and first > as_of:
            return None
        if as_of and last and last > as_of:
            last = None
        current = last is None
        if kind == "address":
            role, category = "home address", "place"
        else:
            role, category = "lives with the child", "household"
    else:  # pragma: no cover - a new query without a handler
        raise ValueError(f"unknown evidence source {source!r}")

    if kind in ("address", "place") and source == "mention":
        role = row.get("place_kind") or ("address" if kind == "address" else "place")
        category = "place"
    if kind == "person" and source != "address" and strength < STRENGTH["known"]:
        known_role, known_category = _known_role_category(row.get("known_roles"))
        if row.get("is_worker"):
            role, category, strength = role or known_role or "professional", "professional", STRENGTH["record"]
        elif known_category:
            role, category, strength = known_role, known_category, STRENGTH["known"]
        elif category is None and source == "mention" and title_role(row.get("mention_texts")):
            role, category, strength = title_role(row.get("mention_texts")), "professional", STRENGTH["title"]
        elif category is None:
            role, category = role or "mentioned", "community"
    if source == "mention":
        keys = {"note": set(row.get("note_keys") or []), "document": set(row.get("document_keys") or [])}
        weight = int(row.get("mentions") or 1)
    elif source == "sibling":
        keys, weight = {}, 0  # refines who a member is; not a separate piece of evidence
    else:
        keys = {source: {row["evidence_key"]}}
        weight = 1
    return {
        "child_id": row["child_id"], "target": row["target"], "target_key": row.get("target_key"),
        "target_kind": kind, "source": source, "keys": keys, "mentions": weight,
        "role": role, "category": category, "strength": strength, "first": first, "last": last,
        "current": current,
        "confidence": float(row["confidence"]) if row.get("confidence") is not None else 1.0,
        "known_categories": {classify(t)[1] for t in row.get("known_roles") or []} - {None},
    }


def _category_rank(category: str, settings: RankingSettings) -> tuple[float, int]:
    return (-settings.category_weights.get(category, settings.default_weight), CATEGORIES.index(category))


def _member_category(items: list[dict[str, Any]], settings: RankingSettings) -> tuple[str, set[str]]:
    """The category of one member and the roles that give it: those of the strongest role
    evidence (a record or a shared parent, then a phrase next to the name, then roles known from
    elsewhere, then a title inside the name); among equals a category the known roles agree with,
    then the weightiest. Living with the child makes a member ``household`` unless the strongest
    evidence says family or
    professional (mum, a brother or a kinship carer who live there stay family, a foster carer a
    professional; a lodger, mum's friend or a named-only adult who lives there is household)."""
    role_items = [i for i in items if i["source"] != "address"]
    resident = [i for i in items if i["source"] == "address"]
    if not role_items:
        return resident[0]["category"], {i["role"] for i in resident}
    best = max(i["strength"] for i in role_items)
    top = [i for i in role_items if i["strength"] == best]
    known = set().union(*(i.get("known_categories") or set() for i in items))
    category = min((i["category"] for i in top), key=lambda c: (c not in known, _category_rank(c, settings)))
    leading = {i["role"] for i in top if i["category"] == category}
    if resident and items[0]["target_kind"] == "person" and (
            best == STRENGTH["none"] or category not in ("family", "professional")):
        category, leading = "household", leading | {"lives with the child"}
    return category, leading


def build_edges(rows: list[dict[str, Any]], settings: RankingSettings | None = None,
                as_of: date | None = None) -> list[dict[str, Any]]:
    """Aggregate evidence rows into one edge per (child, member). Pure and deterministic.

    Returns dicts ``{child_id, target, props}`` with ``props`` the NETWORK properties.
    """
    settings = settings or RankingSettings()
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        item = evidence_item(row, as_of)
        if item is not None:
            groups[(item["child_id"], item["target"])].append(item)
    edges = []
    for (child_id, target), found in sorted(groups.items()):
        fixes = sorted((i for i in found if i["source"] == "correction"), key=lambda i: i["decided_at"])
        items = [i for i in found if i["source"] != "correction"]
        if all(i["source"] == "sibling" for i in items):
            continue  # a sibling or a correction refines a member found otherwise; it adds no one
        category, leading = _member_category(items, settings)
        role_counts: Counter[str] = Counter()
        for i in items:
            if i["role"]:
                role_counts[i["role"]] += i["mentions"]
        roles = sorted(role_counts, key=lambda r: (r not in leading, -role_counts[r], r))
        if len(roles) > 1 and "mentioned" in roles:
            roles.remove("mentioned")
        firsts = [i["first"] for i in items if i["first"]] + [i["last"] for i in items if i["last"]]
        lasts = [i["last"] for i in items if i["last"]] + [i["first"] for i in items if i["first"]]
        keys_by_type: dict[str, set[str]] = defaultdict(set)
        for i in items:
            for kind, keys in i["keys"].items():
                keys_by_type[kind].update(keys)
        independent = set().union(*(v for k, v in keys_by_type.items() if k != "address"))
        props = {
            "category": category,
            "roles": roles,
            "first_seen": min(firsts) if firsts else None,
            "last_seen": max(lasts) if lasts else None,
            "current": any(i["current"] for i in items),
            "evidence_count": max(1, len(independent)),
            "note_count": len(keys_by_type.get("note", ())),
            "document_count": len(keys_by_type.get("document", ())),
            "record_count": len(keys_by_type.get("record", ())),
            "allocation_count": len(keys_by_type.get("allocation", ())),
            "sources": sorted({i["source"] for i in items if i["source"] != "sibling"}),
            "confidence": round(max(i["confidence"] for i in items), 4),
            "target_key": min((i["target_key"] for i in items if i["target_key"]), default=target),
            "target_kind": items[0]["target_kind"],
        }
        if fixes:
            roles, props["category"] = override_role(
                roles, category, ({"value": i["value"], "category": i["chosen"]} for i in fixes))
            props["roles"] = [canonical_role(r) or r for r in roles]
        edges.append({"child_id": child_id, "target": target,
                      "props": {k: v for k, v in props.items() if v is not None}})
    return edges


def _children_to_materialise(tx: neo4j.ManagedTransaction) -> list[str]:
    result = tx.run(cypher("ranking/children_to_materialise"), limit=10_000_000)
    return [r["child_id"] for r in result]


def _evidence_rows(tx: neo4j.ManagedTransaction, child_ids: list[str], as_of: date | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in _EVIDENCE_QUERIES:
        rows.extend(r.data() for r in tx.run(cypher(name), child_ids=child_ids, as_of=as_of))
    return rows


def _canonical(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def network_inputs(child_ids: list[str], evidence: list[dict[str, Any]],
                   residence: list[dict[str, Any]]) -> dict[str, str]:
    """child_id -> fingerprint of its network's inputs (evidence rows without element ids,
    where the child and its members live). Pure; independent of row and list order."""
    parts: dict[str, list[str]] = {cid: [] for cid in child_ids}
    for row in evidence:
        item = {k: _canonical(v) for k, v in row.items() if k != "target"}
        parts.setdefault(row["child_id"], []).append("e" + json.dumps(item, sort_keys=True, default=str))
    for row in residence:
        parts.setdefault(row["child_id"], []).append("r" + json.dumps(_canonical(row), sort_keys=True, default=str))
    return {cid: hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest() for cid, items in parts.items()}


def _residence_rows(tx: neo4j.ManagedTransaction, child_ids: list[str]) -> list[dict[str, Any]]:
    return [r.data() for r in tx.run(cypher("ranking/network_inputs_residence"), child_ids=child_ids)]


def _materialise_batch(tx: neo4j.ManagedTransaction, child_ids: list[str], settings: RankingSettings,
                       as_of: date | None) -> dict[str, Any]:
    rows = _evidence_rows(tx, child_ids, as_of)
    edges = build_edges(rows, settings, as_of)
    deleted = tx.run(cypher("ranking/delete_networks"), child_ids=child_ids).single()["deleted"]
    created = 0
    for start in range(0, len(edges), 10_000):
        created += tx.run(cypher("ranking/create_networks"), edges=edges[start:start + 10_000]).single()["created"]
    # the fingerprint is always that of the undated inputs (what mark_changed_networks compares)
    evidence = rows if as_of is None else _evidence_rows(tx, child_ids, None)
    inputs = network_inputs(child_ids, evidence, _residence_rows(tx, child_ids))
    tx.run(cypher("ranking/mark_networks_fresh"), child_ids=child_ids, inputs=inputs).consume()
    return {"deleted": deleted, "created": created,
            "categories": Counter(e["props"]["category"] for e in edges)}


def materialise_networks(driver: neo4j.Driver, *, child_ids: list[str] | None = None,
                         as_of: date | None = None, settings: RankingSettings | None = None,
                         database: str | None = None) -> dict[str, Any]:
    """(Re)build the NETWORK edges of children, one write transaction per batch.

    Args:
        driver: a connected driver.
        child_ids: children to rebuild; default every child with ``network_stale = true``.
        as_of: ignore evidence dated after this day (reproduce a past network); default none.
        settings: batch size and category weights (which category wins); default from env.
        database: Neo4j database; default the driver's.

    Returns:
        ``{"children", "edges_deleted", "edges_created", "by_category"}``.

    Example:
        >>> materialise_networks(driver, child_ids=["C-1001"])  # doctest: +SKIP
        {'children': 1, 'edges_deleted': 0, 'edges_created': 6, 'by_category': {...}}
    """
    settings = settings or RankingSettings()
    with driver.session(database=database) as session:
        ids = sorted(set(child_ids)) if child_ids is not None else session.execute_read(_children_to_materialise)
        totals: Counter[str] = Counter()
        deleted = created = 0
        for start in range(0, len(ids), settings.batch_size):
            batch = ids[start:start + settings.batch_size]
            out = session.execute_write(_materialise_batch, batch, settings, as_of)
            deleted += out["deleted"]
            created += out["created"]
            totals.update(out["categories"])
    log.info("materialised networks of %d children: %d edges", len(ids), created)
    return {"children": len(ids), "child_ids": ids, "edges_deleted": deleted, "edges_created": created,
            "by_category": dict(sorted(totals.items()))}


def _changed_in_batch(tx: neo4j.ManagedTransaction, stored: dict[str, str | None]) -> list[str]:
    child_ids = sorted(stored)
    current = network_inputs(child_ids, _evidence_rows(tx, child_ids, None), _residence_rows(tx, child_ids))
    return [cid for cid in child_ids if current[cid] != stored[cid]]


def mark_changed_networks(driver: neo4j.Driver, *, settings: RankingSettings | None = None,
                          database: str | None = None) -> dict[str, Any]:
    """Mark ``network_stale`` every child whose network inputs changed since its edges were built.

    Reads the inputs of every child not already stale (one read transaction per batch of
    ``settings.batch_size``), compares their fingerprint with the one stored when the edges
    were materialised, and marks the differing ones stale (children never fingerprinted
    included). Idempotent; writes nothing when nothing changed.

    Returns:
        ``{"checked", "changed", "child_ids", "seconds"}``.
    """
    import time

    settings = settings or RankingSettings()
    started = time.perf_counter()
    with driver.session(database=database) as session:
        stored = {r["child_id"]: r["network_inputs"] for r in session.execute_read(
            lambda tx: [r.data() for r in tx.run(cypher("ranking/children_network_inputs"))])}
        ids = sorted(stored)
        changed: list[str] = []
        for start in range(0, len(ids), settings.batch_size):
            batch = {cid: stored[cid] for cid in ids[start:start + settings.batch_size]}
            changed.extend(session.execute_read(_changed_in_batch, batch))
        if changed:
            session.execute_write(lambda tx: tx.run(cypher("ranking/mark_networks_stale"), child_ids=changed).consume())
    seconds = round(time.perf_counter() - started, 3)
    log.info("network inputs checked for %d children: %d changed (%.2fs)", len(ids), len(changed), seconds)
    return {"checked": len(ids), "changed": len(changed), "child_ids": changed, "seconds": seconds}
