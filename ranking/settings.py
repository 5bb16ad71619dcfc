"""Typed settings of network ranking (in the spirit of Splink's settings object).

Everything a council might tune about how a child's network is ranked lives here and
nowhere else: how much each kind of relationship counts (role weights by category, with
per-role overrides), how fast old evidence fades (recency half-life), how much repeated
independent evidence counts (a logarithm of the number of notes, documents and records),
the date the ranking is "as of" (so a ranking can be reproduced), and the Graph Data
Science parameters of the personalised PageRank and of the cohort analysis.

Read from the environment with the prefix ``KINSCOPE_RANK_`` (for example
``KINSCOPE_RANK_HALF_LIFE_DAYS=182``, ``KINSCOPE_RANK_AS_OF=2024-03-31``,
``KINSCOPE_RANK_CATEGORY_WEIGHTS='{"professional": 0.3}'``), or built from a dict / JSON file
with :meth:`RankingSettings.from_path_or_dict`; :meth:`RankingSettings.to_json` gives the
JSON to save next to a pipeline run.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Categories of a NETWORK edge (graph_model/README.md, "Derived data"), the one vocabulary the
#: app draws too (``dashboards.ecomap``). There is no carer category (the glossary): a foster
#: carer is a professional relationship, a kinship / SGO carer or connected person is family;
#: their *role* keeps them ranked with parents (``DEFAULT_ROLE_WEIGHTS``).
CATEGORIES: tuple[str, ...] = (
    "household", "family", "friend_or_peer", "associate_or_risk", "community", "professional", "place",
)

#: Categories no longer stored, read from older graphs, corrections and settings files
#: (:func:`ranking.roles.retired_carer`, :meth:`RankingSettings._retired_carer_weight`).
RETIRED_CATEGORIES: tuple[str, ...] = ("carer",)

#: Roles that care for the child day to day: ranked with parents whatever their category.
CARER_ROLES: tuple[str, ...] = (
    "foster carer", "kinship carer", "special guardian", "connected person", "carer",
)

#: Default weight of each category: household highest; extended family; friends and peers (and
#: associates, who matter to safeguarding as much as friends do); community; professionals;
#: places. Parents and carers get the household's weight through their role.
DEFAULT_CATEGORY_WEIGHTS: dict[str, float] = {
    "household": 1.0,
    "family": 0.7,
    "friend_or_peer": 0.45,
    "associate_or_risk": 0.45,
    "community": 0.3,
    "professional": 0.25,
    "place": 0.25,
}

#: Per-role overrides, applied before the category weight. Parents and carers (foster, kinship,
#: special guardian, connected person) count as much as the household whether or not they live
#: with the child, so a foster carer (``professional``) is not weighed as a visiting worker;
#: siblings a little above other kin.
#: ``mentioned`` is a person named in the notes with no role cue at all: the one-off mention,
#: lowest of all.
DEFAULT_ROLE_WEIGHTS: dict[str, float] = {
    "mother": 1.0,
    "father": 1.0,
    "parent": 1.0,
    **{role: 1.0 for role in CARER_ROLES},
    "sibling": 0.8,
    "brother": 0.8,
    "sister": 0.8,
    "half-brother": 0.8,
    "half-sister": 0.8,
    "mentioned": 0.1,
}


class RankingSettings(BaseSettings):
    """How a child's network is weighted and ranked."""

    model_config = SettingsConfigDict(env_prefix="KINSCOPE_RANK_", extra="ignore")

    half_life_days: float = Field(
        365.0, gt=0, description="Recency half-life: evidence this old counts half (default 12 months)."
    )
    as_of: date | None = Field(
        None, description="Date the ranking is computed for; default today (UTC). Fix it to reproduce a ranking."
    )
    category_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CATEGORY_WEIGHTS))
    role_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_ROLE_WEIGHTS))
    default_weight: float = Field(0.1, gt=0, description="Weight of an edge whose category is unknown.")
    evidence_log_scale: float = Field(
        0.5, ge=0, description="Evidence factor = 1 + scale * ln(independent notes/documents/records)."
    )
    undated_recency: float = Field(
        0.25, gt=0, le=1, description="Recency factor of an edge with no dated evidence at all."
    )
    use_confidence: bool = Field(True, description="Multiply the edge weight by its confidence.")
    min_confidence: float = Field(0.05, ge=0, le=1, description="Floor of the confidence factor.")

    # Ties between network members (the child's ego graph, see ranking/README.md)
    co_residence_weight: float = Field(0.5, ge=0, description="Weight of a LIVES_AT tie at a shared address.")
    co_mention_weight: float = Field(
        0.1, ge=0, description="Weight of two members named in the same note/document (times the evidence factor)."
    )

    # Personalised PageRank
    damping_factor: float = Field(0.85, gt=0, lt=1)
    max_iterations: int = Field(40, gt=0, description="Fixed number of iterations (tolerance 0): batch-independent.")
    concurrency: int = Field(4, ge=1, le=4, description="Open GDS allows at most 4.")
    batch_size: int = Field(500, gt=0, description="Children per projection.")

    # Cohort analysis (MACE)
    cohort_include_professionals: bool = Field(
        False, description="Link children through professionals (one social worker links a whole caseload)."
    )
    cohort_concurrency: int = Field(1, ge=1, le=4, description="1 keeps Louvain deterministic.")
    cohort_betweenness: bool = Field(True, description="Compute betweenness (connector_score) for persons and places.")

    @model_validator(mode="before")
    @classmethod
    def _retired_carer_weight(cls, data: Any) -> Any:
        """A settings file written when ``carer`` was a category (``{"carer": 0.9}``) still works:
        that weight becomes the carer roles' weight (unless the file sets those roles itself)."""
        if not isinstance(data, dict):
            return data
        weights = data.get("category_weights")
        if isinstance(weights, str):
            weights = json.loads(weights)
        if not isinstance(weights, dict) or "carer" not in weights:
            return data
        weights = dict(weights)
        carer = weights.pop("carer")
        given = data.get("role_weights")
        given = json.loads(given) if isinstance(given, str) else given
        roles = dict(given) if given else dict(DEFAULT_ROLE_WEIGHTS)
        roles.update({role: carer for role in CARER_ROLES if not given or role not in given})
        return {**data, "category_weights": weights, "role_weights": roles}

    @field_validator("category_weights")
    @classmethod
    def _known_categories(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown categories {unknown}; expected some of {list(CATEGORIES)}")
        merged = dict(DEFAULT_CATEGORY_WEIGHTS)
        merged.update(value)
        return merged

    def as_of_date(self) -> date:
        """The ranking date: ``as_of`` if set, else today in UTC."""
        return self.as_of or datetime.now(UTC).date()

    @classmethod
    def from_path_or_dict(cls, source: str | Path | dict[str, Any] | None) -> RankingSettings:
        """Settings from a dict, a JSON file, or (``None``) the environment and defaults."""
        if source is None:
            return cls()
        if isinstance(source, dict):
            return cls(**source)
        return cls(**json.loads(Path(source).read_text(encoding="utf-8")))

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)
