"""Read functions for the app (dashboards/): every statement is a named file `cypher/app/*.cypher`.

Every function takes the signed-in user's :class:`Viewer` and passes their teams to Cypher, where
restricted records are filtered *before* anything is returned or counted:

* a **child** with ``restricted = true`` is visible only to users in one of its
  ``restricted_to_teams`` — to anyone else it does not exist (find, ecomap, evidence, search,
  viewer, counts);
* a **note or document** with ``restricted = true`` (about a visible child) is visible only to
  users in the child's ``restricted_to_teams`` or in a team allocated to the child; network
  members known *only* from such records are left out of the map for everyone else.

All values travel as parameters; text typed by a user is escaped before it reaches a Lucene
full-text query (:func:`lucene_query`), so ``'}) DETACH DELETE n //`` or ``<script>`` is just text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import neo4j

from graph_model.gateway import Viewer, native, read
from graph_model.records import (
    AuditEntry,
    ChildHit,
    ChildSummary,
    ChronologyRow,
    EcomapRow,
    MemberEvidence,
    QuarantineRow,
    RelativeOfSibling,
    SearchHit,
    SearchPage,
    SharedConnection,
)
from graph_model.search_index import FIRST_WINDOW_DAYS, day_range, day_window, grown_width
from graph_model.values import as_date

_native = native
__all__ = ["Viewer"]


# --------------------------------------------------------------------------- helpers

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_LUCENE_WORDS = {"AND", "OR", "NOT", "TO"}


def lucene_escape(word: str) -> str:
    """Escape every Lucene special character of one word (``&&``/``||`` included)."""
    return _LUCENE_SPECIAL.sub(r"\\\1", word)


def lucene_query(text: str, *, prefix_last: bool = False, all_words: bool = True) -> str:
    """A safe Lucene query for plain words typed by a user.

    Words are escaped (so ``'}) DETACH DELETE n //`` is searched as words); operators typed
    as words (``AND``, ``OR``) are lower-cased so they are searched as words, not obeyed.
    ``"quoted phrases"`` are kept as phrases. With ``prefix_last`` the last word also matches as a
    prefix (for find-as-you-type). Returns ``""`` when there is nothing to search for.
    """
    parts = _lucene_parts(text)
    if not parts:
        return ""
    if prefix_last and not parts[-1].startswith('"') and re.fullmatch(r"[A-Za-z0-9]+", parts[-1]):
        parts[-1] = f"({parts[-1]} OR {parts[-1]}*)"
    return (" AND " if all_words else " ").join(parts)


def _rows(driver: neo4j.Driver, viewer: Viewer, name: str, params: dict[str, Any],
          database: str | None) -> list[dict[str, Any]]:
    return read(driver, viewer, name, params, database)


def age_years(date_of_birth: str | None, today: date | None = None) -> int | None:
    """Age in whole years from a (possibly partial) ISO date of birth; None when unknown."""
    if not date_of_birth:
        return None
    today = today or date.today()
    parts = str(date_of_birth).split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 7
        d = int(parts[2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return today.year - y - ((today.month, today.day) < (m, d))


def postcode_district(postcode: str | None) -> str | None:
    """The outward code of a UK postcode (``LS11 5AB`` → ``LS11``): locality without the address."""
    if not postcode:
        return None
    p = str(postcode).strip().upper()
    if " " in p:
        return p.split()[0]
    return p[:-3] if len(p) > 4 else p


def _child_row(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["age"] = age_years(row.get("date_of_birth"))
    row["locality"] = postcode_district(row.get("postcode"))
    row.pop("postcode", None)  # the full postcode is an address: the app shows the district only
    return row


# --------------------------------------------------------------------------- find a child

def find_children(
    driver: neo4j.Driver, viewer: Viewer, text: str = "", dob: str | None = None, *,
    limit: int = 50, database: str | None = None,
) -> list[ChildHit]:
    """Children matching a name / case reference and/or a (partial) date of birth.

    Each result has ``child_id``, ``display_name``, ``date_of_birth``, ``age``, ``locality``
    (postcode district), ``legal_status``, ``gender``, ``restricted``.
    """
    text = (text or "").strip()[:200]
    dob = (dob or "").strip() or None
    if dob and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", dob):
        return []
    params = {"limit": int(limit), "dob": dob}
    if text and re.fullmatch(r"[^\s]*\d[^\s]*", text):  # looks like a case reference: exact match
        rows = _rows(driver, viewer, "app/find_child_by_reference", {**params, "raw": text}, database)
        return [_child_row(r) for r in rows]
    if text:
        lucene = lucene_query(text, prefix_last=True)
        if not lucene:
            return []
        rows = _rows(driver, viewer, "app/find_children", {**params, "lucene": lucene, "raw": text}, database)
    elif dob:
        rows = _rows(driver, viewer, "app/find_children_by_dob", params, database)
    else:
        return []
    return [_child_row(r) for r in rows]


def child_summary(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                  database: str | None = None) -> ChildSummary | None:
    """A child's header details, or None when unknown or restricted from this user."""
    rows = _rows(driver, viewer, "app/child_summary", {"child_id": child_id}, database)
    return _child_row(rows[0]) if rows else None


# --------------------------------------------------------------------------- the ecomap

def ecomap_rows(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                database: str | None = None) -> dict[str, Any]:
    """The rows of a child's map the user may see, as stored (``ranking.viewer_network`` turns them
    into members: counts and ranks over what the user may see, practitioner decisions attached).

    Returns ``{"source": "network"|"records", "rows": [EcomapRow...], "decisions": {key: [...]}}``:
    NETWORK edges (rule ``visible_member``), or, while the child has none, its recorded
    relationships and allocations.
    """
    params = {"child_id": child_id}
    rows: list[EcomapRow] = _rows(driver, viewer, "app/ecomap_network", params, database)  # type: ignore[assignment]
    source = "network"
    if not rows:
        rows = _rows(driver, viewer, "app/ecomap_structured", params, database)
        source = "records"
    keys = sorted({r["key"] for r in rows})
    decisions: dict[str, list[dict[str, Any]]] = {}
    if keys:
        for d in _rows(driver, viewer, "app/practitioner_decisions", {"child_id": child_id, "keys": keys}, database):
            decisions.setdefault(d["target_id"], []).append(d)
    return {"source": source, "rows": rows, "decisions": decisions}


def evidence_timeline(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                      database: str | None = None) -> list[dict[str, Any]]:
    """``[{"month": "2023-10", "records": 4}, ...]`` by event date, visible records only."""
    return _rows(driver, viewer, "app/evidence_timeline", {"child_id": child_id}, database)


def chronology(driver: neo4j.Driver, viewer: Viewer, child_id: str, *, limit: int = 5000,
               opening: int = 400, database: str | None = None) -> list[ChronologyRow]:
    """The child's notes and documents the viewer may read, oldest first (undated last), each with
    the opening ``opening`` characters of its text and the visible map members it mentions.
    Empty when the child is not visible."""
    return _rows(driver, viewer, "app/chronology",
                 {"child_id": child_id, "limit": int(limit), "opening": int(opening)}, database)


# --------------------------------------------------------------------------- evidence

def member_evidence(driver: neo4j.Driver, viewer: Viewer, child_id: str, key: str, *,
                    limit: int = 200, database: str | None = None) -> MemberEvidence | None:
    """Evidence for one map member: name/role history, mentions (newest first), records.

    Returns None when the child is not visible. ``mentions`` items carry ``kind``,
    ``record_id``, ``date``, ``title``, ``mention_text``, ``role``, ``start``/``end`` and an
    ``excerpt`` with ``excerpt_from`` (its offset in the record's text) for highlighting.
    ``name_history`` lists each (name, role) seen with its first and last date.
    """
    rows = _rows(driver, viewer, "app/evidence_member", {
        "child_id": child_id, "key": key, "limit": int(limit),
        "excerpt_before": 120, "excerpt_length": 320,
    }, database)
    if not rows:
        return None
    ev = rows[0]
    history: dict[tuple[str, str], dict[str, Any]] = {}
    for mn in ev["mentions"]:
        if mn.get("label") not in (None, "PERSON", "ROLE", "ADDRESS", "POSTCODE", "PLACE", "ORG"):
            continue
        k = ((mn.get("mention_text") or "").strip(), (mn.get("role") or "").strip())
        h = history.setdefault(k, {"name": k[0], "role": k[1] or None, "first": None, "last": None, "count": 0})
        h["count"] += 1
        d = as_date(mn.get("date"))
        if d:
            h["first"] = d if h["first"] is None else min(h["first"], d)
            h["last"] = d if h["last"] is None else max(h["last"], d)
    ev["name_history"] = sorted(history.values(), key=lambda h: (h["last"] or date.min), reverse=True)
    return ev


def open_record(driver: neo4j.Driver, viewer: Viewer, kind: str, record_id: str, *,
                database: str | None = None) -> dict[str, Any] | None:
    """A note (``kind="note"``) or document (``"document"``) for the viewer, with mentions.

    None when it does not exist or is restricted from the user (the two are not told apart).
    """
    name = {"note": "app/open_note", "document": "app/open_document"}.get(kind)
    if name is None:
        return None
    rows = _rows(driver, viewer, name, {"record_id": record_id}, database)
    return rows[0] if rows else None


# --------------------------------------------------------------------------- search

SEARCH_ORDERS = ("newest", "oldest", "relevance")
_TEXT_FIELDS = {None: ("subject", "body", "title", "text"), "note": ("subject", "body"),
                "document": ("title", "text")}


def _lucene_parts(text: str) -> list[str]:
    """The escaped words and ``"phrases"`` of what a user typed (see :func:`lucene_query`)."""
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text or ""):
        if phrase:
            inner = " ".join(lucene_escape(w) for w in phrase.split())
            if inner:
                parts.append(f'"{inner}"')
            continue
        if word.upper() in _LUCENE_WORDS:
            word = word.lower()
        escaped = lucene_escape(word)
        if escaped:
            parts.append(escaped)
    return parts


