"""Network materialisation, ranking and cohort analysis with Neo4j Graph Data Science.

``materialise_networks`` builds each child's NETWORK edges (``mark_changed_networks`` finds
the children whose inputs changed), ``rank_networks`` ranks them with
personalised PageRank from the child, ``analyse_cohorts`` / ``shared_connections`` /
``connection_paths`` serve MACE, and ``explain_rank`` turns stored rank components into a
sentence. See ranking/README.md.
"""

from ranking.cohorts import analyse_cohorts, connection_paths, shared_connections
from ranking.explain import explain_rank
from ranking.materialise import mark_changed_networks, materialise_networks
from ranking.rank import rank_networks
from ranking.settings import RankingSettings

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
