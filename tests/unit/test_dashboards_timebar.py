"""The time bar's pure parts (dashboards.timebar): month buttons, which month was asked for, the
slider's day and the Play steps."""

from __future__ import annotations

from datetime import date

from dashboards import ids
from dashboards.timebar import as_of_day, clicked_month, month_key_label, month_keys, play_step

MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"]


def test_each_month_is_a_button_named_with_its_month_and_count_and_one_tab_stop():
    keys = month_keys(MONTHS, {"2025-01": 1, "2025-03": 4})
    assert [k.id for k in keys] == [{"type": ids.MONTH_KEY, "month": m} for m in MONTHS]
    labels = [getattr(k, "aria-label") for k in keys]
    assert labels == ["January 2025, 1 record", "February 2025, 0 records", "March 2025, 4 records",
                      "April 2025, 0 records"]
    assert [k.tabIndex for k in keys] == ["-1", "-1", "0", "-1"]  # the latest month with records
    assert [k.children.style["height"] for k in keys] == ["25%", "0%", "100%", "0%"]
    assert month_key_label("2025-03", 1) == "March 2025, 1 record"
    assert month_keys([], {}) == []


def test_the_month_asked_for_comes_from_a_button_or_a_bar():
    assert clicked_month({"type": ids.MONTH_KEY, "month": "2025-03"}, None) == "2025-03"
    assert clicked_month(ids.TIMELINE, {"points": [{"x": "2025-02"}]}) == "2025-02"
    assert clicked_month(ids.TIMELINE, None) == ""


def test_the_slider_day_is_a_months_end_and_the_last_step_is_now():
    assert as_of_day(MONTHS, 1) == date(2025, 2, 28)
    assert as_of_day(MONTHS, 3) is None and as_of_day(MONTHS, None) is None and as_of_day([], 0) is None


def test_play_walks_to_the_end_and_now_jumps_there():
    assert play_step(ids.PLAY, 3, MONTHS, True) == (0, False, "❚❚ Pause")  # at the end: start again
    assert play_step(ids.PLAY, 1, MONTHS, False) == (None, True, "▶ Play")  # pause where it is
    assert play_step(ids.PLAY_TIMER, 1, MONTHS, False) == (2, False, "❚❚ Pause")
    assert play_step(ids.PLAY_TIMER, 2, MONTHS, False) == (3, True, "▶ Play")
    assert play_step(ids.AS_OF_NOW, 0, MONTHS, False) == (3, True, "▶ Play")