def _phrase(value: str) -> str:
    return '"' + lucene_escape(" ".join(str(value).split())) + '"'


def record_lucene(text: str, *, child_id: str | None = None, kind: str | None = None,
                  record_type: str | None = None, advanced: bool = False) -> str:
    """The Lucene query of a record search with its filters inside it (index ``record_fulltext``).

    Each word (or phrase) must occur in a text field of the record — subject/body for notes,
    title/text for documents, so ``kind`` is a field choice — and the child (``child_id``) and
    type (``note_type``/``document_type``) are required phrase clauses, so Lucene returns only
    that child's and type's hits. The analyzer makes these clauses a superset (``C-100`` is the
    phrase ``c 100``); the Cypher checks them exactly. ``advanced``: ``text`` is Lucene syntax as
    typed, still combined with the filter clauses. ``""`` when there is nothing to search for.
    """
    if advanced:
        text_clause = f"({text.strip()})" if text and text.strip() else ""
    else:
        fields = _TEXT_FIELDS.get(kind, _TEXT_FIELDS[None])
        text_clause = " AND ".join("(" + " OR ".join(f"{f}:{p}" for f in fields) + ")"
                                   for p in _lucene_parts(text))
    if not text_clause:
        return ""
    clauses = [text_clause]
    if child_id:
        clauses.append(f"child_id:{_phrase(child_id)}")
    if record_type:
        field = {"note": ("note_type",), "document": ("document_type",)}.get(kind, ("note_type", "document_type"))
        clauses.append("(" + " OR ".join(f"{f}:{_phrase(record_type)}" for f in field) + ")")
    return " AND ".join(clauses)


