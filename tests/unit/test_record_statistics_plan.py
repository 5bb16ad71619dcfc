"""When record linkage fits its file-level statistics again (linkage.record_statistics): a full
run keeps them like an increment, so the two score alike; a fit only when none are kept for the
linker, when asked, or when more than REFIT_SHARE of the file changed since the fit."""

from __future__ import annotations

from linkage.file_weights import FileStatistics
from linkage.record_statistics import REFIT_SHARE, plan_statistics


def stored(model: str = "m1", since: int = 0) -> dict:
    return {"statistics": FileStatistics(None, True, {"phone": {"0"}}, 1000).to_json(), "model": model,
            "changed_since_fit": since}


def test_kept_statistics_are_used_and_changes_counted():
    plan = plan_statistics(stored(since=10), "m1", total=1000, changed=5)
    assert not plan.fit and plan.reason == "kept from the last fit"
    assert plan.kept.households and plan.kept.placeholders == {"phone": {"0"}} and plan.kept.records == 1000
    assert plan.changed_since_fit == 15


def test_fit_when_none_kept_for_this_linker_or_asked():
    for row, linker in ((None, "m1"), ({"statistics": None, "model": None}, "m1"), (stored("m0"), "m1")):
        plan = plan_statistics(row, linker, total=1000, changed=1)
        assert plan.fit and plan.kept is None and plan.changed_since_fit == 0, row
    assert plan_statistics(stored(), "m1", total=1000, changed=0, refit=True).fit


def test_fit_again_when_enough_of_the_file_changed_since():
    edge = int(REFIT_SHARE * 1000)
    assert not plan_statistics(stored(since=edge - 3), "m1", total=1000, changed=3).fit
    plan = plan_statistics(stored(since=edge - 3), "m1", total=1000, changed=4)
    assert plan.fit and f"{edge + 1} of 1000" in plan.reason
