"""``kinscope label``: the review queue in a terminal, for data staff.

The same pairs as the app's "Review possible duplicates" page (``graph_model.decisions.
review_pairs``: both records on children the labeller may see, in the order of dedupe's
uncertain-pair sampling, ``graph_model.review_sampling``), one at a time; after each answer the
queue is read and sampled again, as dedupe's learner pops one pair at a time. Keys: y (same
person), n (not the same), u (not sure), f (finish; also the end of the input). Each answer is stored like the app's (``answer_pair``: a decision with who and
when, and its audit event), so it binds every later run and is a training label for the
council's record model (``linkage.council_model``).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Callable

from neo4j import Driver

from graph_model.decisions import SAME_PERSON, DecisionError, answer_pair, review_pairs
from graph_model.gateway import Viewer

KEYS = {"y": "same", "n": "not_same", "u": "unsure", "f": "finish"}
ANSWER_WORDS = {"same": "Same person", "not_same": "Not the same", "unsure": "Not sure"}
PROMPT = "Same person? [y]es / [n]o / [u]nsure / [f]inish: "
_BUCKET_WORDS = (("agree", "Agree"), ("partial", "Partly agree"), ("disagree", "Disagree"), ("missing", "Missing"))


def reason_lines(reasons: str | None) -> list[str]:
    """The grader's reasons JSON → short lines ("Agree: given name, date of birth"); none if unreadable."""
    try:
        obj = json.loads(reasons or "{}")
    except (TypeError, ValueError):
        return []
    if not isinstance(obj, dict):
        return []
    lines = [f"{word}: {', '.join(str(f).replace('_', ' ') for f in obj[key])}" for key, word in _BUCKET_WORDS
             if isinstance(obj.get(key), list) and obj[key]]
    if obj.get("not_merged"):
        lines.append(f"Kept apart: {obj['not_merged']}")
    return lines


def _record_line(tag: str, rec: dict[str, Any]) -> str:
    name = " ".join(p for p in (rec.get("given_name"), rec.get("family_name")) if p) or "(no name)"
    dob = rec.get("date_of_birth")
    return (f"  {tag}  {name}, born {dob or 'not recorded'}, "
            f"{rec.get('relationship') or 'relationship not recorded'} of {rec.get('child_id')} "
            f"(record {rec.get('relationship_id')})")


def describe_pair(pair: dict[str, Any], number: int, left: int) -> str:
    """The pair as the labeller sees it: both records, the score and the grader's reasons."""
    score = pair.get("score")
    head = f"Pair {number} ({left} left in your queue), score {'—' if score is None else f'{score:.2f}'}"
    lines = [head, _record_line("1", pair["record_1"]), _record_line("2", pair["record_2"])]
    lines += [f"     {line}" for line in reason_lines(pair.get("reasons"))]
    return "\n".join(lines)


def ask_answer(ask: Callable[[str], str], say: Callable[[str], None]) -> str:
    """One of ``same`` / ``not_same`` / ``unsure`` / ``finish`` (the end of the input finishes)."""
    while True:
        try:
            text = ask(PROMPT)
        except EOFError:
            return "finish"
        key = (text or "").strip().lower()[:1]
        if key in KEYS:
            return KEYS[key]
        say("Please answer y, n, u or f.")


def label_queue(driver: Driver, viewer: Viewer, *, ask: Callable[[str], str] = input,
                say: Callable[[str], None] = print, same_person: float = SAME_PERSON,
                database: str | None = None) -> dict[str, Any]:
    """Offer the viewer's review queue pair by pair until they finish or it is empty; store each
    answer. Returns the counts of answers and the pairs left. Refused (:class:`DecisionError`)
    for a labeller who is no practitioner, before any pair is shown."""
    if not viewer.is_practitioner:
        raise DecisionError(f"{viewer.user} is no practitioner: only practitioners answer the review queue")
    answered: Counter[str] = Counter()
    refused = 0  # pairs whose answer was refused stay at the head of the queue: skip past them
    number = 0
    while True:
        page = review_pairs(driver, viewer, skip=refused, limit=1, same_person=same_person, database=database)
        if not page["pairs"]:
            say("No more pairs to review." if number else "No possible duplicates to review.")
            left = page["total"]
            break
        pair = page["pairs"][0]
        number += 1
        say(describe_pair(pair, number, page["total"] - refused))
        answer = ask_answer(ask, say)
        if answer == "finish":
            left = page["total"]
            break
        r1, r2 = pair["record_1"]["relationship_id"], pair["record_2"]["relationship_id"]
        try:
            answer_pair(driver, viewer, answer, r1, r2, database=database)
        except DecisionError as exc:
            say(f"Not saved ({exc}).")
            refused += 1
            continue
        answered[answer] += 1
        say(f"Saved: {ANSWER_WORDS[answer]} for records {r1} and {r2}.")
    return {"user": viewer.user, "answered": dict(answered), "left": left}