_EVERY_HIT = 1_000_000_000  # as $candidates: no cap on a search's candidates


def search_page(
    driver: neo4j.Driver, viewer: Viewer, text: str, *, child_id: str | None = None,
    kind: str | None = None, record_type: str | None = None, date_from: date | None = None,
    date_to: date | None = None, order: str = "newest", skip: int = 0, limit: int = 50,
    advanced: bool = False, database: str | None = None,
) -> SearchPage:
    """One page of the notes and documents matching ``text`` that the viewer may see, and how
    many match (``{"total", "total_capped", "hits"}``), every filter applied before counting.

    A page costs what a page costs (``cypher/app/search_records.cypher``): only the first
    candidates in the page's order are checked against the viewer's access, and the count stops
    1,000 past the page (``total_capped``: there are more than ``total``). Newest/oldest first
    take the page from the smallest date window, from the newest (oldest) day outwards, that
    holds a full page (:func:`graph_model.search_index.day_windows`), so they read the dates of
    that window's hits only, not of every hit.
    ``order``: ``newest`` / ``oldest`` first by event date, or ``relevance``. Plain words are
    escaped (every word must occur; ``"quoted phrases"`` kept). With ``advanced=True`` the text is
    passed as Lucene syntax (a malformed query returns nothing). Each hit has ``snippet`` — a list of
    ``(text, is_match)`` pieces for highlighting.
    """
    text = (text or "").strip()[:500]
    kind = kind if kind in ("note", "document") else None
    lucene = record_lucene(text, child_id=child_id or None, kind=kind, record_type=record_type or None,
                           advanced=advanced)
    if not lucene:
        return {"total": 0, "total_capped": False, "hits": []}
    skip, limit = max(0, int(skip)), max(1, int(limit))
    order = order if order in SEARCH_ORDERS else "newest"
    params = {
        "lucene": lucene, "count_lucene": lucene, "child_id": child_id or None, "kind": kind,
        "record_type": record_type or None, "date_from": date_from, "date_to": date_to, "order": order,
        "skip": skip, "limit": limit, "max_text": 200_000,
    }
    try:
        page = _windowed_page(driver, viewer, params, database) if order != "relevance" else None
        if page is None:
            page = _search_rows(driver, viewer, params, database)
    except neo4j.exceptions.ClientError:
        if not advanced:
            raise
        return {"total": 0, "total_capped": False, "hits": []}
    if page is None:
        return {"total": 0, "total_capped": False, "hits": []}
    terms = search_terms(text)
    hits: list[SearchHit] = page["hits"]
    for r in hits:
        body = r.pop("text") or ""
        r["snippet"] = snippet(body, terms)
    capped = int(page["counted"]) > int(page["count_cap"])
    return {"total": int(page["count_cap"]) if capped else int(page["counted"]), "total_capped": capped,
            "hits": hits}


