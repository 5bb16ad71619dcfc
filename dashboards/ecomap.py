"""The ecomap, as pure functions: members in → Cytoscape elements, positions, styles, legend out.

No database, no Dash callbacks: everything here is deterministic (the same members and the same
view options always give the same picture, so a map can be printed, shared and compared) and
is tested in tests/unit/test_ecomap_layout.py.

Conventions (docs/glossary.md, "Ecomap conventions"):

* the child at the centre; members on rings — by **rank** (ring 1 holds the highest ranked) or
  by **category** (each category its own sector, the highest ranked nearest the child);
* colour **and** shape by category, from the Okabe–Ito colour-blind-safe palette, with a
  legend; professionals are labelled with their agency;
* node size by rank; lines: *solid* = strong (current, or three or more independent pieces of
  evidence), *dashed* = tenuous, *red dotted* = stressful / flagged as a risk by a practitioner,
  thick green = flagged protective; line width by evidence; lines fade with the age of the
  last contact (relative to the "as of" date);
* large networks: only the top N by rank are drawn; the rest are collapsed into one group node
  per category ("+120 more community — show") that expands on click.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from graph_model.values import as_date as _as_date

CATEGORIES: tuple[str, ...] = (
    "household", "carer", "family", "friend_or_peer", "associate_or_risk", "community",
    "professional", "place",
)

# Okabe & Ito (2008) colour-universal-design palette.
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}

CATEGORY_STYLE: dict[str, dict[str, str]] = {
    "household": {"label": "Household", "colour": OKABE_ITO["orange"], "shape": "round-rectangle"},
    "carer": {"label": "Carers", "colour": OKABE_ITO["bluish_green"], "shape": "pentagon"},
    "family": {"label": "Family", "colour": OKABE_ITO["blue"], "shape": "ellipse"},
    "friend_or_peer": {"label": "Friends and peers", "colour": OKABE_ITO["sky_blue"], "shape": "diamond"},
    "associate_or_risk": {"label": "Associates", "colour": OKABE_ITO["vermillion"], "shape": "triangle"},
    "community": {"label": "Community", "colour": OKABE_ITO["reddish_purple"], "shape": "hexagon"},
    "professional": {"label": "Professionals (by agency)", "colour": OKABE_ITO["yellow"], "shape": "rectangle"},
    "place": {"label": "Places and addresses", "colour": OKABE_ITO["grey"], "shape": "barrel"},
}
CHILD_STYLE = {"label": "The child", "colour": OKABE_ITO["black"], "shape": "star"}
GROUP_STYLE = {"label": "More people (click to show)", "colour": "#DDDDDD", "shape": "octagon"}

LINE_STYLES: dict[str, dict[str, str]] = {
    "strong": {"label": "Strong (current, or 3+ pieces of evidence)", "line_style": "solid", "colour": "#555555"},
    "tenuous": {"label": "Tenuous (little evidence)", "line_style": "dashed", "colour": "#555555"},
    "stressful": {"label": "Stressful / risk (practitioner flag)", "line_style": "dotted", "colour": OKABE_ITO["vermillion"]},
    "protective": {"label": "Protective (practitioner flag)", "line_style": "solid", "colour": OKABE_ITO["bluish_green"]},
}

CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low")
RISK_KINDS = {"risk", "flag_risk", "stressful", "conflict"}
PROTECTIVE_KINDS = {"protective", "flag_protective"}
HIDE_KINDS = {"hide", "hidden"}
CLEAR_FLAG_KINDS = {"clear_flag", "unflag"}
UNHIDE_KINDS = {"unhide"}
FLAG_STYLES: dict[str, dict[str, str]] = {
    "flag-risk": {"label": "Practitioner-flagged risk", "colour": OKABE_ITO["vermillion"], "border": "dashed"},
    "flag-protective": {"label": "Practitioner-flagged protective", "colour": OKABE_ITO["bluish_green"],
                        "border": "double"},
}

CENTRE_RADIUS = 170.0
RING_GAP = 120.0
MIN_ARC = 78.0  # minimum distance between neighbours on a ring (px)


# --------------------------------------------------------------------------- small pure helpers

def confidence_bucket(confidence: float | None) -> str:
    """Low / Medium / High instead of a raw number: ≥ 0.8 high, ≥ 0.5 medium, else low.
    Recorded facts (no confidence) are high."""
    if confidence is None:
        return "high"
    c = float(confidence)
    if c >= 0.8:
        return "high"
    if c >= 0.5:
        return "medium"
    return "low"


def node_size(rank: int | None) -> float:
    """Rank 1 is biggest (64 px); size falls with the logarithm of rank, never below 24."""
    if not rank or rank < 1:
        return 24.0
    return round(max(24.0, 64.0 - 10.0 * math.log2(rank)), 1)


def fade(last_seen: Any, as_of: date, current: bool = False) -> float:
    """Opacity of a line: 1.0 up to six months since last contact (or current), fading linearly
    to 0.25 at three and a half years; unknown dates draw at 0.6."""
    if current:
        return 1.0
    d = _as_date(last_seen)
    if d is None:
        return 0.6
    age = (as_of - d).days
    if age <= 182:
        return 1.0
    return round(max(0.25, 1.0 - 0.75 * (age - 182) / (3 * 365)), 3)


def flags(member: dict[str, Any]) -> set[str]:
    """Practitioner flags on a member: {"risk", "protective", "hidden"}.

    Decisions are read in order (oldest first): the latest of risk / protective / clear_flag
    decides the flag, the latest of hide / unhide whether the member is hidden from shared views."""
    out: set[str] = set()
    for d in member.get("decisions") or []:
        kind = str(d.get("kind") or "").lower()
        if kind in RISK_KINDS:
            out.discard("protective")
            out.add("risk")
        elif kind in PROTECTIVE_KINDS:
            out.discard("risk")
            out.add("protective")
        elif kind in CLEAR_FLAG_KINDS:
            out -= {"risk", "protective"}
        elif kind in HIDE_KINDS:
            out.add("hidden")
        elif kind in UNHIDE_KINDS:
            out.discard("hidden")
    return out


def initials(name: str | None) -> str:
    """``Kyle Ray Smith`` → ``K. R. S.`` (peers shown by initials only in MACE views)."""
    parts = [p for p in str(name or "").replace("-", " ").split() if p[:1].isalpha()]
    return " ".join(p[0].upper() + "." for p in parts) or "?"


def line_kind(member: dict[str, Any]) -> str:
    """strong / tenuous / stressful / protective, in the ecomap convention."""
    f = flags(member)
    if "risk" in f:
        return "stressful"
    if "protective" in f:
        return "protective"
    if member.get("current") or int(member.get("evidence_count") or 0) >= 3:
        return "strong"
    return "tenuous"


def line_width(member: dict[str, Any]) -> float:
    n = int(member.get("evidence_count") or 0)
    base = 1.5 + 1.3 * math.log2(1 + n)
    if line_kind(member) == "protective":
        base += 1.5
    return round(min(8.0, base), 2)


def category_of(member: dict[str, Any]) -> str:
    c = member.get("category")
    return c if c in CATEGORY_STYLE else "community"


def _sort_key(member: dict[str, Any]) -> tuple:
    rank = member.get("rank")
    return (rank if isinstance(rank, int) and rank > 0 else 10**9, str(member.get("name") or ""),
            str(member.get("key")))


def short_role(member: dict[str, Any]) -> str:
    roles = [r for r in (member.get("roles") or []) if r and r != "mentioned"]
    role = roles[0] if roles else ("named in notes" if member.get("roles") else "")
    if category_of(member) == "professional" and member.get("agency"):
        role = f"{role} · {member['agency']}" if role else str(member["agency"])
    return role


# --------------------------------------------------------------------------- filtering

@dataclass
class View:
    """What the user chose to see. Defaults show the top 40 of everything, as of today."""

    categories: frozenset[str] = frozenset(CATEGORIES)
    confidence: frozenset[str] = frozenset(CONFIDENCE_LEVELS)
    text: str = ""
    hidden: frozenset[str] = frozenset()
    as_of: date | None = None
    top_n: int = 40
    expanded: frozenset[str] = frozenset()
    layout: str = "rank"  # or "category"
    show_flags: bool = True  # conversation mode hides risk flags
    show_hidden: bool = False  # practitioner view only: show members hidden from shared views


@dataclass
class Selection:
    shown: list[dict[str, Any]] = field(default_factory=list)
    groups: "OrderedDict[str, list[dict[str, Any]]]" = field(default_factory=OrderedDict)
    matched: int = 0  # members passing the filters (before top-N)
    total: int = 0


def select_members(members: Iterable[dict[str, Any]], view: View) -> Selection:
    """Apply the filters, then keep the top N by rank (plus any expanded categories) and collapse
    the rest into one group per category."""
    members = list(members)
    text = (view.text or "").strip().lower()
    matched = []
    for m in members:
        if m.get("key") in view.hidden or ("hidden" in flags(m) and not view.show_hidden):
            continue
        if category_of(m) not in view.categories:
            continue
        if confidence_bucket(m.get("confidence")) not in view.confidence:
            continue
        if view.as_of is not None:
            first = _as_date(m.get("first_seen"))
            if first is not None and first > view.as_of:
                continue
        if text:
            hay = " ".join([str(m.get("name") or ""), *[str(x) for x in (m.get("names") or [])],
                            *[str(x) for x in (m.get("roles") or [])], str(m.get("agency") or "")]).lower()
            if text not in hay:
                continue
        matched.append(m)
    matched.sort(key=_sort_key)
    top_n = max(1, int(view.top_n or 1))
    sel = Selection(matched=len(matched), total=len(members))
    for i, m in enumerate(matched):
        if i < top_n or category_of(m) in view.expanded:
            sel.shown.append(m)
        else:
            sel.groups.setdefault(category_of(m), []).append(m)
    sel.groups = OrderedDict((c, sel.groups[c]) for c in CATEGORIES if c in sel.groups)
    return sel


# --------------------------------------------------------------------------- layout

def _ring_capacity(radius: float) -> int:
    return max(6, int(2 * math.pi * radius / MIN_ARC))


def _polar(radius: float, angle: float) -> dict[str, float]:
    return {"x": round(radius * math.cos(angle), 2), "y": round(radius * math.sin(angle), 2)}


def layout_by_rank(shown: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Rings by rank: ring 1 holds the highest ranked members; within a ring members are ordered
    by category (so categories sit together), agency, rank and key; angles start at 12 o'clock."""
    positions: dict[str, dict[str, float]] = {}
    ordered = sorted(shown, key=_sort_key)
    ring, i = 0, 0
    while i < len(ordered):
        radius = CENTRE_RADIUS + RING_GAP * ring
        cap = _ring_capacity(radius)
        chunk = ordered[i:i + cap]
        chunk.sort(key=lambda m: (CATEGORIES.index(category_of(m)), str(m.get("agency") or ""), *_sort_key(m)))
        offset = 0.5 * (ring % 2)
        for j, m in enumerate(chunk):
            angle = -math.pi / 2 + 2 * math.pi * (j + offset) / len(chunk)
            positions[m["key"]] = _polar(radius, angle)
        i += cap
        ring += 1
    return positions


