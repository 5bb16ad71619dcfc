"""The child map's time bar: the month histogram, its keyboard twin and the slider's steps.

The Plotly bars take a mouse click but no keyboard, so the same months are also a row of buttons
under the bars (``month_keys``): one Tab stop, the arrow keys (and Home/End) move between months
(``assets/month_keys.js``), Enter or Space lists that month's records, each named like
"May 2024, 2 records". Both are drawn from the same counts (the viewer's readable records only,
``graph_model.queries.evidence_timeline``). Pure, apart from building Dash components.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import html

from dashboards import ids
from dashboards.ecomap import month_end
from dashboards.views import fmt_month


def month_key_label(month: str, records: int) -> str:
    """A month button's accessible name: ``March 2025, 4 records``."""
    return f"{fmt_month(month)}, {records} record{'' if records == 1 else 's'}"


def figure(months: list[str], counts: dict[str, int]) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=months, y=[counts.get(m, 0) for m in months], marker_color="#0072B2"))
    fig.update_layout(margin={"l": 30, "r": 10, "t": 5, "b": 25}, height=120, bargap=0.1,
                      plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
                      xaxis={"type": "category", "nticks": 12, "fixedrange": True}, yaxis={"fixedrange": True})
    return fig


def month_keys(months: list[str], counts: dict[str, int]) -> list[Any]:
    """One button per month (a roving tab stop: the latest month with records takes Tab first)."""
    top = max([counts.get(m, 0) for m in months] or [0]) or 1
    with_records = [m for m in months if counts.get(m)]
    tab_month = with_records[-1] if with_records else (months[-1] if months else None)
    return [html.Button(
        html.Span(className="month-key-bar", style={"height": f"{round(100 * counts.get(m, 0) / top)}%"}),
        id={"type": ids.MONTH_KEY, "month": m}, className="month-key", n_clicks=0, title=month_key_label(m, counts.get(m, 0)),
        tabIndex="0" if m == tab_month else "-1", **{"aria-label": month_key_label(m, counts.get(m, 0))})
        for m in months]


def clicked_month(trigger: Any, click: dict[str, Any] | None) -> str:
    """The month asked for: a month button (its id) or a click on a bar (Plotly's clickData)."""
    if isinstance(trigger, dict) and trigger.get("type") == ids.MONTH_KEY:
        return str(trigger.get("month") or "")[:7]
    return str(((click or {}).get("points") or [{}])[0].get("x") or "")[:7]


def as_of_day(months: list[str] | None, index: Any) -> date | None:
    """The day the slider stands at: the end of its month, or ``None`` on the last step (now)."""
    if not months or index is None or not 0 <= int(index) < len(months) - 1:
        return None
    return month_end(months[int(index)])


def play_step(trigger: str | None, value: Any, months: list[str] | None, paused: bool) -> tuple[int | None, bool, str]:
    """One press of Play/Pause/Now or one tick of the timer -> (slider value or None to keep it,
    timer disabled, Play button text). Playing walks to the end in about forty steps."""
    last = max(0, len(months or []) - 1)
    value = int(value or 0)
    if trigger == ids.AS_OF_NOW:
        return last, True, "▶ Play"
    if trigger == ids.PLAY:
        if paused:
            return (0 if value >= last else value), False, "❚❚ Pause"
        return None, True, "▶ Play"
    if value >= last:
        return last, True, "▶ Play"
    nxt = min(last, value + max(1, len(months or []) // 40))
    return nxt, nxt >= last, ("▶ Play" if nxt >= last else "❚❚ Pause")
