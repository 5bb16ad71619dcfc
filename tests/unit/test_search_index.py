"""The day token and the date windows of a newest/oldest search (graph_model.search_index)."""

from __future__ import annotations

from datetime import date, timedelta

from graph_model.search_index import (
    FIRST_WINDOW_DAYS,
    UNDATED,
    WINDOW_GROWTH,
    day_range,
    day_token,
    day_window,
    grown_width,
    record_search_day,
)


def test_tokens_sort_like_their_dates():
    days = [date(1999, 12, 31), date(2000, 1, 1), date(2024, 2, 29), date(2024, 10, 3)]
    assert sorted(day_token(d) for d in days) == [day_token(d) for d in days]
    assert day_token(None) == UNDATED
    assert all(day_token(d) < day_token(None) for d in days)  # and the undated fall outside day_range


def test_a_note_takes_its_event_date_and_a_document_its_document_date():
    assert record_search_day({"event_date": date(2023, 5, 6)}) == "d20230506"
    assert record_search_day({"document_date": date(2021, 1, 2), "title": "x"}) == "d20210102"
    assert record_search_day({"event_date": None}) == UNDATED


def test_day_range_is_closed_on_dated_records_only():
    assert day_range(None, None) == "search_day:[d00000000 TO d99999999]"
    assert day_range(date(2024, 1, 1), None) == "search_day:[d20240101 TO d99999999]"
    assert day_range(None, date(2024, 1, 31)) == "search_day:[d00000000 TO d20240131]"


def _widths(order, first, last, *, visible=0, wanted=50, **filters):
    """The windows a search walks when each holds ``visible`` hits, until the whole range."""
    out, width = [], FIRST_WINDOW_DAYS
    while True:
        lo, hi, whole = day_window(order, first, last, width, **filters)
        out.append((lo, hi))
        if whole:
            return out
        width = grown_width(width, visible, wanted)


def test_newest_windows_grow_back_from_the_last_day_and_end_with_the_whole_range():
    first, last = date(2010, 1, 1), date(2024, 6, 30)
    windows = _widths("newest", first, last, visible=20)
    assert windows[0] == (last - timedelta(days=FIRST_WINDOW_DAYS), None)
    assert windows[-1] == (None, None)
    starts = [lo for lo, _ in windows[:-1]]
    assert starts == sorted(starts, reverse=True) and all(hi is None for _, hi in windows)
    assert len(windows) <= 6


def test_oldest_windows_grow_forward_from_the_first_day():
    first, last = date(2010, 1, 1), date(2011, 1, 1)
    assert _widths("oldest", first, last, visible=30, wanted=50) == [
        (None, first + timedelta(days=31)), (None, first + timedelta(days=124)), (None, None)]


def test_an_empty_window_grows_most_a_dense_one_least():
    assert grown_width(31, 0, 50) == 31 * 64
    assert grown_width(31, 40, 50) == 31 * WINDOW_GROWTH
    assert grown_width(100, 5, 50) == 100 * 20  # twice the width the density seen needs
    # a sparse start reaches 40 years in three windows, not six
    assert len(_widths("oldest", date(1985, 1, 1), date(2025, 1, 1), visible=0)) <= 3


def test_a_date_filter_bounds_every_window():
    first, last = date(2000, 1, 1), date(2024, 12, 31)
    date_from, date_to = date(2015, 1, 1), date(2016, 12, 31)
    windows = _widths("newest", first, last, visible=10, date_from=date_from, date_to=date_to)
    assert windows[0] == (date_to - timedelta(days=31), date_to)
    assert windows[-1] == (date_from, date_to)
    assert all(hi == date_to and (lo is None or lo >= date_from) for lo, hi in windows)
    # a filter outside the records' days: one window, the filter itself
    assert day_window("oldest", first, last, 31, date_from=date(2030, 1, 1)) == (date(2030, 1, 1), None, True)
