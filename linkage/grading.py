"""Grading of the record linker's links: same person, possibly the same, possibly related.

The way investigation tools grade links, every pair the record linker scores is one of:

* **same person** -- the records were merged into one person (dedupe's cluster at the
  ``same_person`` threshold, or a practitioner's confirmed merge). Each record's
  ``RESOLVED_TO`` carries ``grade 'same person'`` and ``reasons``: how the record agrees
  with the other records of its person (per comparison, the best verdict against any of
  them; see :func:`linkage.records.explain_pair`).
* **possibly the same** -- scored between the ``possibly_same`` (review) and ``same_person``
  thresholds, or above it but left apart by the clustering or a practitioner's split: shown
  for review, never merged. ``(:AdultRecord)-[:POSSIBLY_SAME {score, reasons}]->(:AdultRecord)``.
* **possibly related** -- different persons that share a family name and an address or
  postcode (a grandmother and an uncle at one house; two families on one estate with one
  surname). ``(:Person)-[:POSSIBLY_RELATED {basis}]->(:Person)``.

Pairs scored below the review threshold are "not linked" and not stored. ``reasons`` is a
JSON string: ``{"agree": [...], "partial": [...], "disagree": [...], "missing": [...],
"same_child": bool, "fields": [the explain_pair rows]}`` -- enough for the app to answer
"why were these merged?" and "why not?".

Pure functions; :func:`linkage.stage_resolve.resolve_records` writes the result.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Iterable

from linkage.normalise import fold, normalise_address, normalise_postcode
from linkage.records import Cluster, Resolution, _natural_key, explain_pair
from linkage.settings import RecordModelSettings

SAME = "same person"
POSSIBLY_SAME = "possibly the same"
POSSIBLY_RELATED = "possibly related"

# verdict -> bucket, and how good a bucket is (for "best verdict against any other member")
_BUCKET = {"agree": "agree", "partial": "partial", "close": "partial", "disagree": "disagree",
           "missing": "missing"}
_RANK = {"agree": 3, "partial": 2, "disagree": 1, "missing": 0}
MAX_RELATED_GROUP = 25  # a (family name, postcode) shared by more persons says little


@dataclass
class Grading:
    resolved_reasons: dict[str, str]      # relationship_id -> reasons JSON for RESOLVED_TO
    possibly_same: list[dict]             # rows for cypher/resolution/possibly_same
    possibly_related: list[dict]          # rows for cypher/resolution/possibly_related


def summarise(rows: list[dict], **extra: Any) -> dict:
    """explain_pair rows -> {agree, partial, disagree, missing, same_child, fields}."""
    out: dict[str, Any] = {"agree": [], "partial": [], "disagree": [], "missing": []}
    same_child = None
    for r in rows:
        if r["field"] == "child":
            same_child = None if r["verdict"] == "missing" else r["verdict"] == "same child"
            continue
        out[_BUCKET.get(r["verdict"], "partial")].append(r["comparison"])
    out["same_child"] = same_child
    out.update(extra)
    out["fields"] = [{k: (v if isinstance(v, (str, int, float, bool, type(None))) else str(v))
                      for k, v in r.items()} for r in rows]
    return out


def reasons_json(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if _natural_key(a) <= _natural_key(b) else (b, a)


def member_reasons(rid: str, others: list[str], records: dict[str, dict],
                   scores: dict[tuple[str, str], float], settings: RecordModelSettings,
                   decided: dict | None = None) -> dict:
    """Why record ``rid`` joined its person: per comparison the best verdict against any
    other member of the cluster, the other members and the best pair score."""
    if decided:
        return {"summary": "practitioner decision", "decision": decided.get("kind"),
                "decided_by": decided.get("decided_by"), "agree": [], "partial": [],
                "disagree": [], "missing": [], "compared_with": others}
    if not others:
        return {"summary": "the only record of this person", "agree": [], "partial": [],
                "disagree": [], "missing": [], "compared_with": []}
    best: dict[str, tuple[int, str]] = {}
    order: list[str] = []
    same_child = False
    for o in others:
        for r in explain_pair(records[rid], records[o], settings):
            if r["field"] == "child":
                same_child = same_child or r["verdict"] == "same child"
                continue
            bucket = _BUCKET.get(r["verdict"], "partial")
            if r["comparison"] not in best:
                order.append(r["comparison"])
            if r["comparison"] not in best or _RANK[bucket] > best[r["comparison"]][0]:
                best[r["comparison"]] = (_RANK[bucket], bucket)
    out: dict[str, Any] = {"agree": [], "partial": [], "disagree": [], "missing": []}
    for name in order:
        out[best[name][1]].append(name)
    pair_scores = [scores[k] for o in others for k in ((rid, o), (o, rid)) if k in scores]
    out.update({"summary": f"agrees with {len(others)} other record(s) of this person on "
                           + (", ".join(out["agree"]) or "no field exactly"),
                "compared_with": others, "same_child": same_child,
                "best_score": round(max(pair_scores), 4) if pair_scores else None})
    return out


def _related_keys(rec: dict) -> tuple[set[str], set[str], set[str]]:
    family = fold(rec.get("family_name"))
    families = {family} if family else set()
    pc = normalise_postcode(rec.get("postcode"))
    street = normalise_address(rec.get("address_line"))
    addresses = {f"{pc or ''}|{street}"} if street else set()
    postcodes = {pc} if pc else set()
    return families, addresses, postcodes


def possibly_related(clusters: Iterable[Cluster], records: dict[str, dict]) -> list[dict]:
    """Pairs of different persons sharing a family name and an address or postcode."""
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for c in clusters:
        for m in c.members:
            fams, addrs, pcs = _related_keys(records[m.relationship_id])
            for f in fams:
                for a in addrs:
                    groups[(f, "address", a)].add(c.person_id)
                for p in pcs:
                    groups[(f, "postcode", p)].add(c.person_id)
    found: dict[tuple[str, str], dict] = {}
    for (family, kind, value), persons in sorted(groups.items()):
        if len(persons) < 2 or len(persons) > MAX_RELATED_GROUP:
            continue
        for a, b in combinations(sorted(persons, key=_natural_key), 2):
            row = found.setdefault((a, b), {"person_1": a, "person_2": b, "family_name": family,
                                            "shared": set()})
            row["shared"].add(f"{kind} {value.replace('|', ' ').strip()}")
    out = []
    for (a, b), row in found.items():
        shared = sorted(row["shared"], key=lambda s: (not s.startswith("address"), s))
        # an address implies its postcode: say the stronger one
        if any(s.startswith("address") for s in shared):
            shared = [s for s in shared if s.startswith("address")]
        out.append({"person_1": a, "person_2": b, "pair_key": f"{a}|{b}",
                    "basis": f"same family name '{row['family_name']}' and same " + "; ".join(shared),
                    "family_name": row["family_name"], "shared": shared})
    out.sort(key=lambda r: (_natural_key(r["person_1"]), _natural_key(r["person_2"])))
    return out


def grade_links(records: dict[str, dict], resolution: Resolution, clusters: list[Cluster],
                decided: dict[str, dict] | None = None,
                settings: RecordModelSettings | None = None) -> Grading:
    """Grade every scored pair given the final clusters (after practitioner decisions).

    records: relationship_id -> the record as read from the graph; resolution: the linker's
    output (pair scores, thresholds); clusters: the persons as written; decided:
    relationship_id -> the practitioner decision that placed it.
    """
    settings = settings or RecordModelSettings()
    decided = decided or {}
    where = {m.relationship_id: c.person_id for c in clusters for m in c.members}
    reasons: dict[str, str] = {}
    for c in clusters:
        ids = [m.relationship_id for m in c.members]
        for rid in ids:
            others = [o for o in ids if o != rid]
            reasons[rid] = reasons_json(member_reasons(rid, others, records, resolution.pair_scores,
                                                       settings, decided.get(rid)))
    same, review = resolution.thresholds
    rows = []
    split_pairs = {_pair_key(r, d["other_id"]) for r, d in decided.items()
                   if d.get("kind") == "split" and d.get("other_id")}
    for (a, b), score in resolution.pair_scores.items():
        if a not in where or b not in where or where[a] == where[b]:
            continue
        a, b = _pair_key(a, b)
        why = "practitioner split" if (a, b) in split_pairs else (
            "below the same-person threshold" if score < same else "left apart by the clustering")
        reasons_obj = summarise(explain_pair(records[a], records[b], settings), score=round(score, 4),
                                thresholds={"same_person": same, "possibly_same": review}, not_merged=why)
        rows.append({"record_1": a, "record_2": b, "pair_key": f"{a}|{b}", "score": round(score, 4),
                     "reasons": reasons_json(reasons_obj), "grade": POSSIBLY_SAME})
    rows.sort(key=lambda r: (-r["score"], r["pair_key"]))
    return Grading(reasons, rows, possibly_related(clusters, records))
