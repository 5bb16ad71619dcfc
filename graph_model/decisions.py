"""Practitioner decisions: the app's only writes to the case graph (besides the audit trail).

``(:PractitionerDecision {decision_id, kind, target_id, other_id?, child_id, reason, decided_by,
decided_at})`` — written with `cypher/app/record_decision.cypher`, together with an
``(:AuditEvent {action: 'change'})`` in the same transaction (no decision without its audit
event). Nothing in the pipeline updates or deletes these nodes; later decisions about the same
target supersede earlier ones when read in ``decided_at`` order.

Kinds and what reads them:

* ``split`` — ``target_id`` is a significant-adult record (``relationship_id``) that does not
  belong to the person it was merged into; ``other_id`` a record that stays (the target leaves
  that record's cluster). Read by ``linkage.stage_resolve`` (`cypher/resolution/
  practitioner_decisions.cypher`) at every entity-resolution run.
* ``confirm_merge`` — ``target_id`` and ``other_id`` (relationship ids) are one person; read by
  the linker as above.
* ``risk`` / ``protective`` / ``clear_flag`` — ``target_id`` is a map member's key
  (``person_id``, ``address_key`` or ``place_key``) on ``child_id``'s map; shown on the ecomap
  (``dashboards.ecomap.flags``). Ranking never reads or writes them.
* ``hide`` / ``unhide`` — the member is left out of the child's shared views and exports.
* ``unsure`` — an answer "Not sure" to a "possibly the same" pair (``target_id``, ``other_id``)
  in the review queue: the pair leaves that user's queue and nothing else changes (resolution
  reads only ``split`` and ``confirm_merge``).

Corrections from the evidence panel (:func:`mark_same_person`, :func:`mark_not_same`,
:func:`mark_not_a_person`, :func:`correct_role`) name the *mentions* the user could see
(``mention_ids``, ``other_mention_ids``; ids that survive merges and splits) and the other side's
visible adult records (``other_records``); ``target_id`` / ``other_id`` are the map members' keys
at the time (for "checked by" on the map). ``linkage.practitioner_constraints`` applies them at
every resolution run (`cypher/resolution/practitioner_corrections.cypher`):

* ``same_person`` — the mention-only person of ``mention_ids`` is the other person (two recorded
  adults are stored as a ``confirm_merge`` of one record each instead).
* ``not_same`` — ``mention_ids`` are not the person they were resolved to: they become a
  mention-only person of their own.
* ``not_person`` — the mentions leave every network; their ``texts`` are negative examples for the
  extractor (:func:`not_a_person_examples`).
* ``role`` — ``value`` (a role) and ``category`` (a group) override the inferred ones on
  ``child_id``'s map (applied where the app reads the network: ``dashboards.corrections``); it
  names the member's visible ``mention_ids`` and adult ``records`` too, and follows them to the
  person they belong to after a resolution run that changed the member's key.

The review queue (:func:`review_pairs`, :func:`answer_pair`) lists the linker's POSSIBLY_SAME
pairs on children the user may see, in the order of dedupe's uncertain-pair sampling
(``graph_model.review_sampling``); each answer is one
decision above, and ``linkage.council_model`` refits the council's record model on them.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import neo4j

from graph_model.gateway import Viewer, read, write
from graph_model.records import ReviewPage
from graph_model.review_sampling import uncertain_order, user_seed

MERGE_KINDS = ("split", "confirm_merge")
PAIR_KINDS = MERGE_KINDS + ("unsure",)
FLAG_KINDS = ("risk", "protective", "clear_flag", "hide", "unhide")
CORRECTION_KINDS = ("same_person", "not_same", "not_person", "role")
KINDS = PAIR_KINDS + FLAG_KINDS + CORRECTION_KINDS
REVIEW_ANSWERS = {"same": "confirm_merge", "not_same": "split", "unsure": "unsure"}
"""A review-queue answer → the decision kind it stores."""
REVIEW_REASONS = {"same": "same person (review queue)", "not_same": "not the same person (review queue)",
                  "unsure": "not sure (review queue)"}
MAX_REVIEW_PAGE = 100
SAME_PERSON = 0.5
"""The record linker's default merge threshold (``linkage.settings.Thresholds.same_person``):
pairs scored at or above it but kept apart come first in the review queue."""
MAX_REASON = 300
NEEDS_REASON = {"risk", "protective", "split", "hide"}
CORRECTION_FIELDS = ("mention_ids", "other_mention_ids", "other_records", "records", "value", "category", "texts")


class DecisionError(ValueError):
    """A decision the app must refuse (unknown kind, no reason, a target the user may not see)."""


def person_records(driver: neo4j.Driver, viewer: Viewer, person_id: str, *,
                   database: str | None = None) -> list[dict[str, Any]]:
    """Significant-adult records merged into ``person_id`` that the user may see."""
    return read(driver, viewer, "app/person_records", {"person_id": person_id}, database)


def decisions_for_child(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                        database: str | None = None) -> list[dict[str, Any]]:
    """Decisions recorded on a (visible) child's page, newest first."""
    return read(driver, viewer, "app/decisions_for_child", {"child_id": child_id}, database)