def _search_rows(driver: neo4j.Driver, viewer: Viewer, params: dict[str, Any],
                 database: str | None) -> dict[str, Any] | None:
    """The search statement's row for ``params``, asking for more candidates only when the page may lack hits."""
    first = 2 * (params["skip"] + params["limit"]) + 200  # enough unless many hits are another child's or hidden
    rows: list[dict[str, Any]] = []
    for candidates in (first, 16 * first, _EVERY_HIT):
        rows = _rows(driver, viewer, "app/search_records", {**params, "candidates": candidates}, database)
        if not rows or rows[0]["complete"]:
            break
    return rows[0] if rows else None


def _windowed_page(driver: neo4j.Driver, viewer: Viewer, params: dict[str, Any],
                   database: str | None) -> dict[str, Any] | None:
    """The newest/oldest page from the smallest date window that fills it; None when no window
    does (fewer dated hits than the page, or no dated records at all), and for one child's search
    (its hits are few, the child clause already narrows Lucene): the caller then searches without a
    window, which also places the undated hits (last)."""
    if params["child_id"]:
        return None
    bounds = _rows(driver, viewer, "app/record_day_bounds", {}, database)
    first_day, last_day = (bounds[0]["first_day"], bounds[0]["last_day"]) if bounds else (None, None)
    if first_day is None or last_day is None:
        return None
    wanted = params["skip"] + params["limit"]
    counted: dict[str, Any] | None = None
    width = FIRST_WINDOW_DAYS
    while True:
        lo, hi, whole = day_window(params["order"], first_day, last_day, width, date_from=params["date_from"],
                                   date_to=params["date_to"])
        windowed = {**params, "lucene": f"({params['lucene']}) AND {day_range(lo, hi)}",
                    "count_lucene": params["count_lucene"] if counted is None else None}
        page = _search_rows(driver, viewer, windowed, database)
        if page is None:
            return None
        if counted is None:
            counted = {"counted": page["counted"], "count_cap": page["count_cap"]}
        if int(page["visible_n"]) >= wanted or (whole and (lo or hi)):
            return {**page, **counted}  # a date filter leaves the undated out: the whole window is exact
        if whole:
            return None
        width = grown_width(width, int(page["visible_n"]), wanted)


