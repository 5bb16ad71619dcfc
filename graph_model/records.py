"""The typed records the graph gateway returns to the app (one type per kind of row).

They are ``TypedDict`` s: the rows stay plain dicts (the app's pure layout code and the CSV
exports read them as mappings), but every query function in :mod:`graph_model.queries` says
what it returns, and a type checker holds callers to it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict


class ChildHit(TypedDict, total=False):
    """A child found by name, case reference or date of birth."""

    child_id: str
    display_name: str
    given_name: str
    family_name: str
    preferred_name: str | None
    date_of_birth: str | None
    age: int | None
    locality: str | None  # postcode district only: the full postcode is an address
    gender: str | None
    legal_status: str | None
    open_date: date | None
    close_date: date | None
    restricted: bool
    score: float


class ChildSummary(ChildHit, total=False):
    """A child's header: details, open allocations, counts of the records the user may see."""

    ranked_as_of: date | None
    network_stale: bool
    notes: int
    documents: int
    allocations: list[dict[str, Any]]


class EcomapRow(TypedDict, total=False):
    """One member of a child's map as stored (before ``ranking.viewer_network`` recomputes it)."""

    kind: str  # person | address | place
    key: str
    name: str
    names: list[str]
    is_worker: bool
    place_kind: str | None
    category: str
    roles: list[str]
    first_seen: date | None
    last_seen: date | None
    evidence_count: int
    sources: list[str]
    confidence: float
    rank: int | None
    rank_score: float | None
    rank_components: str | dict[str, Any] | None
    current: bool | None
    visible_records: list[dict[str, Any]] | None
    visible_role_texts: list[dict[str, Any]] | None
    agency: str | None


class EvidenceMention(TypedDict, total=False):
    """One mention of a member in a note or document the user may read, with an excerpt."""

    kind: str  # note | document
    record_id: str
    date: date | None
    recorded_at: datetime | None
    title: str | None
    record_type: str | None
    mention_id: str
    mention_text: str
    label: str
    role: str | None
    start: int
    end: int
    excerpt_from: int
    excerpt: str


class MemberEvidence(TypedDict, total=False):
    """The evidence panel of one member of a child's map."""

    found: bool
    display_name: str | None
    names: list[str] | None
    roles: list[str] | None
    resolution_confidence: float | None
    origin: str | None
    mentions: list[EvidenceMention]
    mention_total: int
    record_total: int
    records: list[dict[str, Any]]
    allocations: list[dict[str, Any]]
    name_history: list[dict[str, Any]]


class SearchHit(TypedDict, total=False):
    """A note or document matching a search, newest first."""

    kind: str
    record_id: str
    child_id: str
    child_name: str
    title: str | None
    record_type: str | None
    date: date | None
    score: float
    snippet: list[tuple[str, bool]]


class ChronologyRow(TypedDict, total=False):
    """One note or document of a child's chronology, with the people it mentions whom the user may
    see on the child's map (``involved``: ``{key, text}``, the text as the record writes the name)."""

    kind: str  # note | document
    record_id: str
    date: date | None
    record_type: str | None
    title: str | None
    opening: str
    author: str | None
    involved: list[dict[str, str]]


class SearchPage(TypedDict):
    """One page of search hits and how many there are (after every filter); ``total_capped``: the
    count stopped at its cap, there are more than ``total``."""

    total: int
    total_capped: bool
    hits: list[SearchHit]


class AuditEntry(TypedDict):
    at: datetime
    user: str
    action: str
    target: str | None
    detail: str | None


class QuarantineRow(TypedDict, total=False):
    stage: str
    file: str | None
    line: int | None
    reason: str | None
    detail: str | None
    record_id: str | None
    run_id: str | None
    at: datetime | None
    child_id: str | None


class RelativeOfSibling(TypedDict, total=False):
    key: str
    name: str
    relationship_to_sibling: str | None
    sibling_id: str
    sibling_name: str
    through: list[str]
    current: bool
    on_map: bool


class SharedConnection(TypedDict, total=False):
    key: str
    kind: str
    name: str
    children: list[str]
    links: list[dict[str, Any]]


class ReviewRecord(TypedDict, total=False):
    """One side of a "possibly the same" pair: a significant-adult record on a visible child."""

    relationship_id: str
    child_id: str
    given_name: str | None
    family_name: str | None
    date_of_birth: str | date | None
    relationship: str | None


class ReviewPair(TypedDict, total=False):
    """A POSSIBLY_SAME pair waiting for a practitioner's answer (reasons: the grader's JSON)."""

    pair_key: str | None
    score: float | None
    reasons: str | None
    graded_at: datetime | None
    record_1: ReviewRecord
    record_2: ReviewRecord


class ReviewPage(TypedDict):
    """One page of the review queue and how many pairs wait in all (visible pairs only)."""

    total: int
    pairs: list[ReviewPair]
