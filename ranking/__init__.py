"""Network materialisation, ranking and cohort analysis with Neo4j Graph Data Science.

``materialise_networks`` builds each child's NETWORK edges (``mark_changed_networks`` finds
the children whose inputs changed), ``rank_networks`` ranks them with
personalised PageRank from the child, ``analyse_cohorts`` / ``shared_connections`` /
``connection_paths`` serve MACE, and ``explain_rank`` turns stored rank components into a
sentence. See ranking/README.md.
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562): `import ranking.roles` must not pay for GDS, the driver and
# the whole ranking layer (the SSD converter only needs the role vocabulary).
_EXPORTS = {
    "analyse_cohorts": "ranking.cohorts", "connection_paths": "ranking.cohorts",
    "shared_connections": "ranking.cohorts", "explain_rank": "ranking.explain",
    "mark_changed_networks": "ranking.materialise", "materialise_networks": "ranking.materialise",
    "rank_networks": "ranking.rank", "RankingSettings": "ranking.settings",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'ranking' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


__all__ = [
    "RankingSettings",
    "analyse_cohorts",
    "connection_paths",
    "explain_rank",
    "mark_changed_networks",
    "materialise_networks",
    "rank_networks",
    "shared_connections",
]