def search_records(driver: neo4j.Driver, viewer: Viewer, text: str, **filters: Any) -> list[SearchHit]:
    """The hits of :func:`search_page` (first page, newest first unless ``order`` says otherwise)."""
    return search_page(driver, viewer, text, **filters)["hits"]


_STOP = {"a", "an", "and", "or", "not", "the", "of", "to", "in", "on", "for", "is", "was", "with", "at", "by"}


def search_terms(text: str) -> list[str]:
    """The words of a query worth highlighting (lower case, no operators or stop words)."""
    words = re.findall(r"[A-Za-z0-9']+", text or "")
    return [w.lower() for w in words if w.lower() not in _STOP and w.upper() not in _LUCENE_WORDS]


def snippet(text: str, terms: list[str], width: int = 240) -> list[tuple[str, bool]]:
    """A window of ``text`` around the first matching term, split into (piece, is_match).

    Terms match whole-word prefixes (``plan`` matches ``plans``, as the English analyzer's
    stemming would), case-insensitively.
    """
    if not text:
        return []
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.I) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    pos = 0
    if pattern:
        for m in pattern.finditer(window):
            if m.start() > pos:
                pieces.append((window[pos:m.start()], False))
            pieces.append((m.group(0), True))
            pos = m.end()
    if pos < len(window):
        pieces.append((window[pos:], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


# --------------------------------------------------------------------------- audit (read)

def audit_events(
    driver: neo4j.Driver, viewer: Viewer, *, user: str | None = None, action: str | None = None,
    target: str | None = None, date_from: date | None = None, date_to: date | None = None,
    limit: int = 1000, database: str | None = None,
) -> list[AuditEntry]:
    """Audit events the viewer may read, newest first (events about a restricted child only for its
    teams). Callers must check the admin role first."""
    return _rows(driver, viewer, "app/audit_events", {
        "user": user or None, "action": action or None, "target": target or None,
        "date_from": date_from, "date_to": date_to, "limit": int(limit),
    }, database)


# --------------------------------------------------------------------------- data quality

def quarantine_items(driver: neo4j.Driver, viewer: Viewer, *, stage: str | None = None,
                     reason: str | None = None, limit: int = 20_000,
                     database: str | None = None) -> dict[str, Any]:
    """Rejected load rows and unreadable document files the user may see, with counts.

    Returns ``{"items": [...], "by_reason": [{"stage", "reason", "count"}], "total"}``; each item has
    ``stage`` (``load`` / ``document_text``), ``file``, ``line``, ``reason``, ``detail`` (never row
    content), ``record_id``, ``run_id``, ``at``, ``child_id``. Items about restricted children's
    records are filtered out in Cypher (not counted) for users outside the child's teams.
    """
    rows = _rows(driver, viewer, "app/quarantine_items", {
        "stage": stage or None, "reason": reason or None, "limit": int(limit),
    }, database)
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        k = (r["stage"], r.get("reason") or "(no reason)")
        counts[k] = counts.get(k, 0) + 1
    by_reason = [{"stage": s, "reason": rs, "count": n}
                 for (s, rs), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    items: list[QuarantineRow] = rows  # type: ignore[assignment]
    return {"items": items, "by_reason": by_reason, "total": len(items)}


# --------------------------------------------------------------------------- modes (FGC, MACE)

def fgc_relatives_of_relatives(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                               database: str | None = None) -> list[RelativeOfSibling]:
    """People recorded for the child's (visible) siblings but not for the child (two hops)."""
    return _rows(driver, viewer, "app/fgc_relatives_of_relatives", {"child_id": child_id}, database)


CONTACT_DETAILS_ROLES = frozenset({"practitioner", "fgc_coordinator"})
"""Roles that may read recorded contact details (coordinators invite people to a conference);
read-only and analyst roles may not. ``dashboards.auth.User.may_see_contact_details`` asks this."""

CONTACT_FIELDS = ("address_line", "postcode", "phone", "email")


def contact_details(driver: neo4j.Driver, viewer: Viewer, child_id: str, keys: list[str], *,
                    database: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Recorded contact details of people on a (visible) child's map or FGC list: person key ->
    the records that carry any (``relationship_id``, ``child_id``, ``relationship``, the
    :data:`CONTACT_FIELDS`, ``recorded`` = the record's ``updated_at``), newest first. Only for a
    viewer with a role in :data:`CONTACT_DETAILS_ROLES` (checked in the statement too), and only
    from records on children the viewer may see (`cypher/app/contact_details.cypher`). The caller
    audits the read."""
    keys = sorted({k for k in keys if k})
    if not keys or not (viewer.roles & CONTACT_DETAILS_ROLES):
        return {}
    rows = _rows(driver, viewer, "app/contact_details",
                 {"child_id": child_id, "keys": keys, "contact_roles": sorted(CONTACT_DETAILS_ROLES)}, database)
    return {r["key"]: r["details"] for r in rows}


def member_ties(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                database: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """What the records say about how a (visible) child's map members are related: ``own`` (the
    adults recorded for the child: ``key``, ``relationship``, ``end_date``) and ``siblings`` (for each
    visible sibling child on the map, its recorded adults: ``sibling``, ``key``, ``relationship``).
    Empty lists when the child is not visible (`cypher/app/member_ties.cypher`)."""
    rows = _rows(driver, viewer, "app/member_ties", {"child_id": child_id}, database)
    return {"own": rows[0]["own"], "siblings": rows[0]["siblings"]} if rows else {"own": [], "siblings": []}


def member_dates(driver: neo4j.Driver, viewer: Viewer, child_id: str, *,
                 database: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Member key -> dated evidence (``source``: record / allocation / mention, ``text`` (the role as
    recorded or cued), ``start``, ``end``) of a (visible) child's map, from what the viewer may read;
    for the time slider (``dashboards.as_of``). Empty when the child is not visible."""
    rows = _rows(driver, viewer, "app/member_dates", {"child_id": child_id}, database)
    return {r["key"]: r["dated"] for r in rows}


def mace_children(driver: neo4j.Driver, viewer: Viewer, child_ids: list[str], cohort: str | None = None, *,
                  database: str | None = None) -> list[ChildHit]:
    """The visible children among ``child_ids`` and the detected cohort ``cohort`` (cohort_id)."""
    return _rows(driver, viewer, "app/mace_children", {"child_ids": [c for c in child_ids if c][:200],
                                               "cohort": cohort or None}, database)


def mace_shared(driver: neo4j.Driver, viewer: Viewer, child_ids: list[str], *,
                database: str | None = None) -> list[SharedConnection]:
    """Persons/addresses/places shared by two or more of the (already visible) children."""
    return _rows(driver, viewer, "app/mace_shared", {"child_ids": child_ids}, database)


def mace_paths(driver: neo4j.Driver, viewer: Viewer, a: str, b: str, *, limit: int = 10,
               database: str | None = None) -> list[dict[str, Any]]:
    """Shortest chains (≤ 4 ties) between two visible children, through visible ties only."""
    return _rows(driver, viewer, "app/mace_paths", {"a": a, "b": b, "limit": int(limit)}, database)


def find_persons(driver: neo4j.Driver, viewer: Viewer, text: str, *, limit: int = 20,
                 database: str | None = None) -> list[dict[str, Any]]:
    """People named ``text`` (a part of the name, 2+ characters) on the maps of children the user
    may see: ``child_id``, ``child_name``, ``key``, ``name``, ``roles``. Empty for a shorter text."""
    text = " ".join(str(text or "").split())
    if len(text) < 2:
        return []
    return _rows(driver, viewer, "app/find_persons", {"text": text, "limit": max(1, min(100, int(limit)))}, database)


def find_people(driver: neo4j.Driver, viewer: Viewer, text: str, *, limit: int = 50,
                database: str | None = None) -> list[dict[str, Any]]:
    """Person search from the find page: adults, workers and nicknames (names the readable notes use)
    containing ``text`` (2+ characters) on the maps of children the user may see: ``child_id``,
    ``child_name``, ``key``, ``name``, ``also_called``, ``is_worker``. Empty for a shorter text."""
    text = " ".join(str(text or "").split())
    if len(text) < 2:
        return []
    return _rows(driver, viewer, "app/find_people", {"text": text, "limit": max(1, min(200, int(limit)))}, database)
