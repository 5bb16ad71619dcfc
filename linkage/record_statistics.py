"""When record linkage fits its file-level statistics again, and when a run keeps them.

The statistics (:class:`linkage.file_weights.FileStatistics`: per-file EM comparison weights,
the household switch, placeholder values) are part of the model a run scores with, like the
classifier. Fitted again on a file that differs by a few records they move a little (20 family
names of 6,914 records moved a log Bayes factor by 0.14), and a little is enough to cut a dense
component of near-certain pairs -- a foster couple on eight children's files -- another way. So
an increment and a full run can only give the same graph if they score with the *same*
statistics: both keep the ones fitted last, and a fit happens (on every record, the run made
full) only when none are kept for this linker, when asked, or when the records new or changed
since the fit exceed :data:`REFIT_SHARE` of the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkage.file_weights import FileStatistics

REFIT_SHARE = 0.05  # records new/changed since the fit, as a share of the file: fit again


@dataclass(frozen=True)
class StatisticsPlan:
    """What this run scores with: ``kept`` (None: fit on every record, the run made full)."""

    kept: FileStatistics | None
    reason: str
    changed_since_fit: int  # counted after this run (0 after a fit)

    @property
    def fit(self) -> bool:
        return self.kept is None


def plan_statistics(stored: dict | None, linker: str, *, total: int, changed: int,
                    refit: bool = False) -> StatisticsPlan:
    """``stored``: the ``record_statistics`` row (statistics JSON, model, changed_since_fit);
    ``changed``: records new or changed since the last run (what this run links again)."""
    if refit:
        return StatisticsPlan(None, "fitted on every record (asked)", 0)
    if not stored or not stored.get("statistics") or stored.get("model") != linker:
        return StatisticsPlan(None, "fitted on every record (none kept for this linker)", 0)
    since = int(stored.get("changed_since_fit") or 0) + changed
    if since > REFIT_SHARE * max(total, 1):
        return StatisticsPlan(None, f"fitted on every record ({since} of {total} records changed since the last fit)", 0)
    return StatisticsPlan(FileStatistics.from_json(stored["statistics"]), "kept from the last fit", since)
