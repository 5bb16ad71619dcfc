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

The review queue (:func:`review_pairs`, :func:`answer_pair`) lists the linker's POSSIBLY_SAME
pairs on children the user may see, most informative (least certain) first; each answer is one
decision above, and ``linkage.council_model`` refits the council's record model on them.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import neo4j

from graph_model.gateway import Viewer, read, write
from graph_model.records import ReviewPage

MERGE_KINDS = ("split", "confirm_merge")
PAIR_KINDS = MERGE_KINDS + ("unsure",)
FLAG_KINDS = ("risk", "protective", "clear_flag", "hide", "unhide")
KINDS = PAIR_KINDS + FLAG_KINDS
REVIEW_ANSWERS = {"same": "confirm_merge", "not_same": "split", "unsure": "unsure"}
"""A review-queue answer → the decision kind it stores."""
REVIEW_REASONS = {"same": "same person (review queue)", "not_same": "not the same person (review queue)",
                  "unsure": "not sure (review queue)"}
MAX_REVIEW_PAGE = 100
SAME_PERSON = 0.5
"""The record linker's default merge threshold (``linkage.settings.Thresholds.same_person``):
the review queue offers the pairs scored closest to it first."""
MAX_REASON = 300
NEEDS_REASON = {"risk", "protective", "split", "hide"}


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
) -> dict[str, Any]:
    """Store one decision by ``viewer.user`` (with its audit event); returns the stored decision.

    Raises :class:`DecisionError` for an unknown kind, a missing reason (risk, protective, split,
    hide need one), a user without the practitioner role, a merge decision about records the user
    cannot see, or a child that is not visible to the user (nothing is written then; the role and
    the child are checked again in `record_decision.cypher`).
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
                         "reason": reason}, sort_keys=True)
    rows = write(driver, viewer, "app/record_decision",
                 {"decision_id": decision_id, "kind": kind, "target_id": target_id, "other_id": other_id or None,
                  "child_id": child_id, "reason": reason, "user": viewer.user, "detail": detail}, database)
    if not rows:
        raise DecisionError("child not available")
    return rows[0]


def review_pairs(driver: neo4j.Driver, viewer: Viewer, *, skip: int = 0, limit: int = 20,
                 database: str | None = None, same_person: float = SAME_PERSON) -> ReviewPage:
    """One page of the user's review queue: unanswered POSSIBLY_SAME pairs whose two records are
    both on children the user may see (others are not counted either), the ones the linker is
    least sure of first (score closest to its ``same_person`` threshold: an answer there teaches
    the model most), then the higher score, then the newest graded."""
    skip, limit = max(0, int(skip)), max(1, min(MAX_REVIEW_PAGE, int(limit)))
    rows = read(driver, viewer, "app/review_pairs", {"user": viewer.user, "skip": skip, "limit": limit,
                                                     "same_person": float(same_person)}, database)
    return {"total": rows[0]["total"], "pairs": rows[0]["pairs"]} if rows else {"total": 0, "pairs": []}


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