def record_decision(
    driver: neo4j.Driver, viewer: Viewer, kind: str, target_id: str, *, child_id: str,
    other_id: str | None = None, reason: str = "", database: str | None = None,
    correction: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store one decision by ``viewer.user`` (with its audit event); returns the stored decision.

    Raises :class:`DecisionError` for an unknown kind, a missing reason (risk, protective, split,
    hide need one), a user without the practitioner role, a merge decision about records the user
    cannot see, or a child that is not visible to the user (nothing is written then; the role and
    the child are checked again in `record_decision.cypher`). ``correction``: the extra properties
    of a correction (:data:`CORRECTION_FIELDS`), already checked by the ``mark_*`` functions.
    """
    if not viewer.is_practitioner:
        raise DecisionError("only practitioners can record decisions")
    if kind not in KINDS:
        raise DecisionError(f"unknown decision kind {kind!r}")
    reason = " ".join((reason or "").split())[:MAX_REASON]
    if kind in NEEDS_REASON and not reason:
        raise DecisionError("a short reason is needed")
    target_id = str(target_id or "").strip()
    if not target_id:
        raise DecisionError("no target")
    if kind in PAIR_KINDS:
        if kind in ("confirm_merge", "unsure") and not other_id:
            raise DecisionError("confirming a merge needs two records")
        visible = {r["relationship_id"] for r in _records_by_id(driver, viewer, [target_id, other_id], database)}
        if target_id not in visible or (other_id and other_id not in visible):
            raise DecisionError("record not available")
    decision_id = "PD-" + uuid.uuid4().hex
    detail = json.dumps({"decision": kind, "decision_id": decision_id, "target": target_id, "other": other_id,
                         "reason": reason, **{k: v for k, v in (correction or {}).items() if v}}, sort_keys=True)
    rows = write(driver, viewer, "app/record_decision",
                 {"decision_id": decision_id, "kind": kind, "target_id": target_id, "other_id": other_id or None,
                  "child_id": child_id, "reason": reason, "user": viewer.user, "detail": detail,
                  "correction": {f: v for f in CORRECTION_FIELDS if (v := (correction or {}).get(f)) is not None} or None},
                 database)
    if not rows:
        raise DecisionError("child not available")
    return rows[0]


def review_pairs(driver: neo4j.Driver, viewer: Viewer, *, skip: int = 0, limit: int = 20,
                 database: str | None = None, same_person: float = SAME_PERSON) -> ReviewPage:
    """One page of the user's review queue: unanswered POSSIBLY_SAME pairs whose two records are
    both on children the user may see (others are not counted either), in the order dedupe's
    active learner would offer them (:func:`graph_model.review_sampling.uncertain_order`: pairs
    scored at or above ``same_person`` yet kept apart first, then draws spread across the
    scores), seeded by the user so the user's pages are stable."""
    skip, limit = max(0, int(skip)), max(1, min(MAX_REVIEW_PAGE, int(limit)))
    rows = read(driver, viewer, "app/review_pairs", {"user": viewer.user}, database)
    pairs = rows[0]["pairs"] if rows else []
    order = uncertain_order([p.get("score") or 0.0 for p in pairs], same_person=float(same_person),
                            seed=user_seed(viewer.user))
    return {"total": len(pairs), "pairs": [pairs[i] for i in order[skip:skip + limit]]}


def answer_pair(driver: neo4j.Driver, viewer: Viewer, answer: str, record_1: str, record_2: str, *,
                database: str | None = None) -> dict[str, Any]:
    """Store a review-queue answer (``same`` / ``not_same`` / ``unsure``) as one decision, on the
    first record's child: same → ``confirm_merge``; not the same → ``split`` of ``record_2``
    from ``record_1``; not sure → ``unsure``. Refused like :func:`record_decision`."""
    if answer not in REVIEW_ANSWERS:
        raise DecisionError(f"unknown answer {answer!r}")
    if not record_1 or not record_2 or record_1 == record_2:
        raise DecisionError("a pair needs two records")
    children = {r["relationship_id"]: r["child_id"] for r in _records_by_id(driver, viewer, [record_1, record_2], database)}
    if record_1 not in children or record_2 not in children:
        raise DecisionError("record not available")
    target, other = (record_2, record_1) if answer == "not_same" else (record_1, record_2)
    return record_decision(driver, viewer, REVIEW_ANSWERS[answer], target, other_id=other,
                           child_id=children[target], reason=REVIEW_REASONS[answer], database=database)


def _records_by_id(driver: neo4j.Driver, viewer: Viewer, ids: list[str | None],
                   database: str | None) -> list[dict[str, Any]]:
    return read(driver, viewer, "app/adult_records_by_id", {"ids": [i for i in ids if i]}, database)


# --------------------------------------------------------------------------- corrections

CORRECTION_REASONS = {"same_person": "same person (evidence panel)", "not_same": "not the same person (evidence panel)",
                      "not_person": "not a person (evidence panel)", "role": "role or group corrected (evidence panel)"}
PERSON_LABELS = ("PERSON", "ROLE")
MAX_MENTIONS = 5000


def _side(driver: neo4j.Driver, viewer: Viewer, child_id: str, key: str,
          database: str | None) -> tuple[list[dict[str, Any]], list[str]]:
    """A map member as the user sees it: its visible person mentions on ``child_id`` and its
    visible adult records. Raises when the member is not on that child's map for the user."""
    from graph_model.queries import member_evidence

    ev = member_evidence(driver, viewer, child_id, key, limit=MAX_MENTIONS, database=database)
    if ev is None or not ev.get("found"):
        raise DecisionError("person not available")
    mentions = [m for m in ev.get("mentions") or [] if m.get("label") in PERSON_LABELS and m.get("mention_id")]
    records = [r["relationship_id"] for r in person_records(driver, viewer, key, database=database)]
    return mentions, records


def _correct(driver: neo4j.Driver, viewer: Viewer, kind: str, target_id: str, child_id: str, reason: str,
             database: str | None, *, other_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """One correction write: mention ids the user may not read are dropped here (and a correction
    naming none of the target's is refused)."""
    ids = list(fields.get("mention_ids") or []) + list(fields.get("other_mention_ids") or [])
    seen = {m["mention_id"] for m in read(driver, viewer, "app/visible_mentions", {"ids": ids}, database)} if ids else set()
    for f in ("mention_ids", "other_mention_ids"):
        if f in fields:
            fields[f] = [m for m in dict.fromkeys(fields[f] or []) if m in seen] or None
    if kind != "role" and not fields.get("mention_ids"):
        raise DecisionError("nothing in the notes to correct")
    stored = record_decision(driver, viewer, kind, target_id, other_id=other_id, child_id=child_id,
                             reason=reason or CORRECTION_REASONS[kind], correction=fields, database=database)
    if kind != "role":  # the next resolution run reads this child's mentions again
        write(driver, viewer, "app/mark_for_resolution", {"child_id": child_id}, database)
    return stored


def mark_same_person(driver: neo4j.Driver, viewer: Viewer, child_id: str, key: str, other_key: str, *,
                     other_child_id: str | None = None, reason: str = "",
                     database: str | None = None) -> dict[str, Any]:
    """"Same person as…": the member ``key`` of ``child_id``'s map and ``other_key`` (on
    ``other_child_id``'s map, default the same map) are one person. Two recorded adults are one
    ``confirm_merge``; otherwise the mention-only side joins the other (``same_person``)."""
    if key == other_key:
        raise DecisionError("pick another person")
    mine, my_records = _side(driver, viewer, child_id, key, database)
    theirs, their_records = _side(driver, viewer, other_child_id or child_id, other_key, database)
    if my_records and their_records:
        return record_decision(driver, viewer, "confirm_merge", my_records[0], other_id=their_records[0],
                               child_id=child_id, reason=reason or CORRECTION_REASONS["same_person"], database=database)
    if my_records:  # the recorded adult stays; the person found only in the notes joins them
        key, other_key, mine, theirs, their_records = other_key, key, theirs, mine, my_records
    return _correct(driver, viewer, "same_person", key, child_id, reason, database, other_id=other_key,
                    mention_ids=[m["mention_id"] for m in mine],
                    other_mention_ids=[m["mention_id"] for m in theirs], other_records=their_records or None,
                    texts=sorted({m["mention_text"] for m in mine if m.get("mention_text")}) or None)


def mark_not_same(driver: neo4j.Driver, viewer: Viewer, child_id: str, key: str, names: list[str], *,
                  reason: str = "", database: str | None = None) -> dict[str, Any]:
    """"Not the same": the mentions of ``key`` with these ``names`` (texts as the evidence panel
    lists them) are not this person; they become a person of their own at the next run."""
    mentions, records = _side(driver, viewer, child_id, key, database)
    chosen = {" ".join(str(n).split()) for n in names if n}
    out = [m for m in mentions if " ".join(str(m.get("mention_text") or "").split()) in chosen]
    rest = [m for m in mentions if m not in out]
    if not out:
        raise DecisionError("tick the names that are not this person")
    if not rest and not records:
        raise DecisionError("keep at least one name ticked off")
    return _correct(driver, viewer, "not_same", key, child_id, reason, database, other_id=key,
                    mention_ids=[m["mention_id"] for m in out], other_mention_ids=[m["mention_id"] for m in rest],
                    other_records=records or None, texts=sorted(chosen))


def mark_not_a_person(driver: neo4j.Driver, viewer: Viewer, child_id: str, key: str, *, reason: str = "",
                      database: str | None = None) -> dict[str, Any]:
    """"Not a person": every mention of ``key`` the user can read leaves every network; the texts are
    kept as negative examples. Refused for someone with a recorded relationship (hide them instead)."""
    mentions, records = _side(driver, viewer, child_id, key, database)
    if records:
        raise DecisionError("this person is recorded on a file; hide them from shared views instead")
    return _correct(driver, viewer, "not_person", key, child_id, reason, database,
                    mention_ids=[m["mention_id"] for m in mentions],
                    texts=sorted({m["mention_text"] for m in mentions if m.get("mention_text")}) or None)


def correct_role(driver: neo4j.Driver, viewer: Viewer, child_id: str, key: str, *, role: str | None,
                 category: str | None, reason: str = "", database: str | None = None) -> dict[str, Any]:
    """"Wrong relationship / role / group": ``role`` (free text, e.g. "maternal uncle") and/or
    ``category`` (a group key) replace the inferred ones for ``key`` on ``child_id``'s map."""
    role = " ".join(str(role or "").split())[:80] or None
    category = str(category or "").strip() or None
    if not role and not category:
        raise DecisionError("choose a role or a group")
    mentions, records = _side(driver, viewer, child_id, key, database)  # on this map, for this user
    # the member's visible mentions and records: the correction follows them when a later
    # resolution run gives the person another key (`cypher/app/practitioner_decisions.cypher`)
    return _correct(driver, viewer, "role", key, child_id, reason, database, value=role, category=category,
                    mention_ids=[m["mention_id"] for m in mentions], records=records or None)


def not_a_person_examples(driver: neo4j.Driver, *, around: int = 200,
                          database: str | None = None) -> list[dict[str, Any]]:
    """Negative examples for the extractor's next training: every mention practitioners marked "Not
    a person", with ``text``, ``label``, the record (``record_type``, ``record_id``), the span
    (``start``, ``end``) and ``context`` (the record's text from ``context_start``, ``around``
    characters each side), who marked it and when. A pipeline read (no viewer): never shown in the app."""
    from graph_model.cypher import cypher

    records, _, _ = driver.execute_query(cypher("extraction/not_a_person_examples"), around=int(around),
                                         database_=database)
    return [r.data() for r in records]