def layout_by_category(shown: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Sectors by category (in the fixed category order, sized by their member counts); within a
    sector the highest ranked are nearest the child, filling arcs outwards."""
    positions: dict[str, dict[str, float]] = {}
    by_cat: "OrderedDict[str, list[dict[str, Any]]]" = OrderedDict()
    for c in CATEGORIES:
        ms = sorted([m for m in shown if category_of(m) == c], key=lambda m: (str(m.get("agency") or "") if c == "professional" else "", *_sort_key(m)))
        if ms:
            by_cat[c] = ms
    if not by_cat:
        return positions
    weights = {c: 1.0 + math.sqrt(len(ms)) for c, ms in by_cat.items()}
    total = sum(weights.values())
    start = -math.pi / 2
    for c, ms in by_cat.items():
        width = 2 * math.pi * weights[c] / total
        pad = min(0.08, width * 0.1)
        lo, hi = start + pad, start + width - pad
        i, ring = 0, 0
        while i < len(ms):
            radius = CENTRE_RADIUS + RING_GAP * ring
            cap = max(1, int((hi - lo) * radius / MIN_ARC))
            chunk = ms[i:i + cap]
            for j, m in enumerate(chunk):
                angle = (lo + hi) / 2 if len(chunk) == 1 else lo + (hi - lo) * (j + 0.5) / len(chunk)
                positions[m["key"]] = _polar(radius, angle)
            i += cap
            ring += 1
        start += width
    return positions


def _group_positions(groups: "OrderedDict[str, list]", outer_radius: float) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    n = len(groups)
    for j, c in enumerate(groups):
        angle = -math.pi / 2 + 2 * math.pi * (CATEGORIES.index(c) + 0.5) / len(CATEGORIES)
        if n == 1:
            angle = math.pi / 2
        out[c] = _polar(outer_radius, angle)
    return out


# --------------------------------------------------------------------------- elements

def build_elements(child: dict[str, Any], members: list[dict[str, Any]], view: View,
                   today: date | None = None) -> tuple[list[dict[str, Any]], Selection]:
    """Cytoscape elements (child, members, group nodes, edges) with preset positions."""
    as_of = view.as_of or today or date.today()
    sel = select_members(members, view)
    positions = layout_by_category(sel.shown) if view.layout == "category" else layout_by_rank(sel.shown)
    child_id = f"child:{child.get('child_id')}"
    elements: list[dict[str, Any]] = [{
        "data": {"id": child_id, "label": child.get("display_name") or child.get("child_id") or "",
                 "kind": "child", "colour": CHILD_STYLE["colour"], "shape": CHILD_STYLE["shape"],
                 "size": 70, "category": "child"},
        "position": {"x": 0.0, "y": 0.0}, "classes": "child", "selectable": False,
    }]
    for m in sel.shown:
        cat = category_of(m)
        style = CATEGORY_STYLE[cat]
        f = flags(m) if view.show_flags else set()
        lk = line_kind(m) if view.show_flags else ("strong" if m.get("current") or int(m.get("evidence_count") or 0) >= 3 else "tenuous")
        role = short_role(m)
        label = f"{m.get('name') or ''}\n{role}" if role else str(m.get("name") or "")
        classes = [cat, f"conf-{confidence_bucket(m.get('confidence'))}"] + [f"flag-{x}" for x in sorted(f)]
        elements.append({
            "data": {"id": m["key"], "label": label, "kind": m.get("kind") or "person", "category": cat,
                     "colour": style["colour"], "shape": style["shape"], "size": node_size(m.get("rank")),
                     "rank": m.get("rank")},
            "position": positions[m["key"]], "classes": " ".join(classes),
        })
        ls = LINE_STYLES[lk]
        elements.append({
            "data": {"id": f"edge:{m['key']}", "source": child_id, "target": m["key"],
                     "line_style": ls["line_style"], "line_colour": ls["colour"],
                     "width": line_width(m) if view.show_flags else min(8.0, line_width(m)),
                     "opacity": fade(m.get("last_seen"), as_of, bool(m.get("current"))), "kind": lk},
            "classes": f"edge {lk}",
        })
    if sel.groups:
        outer = max([math.hypot(p["x"], p["y"]) for p in positions.values()] + [CENTRE_RADIUS]) + RING_GAP
        gpos = _group_positions(sel.groups, outer)
        for c, ms in sel.groups.items():
            gid = f"group:{c}"
            elements.append({
                "data": {"id": gid, "label": f"+{len(ms)} more {CATEGORY_STYLE[c]['label'].lower()}\n(click to show)",
                         "kind": "group", "category": c, "group": c, "count": len(ms),
                         "colour": GROUP_STYLE["colour"], "shape": GROUP_STYLE["shape"],
                         "border_colour": CATEGORY_STYLE[c]["colour"], "size": 46},
                "position": gpos[c], "classes": f"group {c}",
            })
            elements.append({
                "data": {"id": f"edge:{gid}", "source": child_id, "target": gid, "line_style": "dashed",
                         "line_colour": "#BBBBBB", "width": 1.0, "opacity": 0.5, "kind": "group"},
                "classes": "edge group",
            })
    return elements, sel


def stylesheet(large_text: bool = False) -> list[dict[str, Any]]:
    """The Cytoscape stylesheet: everything category-specific is carried in element data."""
    font = "16px" if large_text else "11px"
    return [
        {"selector": "node", "style": {
            "label": "data(label)", "background-color": "data(colour)", "shape": "data(shape)",
            "width": "data(size)", "height": "data(size)", "text-wrap": "wrap", "text-max-width": "140px",
            "font-size": font, "text-valign": "bottom", "text-margin-y": 4, "color": "#111111",
            "text-background-color": "#FFFFFF", "text-background-opacity": 0.85, "text-background-padding": "1px",
            "border-width": 1.5, "border-color": "#333333",
        }},
        {"selector": "node.child", "style": {"font-size": "14px", "font-weight": "bold", "text-valign": "bottom",
                                             "border-width": 3, "border-color": "#000000"}},
        {"selector": "node.group", "style": {"border-color": "data(border_colour)", "border-width": 4,
                                             "border-style": "double", "font-style": "italic"}},
        {"selector": "node.flag-risk", "style": {"border-color": OKABE_ITO["vermillion"], "border-width": 5,
                                                 "border-style": "dashed"}},
        {"selector": "node.flag-protective", "style": {"border-color": OKABE_ITO["bluish_green"], "border-width": 5,
                                                       "border-style": "double"}},
        {"selector": "node.flag-hidden", "style": {"opacity": 0.45, "border-style": "dotted", "border-width": 3}},
        {"selector": "node.conf-low", "style": {"background-opacity": 0.45}},
        {"selector": "node.conf-medium", "style": {"background-opacity": 0.75}},
        {"selector": "node:selected", "style": {"overlay-color": "#000000", "overlay-opacity": 0.15,
                                                "border-width": 4, "border-color": "#000000"}},
        {"selector": "edge", "style": {
            "line-style": "data(line_style)", "line-color": "data(line_colour)", "width": "data(width)",
            "opacity": "data(opacity)", "curve-style": "straight",
        }},
        {"selector": "edge.stressful", "style": {"line-dash-pattern": [2, 4]}},
    ]


def legend_entries(members: list[dict[str, Any]] | None = None, *, show_flags: bool = True) -> list[dict[str, Any]]:
    """What the legend shows: the child, each category (with how many members it has), line
    styles and practitioner flags. Professionals list their agencies."""
    counts: dict[str, int] = {}
    agencies: dict[str, int] = {}
    for m in members or []:
        counts[category_of(m)] = counts.get(category_of(m), 0) + 1
        if category_of(m) == "professional" and m.get("agency"):
            agencies[str(m["agency"])] = agencies.get(str(m["agency"]), 0) + 1
    out: list[dict[str, Any]] = [{"type": "node", "key": "child", **CHILD_STYLE}]
    for c in CATEGORIES:
        entry = {"type": "node", "key": c, **CATEGORY_STYLE[c], "count": counts.get(c, 0)}
        if c == "professional" and agencies:
            entry["detail"] = ", ".join(f"{a} ({n})" for a, n in sorted(agencies.items()))
        out.append(entry)
    out.append({"type": "node", "key": "group", **GROUP_STYLE})
    if show_flags:
        for k, fs in FLAG_STYLES.items():
            out.append({"type": "flag", "key": k, "label": fs["label"], "colour": fs["colour"], "border": fs["border"],
                        "count": sum(1 for m in members or [] if k[5:] in flags(m))})
    for k, ls in LINE_STYLES.items():
        if not show_flags and k in ("stressful", "protective"):
            continue
        out.append({"type": "line", "key": k, **ls})
    out.append({"type": "note", "key": "fade", "label": "Fainter lines: longer since last contact"})
    out.append({"type": "note", "key": "size", "label": "Bigger shapes: higher rank"})
    out.append({"type": "note", "key": "confidence", "label": "Paler fill: lower confidence"})
    return out


def month_options(timeline: list[dict[str, Any]], members: list[dict[str, Any]] | None = None) -> list[str]:
    """Months (YYYY-MM) for the "as of" slider: from the earliest evidence to the latest."""
    months = {t["month"] for t in timeline if t.get("month")}
    for m in members or []:
        for k in ("first_seen", "last_seen"):
            d = _as_date(m.get(k))
            if d:
                months.add(d.isoformat()[:7])
    if not months:
        return []
    lo, hi = min(months), max(months)
    out, y, mo = [], int(lo[:4]), int(lo[5:7])
    while f"{y:04d}-{mo:02d}" <= hi:
        out.append(f"{y:04d}-{mo:02d}")
        mo += 1
        if mo > 12:
            y, mo = y + 1, 1
    return out


def month_end(month: str) -> date:
    y, m = int(month[:4]), int(month[5:7])
    nxt = date(y + (m == 12), 1 if m == 12 else m + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def explain_components(components: dict[str, Any] | None, member: dict[str, Any]) -> str:
    """Why a member ranks where they do, in words (uses ranking.explain when available)."""
    if not components:
        src = ", ".join(member.get("sources") or []) or "records"
        return (f"Listed from the recorded relationships and allocations ({src}); "
                "the network has not been ranked yet, so the order is by relationship type and date.")
    try:
        from ranking.explain import explain_rank

        return explain_rank({**components, "rank": components.get("rank", member.get("rank"))})
    except Exception:  # noqa: BLE001 - explanation is best effort; fall back to the raw components
        parts = [f"{k.replace('_', ' ')}: {v}" for k, v in sorted(components.items())
                 if k in ("role_weight", "recency", "evidence", "confidence", "weight", "age_days", "evidence_count")]
        return "Rank components — " + "; ".join(parts)
