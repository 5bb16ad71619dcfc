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
from ranking.roles import current_category
from ranking.settings import CATEGORIES  # the one vocabulary of groups, stored and drawn

# Okabe & Ito (2008) colour-universal-design palette.
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "black": "#000000",
    "grey": "#999999",
}

# One silhouette per group, told apart in greyscale too (square, circle, diamond, triangle, hexagon,
# parallelogram, down-pointing "pin", and a tag for "Role not known"); the key draws the same
# outlines (SHAPE_POINTS). Carers are in the group the glossary gives them (foster carers with the
# professionals, kinship carers with the family), ranked with parents by their role.
CATEGORY_STYLE: dict[str, dict[str, str]] = {
    "household": {"label": "Household", "colour": OKABE_ITO["orange"], "shape": "rectangle"},
    "family": {"label": "Family", "colour": OKABE_ITO["blue"], "shape": "ellipse"},
    "friend_or_peer": {"label": "Friends and peers", "colour": OKABE_ITO["sky_blue"], "shape": "diamond"},
    "associate_or_risk": {"label": "Associates", "colour": OKABE_ITO["vermillion"], "shape": "triangle"},
    "community": {"label": "Community", "colour": OKABE_ITO["reddish_purple"], "shape": "hexagon"},
    "professional": {"label": "Professionals (by agency)", "colour": OKABE_ITO["yellow"], "shape": "rhomboid"},
    "place": {"label": "Places and addresses", "colour": OKABE_ITO["grey"], "shape": "vee"},
}
# Display only: members whose stored category is "community" but who have no known role (no roles,
# or only "mentioned") are shown as "Role not known", never as "Community". Stored categories (and
# the category filter, whose "community" box covers both) are unchanged.
UNKNOWN_ROLE = "unknown"
UNKNOWN_STYLE = {"label": "Role not known", "colour": "#F2D7E7", "shape": "tag"}
DISPLAY_GROUPS: tuple[str, ...] = CATEGORIES + (UNKNOWN_ROLE,)
DISPLAY_STYLE: dict[str, dict[str, str]] = {**CATEGORY_STYLE, UNKNOWN_ROLE: UNKNOWN_STYLE}
# Cytoscape's polygons (cytoscape.js 3.28 node shapes), in a -1..1 box, for the key's inline SVG.
SHAPE_POINTS: dict[str, list[float] | None] = {
    "ellipse": None, "rectangle": [-1, -1, 1, -1, 1, 1, -1, 1],
    "pentagon": [0, -1, 0.951, -0.309, 0.588, 0.809, -0.588, 0.809, -0.951, -0.309],
    "diamond": [0, -1, 1, 0, 0, 1, -1, 0], "triangle": [-1, 1, 0, -1, 1, 1],
    "hexagon": [-1, 0, -0.5, -0.866, 0.5, -0.866, 1, 0, 0.5, 0.866, -0.5, 0.866],
    "rhomboid": [-1, -1, 0.333, -1, 1, 1, -0.333, 1], "vee": [-1, -1, 0, -0.333, 1, -1, 0, 1],
    "tag": [-1, -1, 0.25, -1, 1, 0, 0.25, 1, -1, 1],
    "octagon": [-0.414, -1, 0.414, -1, 1, -0.414, 1, 0.414, 0.414, 1, -0.414, 1, -1, 0.414, -1, -0.414],
    "star": [0, -1, 0.225, -0.309, 0.951, -0.309, 0.363, 0.118, 0.588, 0.809, 0, 0.382, -0.588, 0.809,
             -0.363, 0.118, -0.951, -0.309, -0.225, -0.309],
}
CHILD_STYLE = {"label": "The child", "colour": OKABE_ITO["black"], "shape": "star"}
GROUP_STYLE = {"label": "More people (click to show)", "colour": "#DDDDDD", "shape": "octagon"}

LINE_STYLES: dict[str, dict[str, str]] = {
    "strong": {"label": "Strong (current, or 3+ pieces of evidence)", "line_style": "solid", "colour": "#555555"},
    "tenuous": {"label": "Tenuous (little evidence)", "line_style": "dashed", "colour": "#555555"},
    "stressful": {"label": "Stressful / risk (practitioner flag)", "line_style": "dotted", "colour": OKABE_ITO["vermillion"]},
    "protective": {"label": "Protective (practitioner flag)", "line_style": "solid", "colour": OKABE_ITO["bluish_green"]},
}

TIE_STYLE: dict[str, Any] = {
    "label": "Family line from the records (partners, parents, brothers and sisters)",
    "colour": "#000000", "dash": [10, 4, 2, 4], "width": 2.5,
}
"""Lines between two members (``dashboards.family_lines``): black, dash-dot and curved, so they read
apart from the straight child-centred lines in greyscale too."""

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
ASPECT = 1.45  # rings are ellipses this much wider than tall: the map is wide, labels are wide
MIN_ARC = 78.0  # minimum distance between neighbours on a ring (px)

# Labels: wrapped here (so their size is known), drawn below the node. FONT_PX by rank; the
# character widths are those of DejaVu Sans (Chromium's sans-serif on Debian; Arial and Helvetica
# are narrower), so the estimate errs on the wide side.
FONT_PX = {"top": 11.0, "rest": 10.0, "large": 16.0, "child": 14.0}
LABEL_MAX_PX = 118.0  # at 11 px; wrap width scales with the font
LABEL_MARGIN_Y = 4.0  # text-margin-y
LABEL_PAD = 1.0  # text-background-padding
LINE_HEIGHT = 1.25
BOX_GAP = 3.0  # clear space kept between any two boxes (labels, nodes)
LABELLED_LAYOUT_MAX = 240  # beyond this many drawn members, rings fall back to fixed spacing


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
    c = current_category(member.get("category"), member.get("roles"))  # "carer" on an older graph
    return c if c in CATEGORY_STYLE else "community"


def known_roles(member: dict[str, Any]) -> list[str]:
    return [str(r) for r in (member.get("roles") or []) if r and str(r).strip() and r != "mentioned"]


def display_group(member: dict[str, Any]) -> str:
    """The group a member is *shown* in: the stored category, except that a "community" member with
    no known role is "Role not known" (UNKNOWN_ROLE)."""
    c = category_of(member)
    if c == "community" and not known_roles(member):
        return UNKNOWN_ROLE
    return c


def group_label(member: dict[str, Any]) -> str:
    return DISPLAY_STYLE[display_group(member)]["label"]


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
    hidden_shared: int = 0  # left out because a practitioner hid them from shared views


def select_members(members: Iterable[dict[str, Any]], view: View) -> Selection:
    """Apply the filters, then keep the top N by rank (plus any expanded categories) and collapse
    the rest into one group per category."""
    members = list(members)
    text = (view.text or "").strip().lower()
    matched = []
    hidden_shared = 0
    for m in members:
        if "hidden" in flags(m) and not view.show_hidden:
            hidden_shared += 1
            continue
        if m.get("key") in view.hidden:
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
    sel = Selection(matched=len(matched), total=len(members), hidden_shared=hidden_shared)
    for i, m in enumerate(matched):
        if i < top_n or category_of(m) in view.expanded:
            sel.shown.append(m)
        else:
            sel.groups.setdefault(category_of(m), []).append(m)
    sel.groups = OrderedDict((c, sel.groups[c]) for c in CATEGORIES if c in sel.groups)
    return sel


def active_filters(view: View) -> list[str]:
    """What the filters hide, in words (empty when nothing is filtered out)."""
    out: list[str] = []
    for c in CATEGORIES:
        if c not in view.categories:
            out.append("Community and role not known" if c == "community" else CATEGORY_STYLE[c]["label"])
    for level in CONFIDENCE_LEVELS:
        if level not in view.confidence:
            out.append(f"{level.capitalize()} confidence")
    if (view.text or "").strip():
        out.append(f'not matching "{view.text.strip()}"')
    if view.hidden:
        out.append(f"{len(view.hidden)} hidden from this map")
    if view.as_of is not None:
        out.append(f"first seen after {view.as_of.strftime('%d %b %Y')}")
    return out


def filter_summary(sel: Selection, view: View) -> str:
    """``Showing 18 of 31 — hiding: Low confidence, Places and addresses``."""
    total = sel.total - (0 if view.show_hidden else sel.hidden_shared)
    text = f"Showing {len(sel.shown)} of {total}"
    hiding = active_filters(view)
    text += (" — hiding: " + ", ".join(hiding)) if hiding else " — no filters"
    collapsed = sum(len(v) for v in sel.groups.values())
    if collapsed:
        text += f". {collapsed} more in the grey octagons: click one to show them"
    if sel.hidden_shared and not view.show_hidden:
        text += f". {sel.hidden_shared} hidden from shared views by a practitioner"
    return text + "."


def _day(value: Any) -> str:
    d = _as_date(value)
    return d.strftime("%d %b %Y") if d else ""


def fgc_reason_in_notes(member: dict[str, Any]) -> str:
    """Why a person named in the notes is suggested for a family group conference."""
    roles = known_roles(member)
    n = int(member.get("evidence_count") or 0)
    how = f"named in the notes as {' / '.join(roles[:2])}" if roles else "named in the notes (role not known)"
    extra = []
    if n:
        extra.append(f"{n} {'mention' if n == 1 else 'mentions'}")
    if _day(member.get("last_seen")):
        extra.append(f"last {_day(member.get('last_seen'))}")
    return (how[0].upper() + how[1:] + (f" ({', '.join(extra)})" if extra else "")
            + "; not in the recorded relationships.")


def fgc_reason_relative(row: dict[str, Any]) -> str:
    """Why a relative of a sibling is suggested: recorded for the sibling, linked through shared adults."""
    rel = row.get("relationship_to_sibling") or "a recorded adult"
    sib = row.get("sibling_name") or row.get("sibling_id") or "a sibling"
    through = [x for x in row.get("through") or [] if x]
    text = f"Recorded as {rel} of {sib}, a brother or sister"
    if through:
        text += f" through {', '.join(through)}"
    return text + ("" if row.get("current", True) else " (relationship ended)") + "."


# --------------------------------------------------------------------------- labels

_NARROW = set("iljtfrI.,;:!|'`()[]{}/\\- ")
_WIDE = set("mwMW@%")
_SEMIWIDE = set("<>=+~^#&*_")


def text_width(text: str, font_px: float, bold: bool = False) -> float:
    """An upper estimate of a line's width in px (DejaVu Sans widths, the widest common default)."""
    w = 0.0
    for ch in text:
        if ch in _WIDE:
            w += 1.0
        elif ch in _SEMIWIDE:
            w += 0.86
        elif ch in _NARROW:
            w += 0.37
        elif ch.isupper():
            w += 0.76
        elif ch.isdigit():
            w += 0.65
        else:
            w += 0.63
    return w * font_px * (1.1 if bold else 1.0) * 1.04


def wrap_text(text: str, font_px: float, max_px: float) -> list[str]:
    """Greedy word wrap to ``max_px``; a single word longer than that keeps its own line (whole: a
    name is never cut). Existing line breaks are kept."""
    out: list[str] = []
    for para in str(text or "").split("\n"):
        line = ""
        for word in para.split():
            cand = f"{line} {word}" if line else word
            if line and text_width(cand, font_px) > max_px:
                out.append(line)
                line = word
            else:
                line = cand
        out.append(line)
    return [x for x in out if x] or [""]


def label_font(member: dict[str, Any], large_text: bool = False) -> float:
    """Smaller type for lower ranks (rank > 12), larger in conversation mode / family print."""
    if large_text:
        return FONT_PX["large"]
    rank = member.get("rank")
    return FONT_PX["top"] if isinstance(rank, int) and 0 < rank <= 12 else FONT_PX["rest"]


def member_label(member: dict[str, Any], font_px: float) -> str:
    """Name, then role, each wrapped to the label width (text-wrap honours the line breaks)."""
    max_px = LABEL_MAX_PX * font_px / FONT_PX["top"]
    lines = wrap_text(str(member.get("name") or ""), font_px, max_px)
    # no role line for "Role not known" (its shape says so; the key names it): fewer, shorter labels
    role = short_role(member) if display_group(member) != UNKNOWN_ROLE else ""
    if role:
        lines += wrap_text(role, font_px, max_px)
    return "\n".join(lines)


@dataclass(frozen=True)
class _Dims:
    size: float  # node width = height
    w: float  # label width
    h: float  # label height


def _dims(label: str, font_px: float, size: float, bold: bool = False) -> _Dims:
    lines = label.split("\n") if label else []
    w = max([text_width(x, font_px, bold) for x in lines] + [0.0])
    return _Dims(size=float(size), w=w, h=len(lines) * font_px * LINE_HEIGHT)


# label sides: below (the default), above, left, right of the node
SIDES = ("b", "t", "r", "l")
_BORDER = 3.0  # node borders push the label out a little


def _boxes(d: _Dims, x: float, y: float, side: str) -> list[tuple[float, float, float, float]]:
    """The node's box and its label's box. The label box spans from the node's edge to the text
    margin plus the text (Cytoscape's own label bounding box starts about 1 px off the edge and
    the text is drawn up to ``text-margin`` + border further out: the box covers both)."""
    s = d.size / 2
    node = (x - s, y - s, x + s, y + s)
    if d.w <= 0 or d.h <= 0:
        return [node]
    p = LABEL_PAD
    depth = LABEL_MARGIN_Y + _BORDER + d.h + 2 * p + 2.0  # outwards from the node's edge
    if side == "b":
        lab = (x - d.w / 2 - p, y + s - 1, x + d.w / 2 + p, y + s + depth)
    elif side == "t":
        lab = (x - d.w / 2 - p, y - s - depth, x + d.w / 2 + p, y - s + 1)
    elif side == "r":
        lab = (x + s - 1, y - d.h / 2 - p - 1, x + s + depth + d.w - d.h, y + d.h / 2 + p + 1)
    else:
        lab = (x - s - depth - d.w + d.h, y - d.h / 2 - p - 1, x - s + 1, y + d.h / 2 + p + 1)
    return [node, lab]


def boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
                  gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _clear(boxes: list, placed: list) -> bool:
    return not any(boxes_overlap(a, b, BOX_GAP) for a in boxes for b in placed)


def _side_order(x: float, y: float) -> tuple[str, ...]:
    """Outward first: below for the lower half, above for the upper half, then sideways outward."""
    vert = ("b", "t") if y >= -1e-6 else ("t", "b")
    horiz = ("r", "l") if x >= 0 else ("l", "r")
    return (vert[0], horiz[0], vert[1], horiz[1])


def _place(d: _Dims, x: float, y: float, placed: list) -> tuple[str, list] | None:
    for side in _side_order(x, y):
        bx = _boxes(d, x, y, side)
        if _clear(bx, placed):
            return side, bx
    return None


@dataclass
class Layout:
    positions: dict[str, dict[str, float]] = field(default_factory=dict)
    sides: dict[str, str] = field(default_factory=dict)
    boxes: list = field(default_factory=list)  # every node and label box placed so far (model px)


def _ring_capacity(radius: float) -> int:
    return max(6, int(2 * math.pi * radius * (1 + ASPECT) / 2 / MIN_ARC))


def _polar(radius: float, angle: float) -> dict[str, float]:
    """A point on the ring (an ellipse ASPECT times wider than tall) of ``radius`` at ``angle``."""
    return {"x": round(ASPECT * radius * math.cos(angle), 2), "y": round(radius * math.sin(angle), 2)}


def ring_radius(p: dict[str, float]) -> float:
    """Which ring a position is on (the inverse of :func:`_polar`'s radius)."""
    return math.hypot(p["x"] / ASPECT, p["y"])


def _centre(child_label: str = "", large_text: bool = False) -> Layout:
    lay = Layout()
    font = FONT_PX["large"] if large_text else FONT_PX["child"]
    lay.boxes = _boxes(_dims(child_label, font, 70, bold=True), 0.0, 0.0, "b")
    return lay


def _ring_order(m: dict[str, Any]) -> tuple:
    return (DISPLAY_GROUPS.index(display_group(m)), str(m.get("agency") or ""), *_sort_key(m))


def layout_by_rank(shown: list[dict[str, Any]], dims: dict[str, _Dims] | None = None,
                   base: Layout | None = None) -> Layout:
    """Rings by rank: ring 1 holds the highest ranked members; within a ring members are ordered
    by group (so groups sit together), agency, rank and key; angles start at 12 o'clock.

    With label sizes (``dims``) each ring takes as many members as fit with no label or node
    touching another (each label below, above or beside its node, outward first); a ring that
    cannot take even half its share moves outwards."""
    lay = base or _centre()
    ordered = sorted(shown, key=_sort_key)
    if dims is None or len(ordered) > LABELLED_LAYOUT_MAX:
        ring, i = 0, 0
        while i < len(ordered):
            radius = CENTRE_RADIUS + RING_GAP * ring
            chunk = sorted(ordered[i:i + _ring_capacity(radius)], key=_ring_order)
            offset = 0.5 * (ring % 2)
            for j, m in enumerate(chunk):
                lay.positions[m["key"]] = _polar(radius, -math.pi / 2 + 2 * math.pi * (j + offset) / len(chunk))
                lay.sides[m["key"]] = "b"
            i += len(chunk)
            ring += 1
        return lay
    radius, ring, i = CENTRE_RADIUS, 0, 0
    while i < len(ordered):
        rest = len(ordered) - i
        found, tries = None, 0
        while found is None:
            cap = min(rest, _ring_capacity(radius))
            # a few steps outwards to fit the whole share before settling for half of it
            lo = cap if tries < 4 and cap == rest else min(rest, max(1, cap // 2))
            tries += 1
            for n in range(cap, lo - 1, -1):
                chunk = sorted(ordered[i:i + n], key=_ring_order)
                offset = 0.5 * (ring % 2)
                trial: list = []
                picks = []
                for j, m in enumerate(chunk):
                    p = _polar(radius, -math.pi / 2 + 2 * math.pi * (j + offset) / len(chunk))
                    got = _place(dims[m["key"]], p["x"], p["y"], lay.boxes + trial)
                    if got is None:
                        break
                    picks.append((m["key"], p, got[0]))
                    trial += got[1]
                else:
                    found = (picks, trial)
                    break
            if found is None:
                radius += 14.0
        picks, trial = found
        for key, p, side in picks:
            lay.positions[key] = p
            lay.sides[key] = side
        lay.boxes += trial
        i += len(picks)
        ring += 1
        radius += 60.0
    return lay


def _settle(items: list[tuple[str, dict[str, float]]], dims: dict[str, _Dims], lay: Layout) -> Layout:
    """Place each (key, wanted position) in turn, moving it outwards along its angle until neither
    it nor its label touches anything already placed."""
    for key, p in items:
        x, y = p["x"], p["y"]
        r = math.hypot(x / ASPECT, y)
        ang = math.atan2(y, x / ASPECT) if r > 0 else math.pi / 2
        for _ in range(400):
            pos = _polar(r, ang)
            got = _place(dims[key], pos["x"], pos["y"], lay.boxes)
            if got is not None:
                lay.positions[key], lay.sides[key] = pos, got[0]
                lay.boxes += got[1]
                break
            r += 12.0
        else:
            lay.positions[key], lay.sides[key] = _polar(r, ang), "b"
    return lay


def layout_by_category(shown: list[dict[str, Any]], dims: dict[str, _Dims] | None = None,
                       base: Layout | None = None) -> Layout:
    """Sectors by group (in the fixed group order, sized by their member counts); within a
    sector the highest ranked are nearest the child, filling arcs outwards. With label sizes,
    a member whose label would touch another's moves outwards along its angle."""
    wanted: dict[str, dict[str, float]] = {}
    by_cat: "OrderedDict[str, list[dict[str, Any]]]" = OrderedDict()
    for c in DISPLAY_GROUPS:
        ms = sorted([m for m in shown if display_group(m) == c],
                    key=lambda m: (str(m.get("agency") or "") if c == "professional" else "", *_sort_key(m)))
        if ms:
            by_cat[c] = ms
    lay = base or _centre()
    if not by_cat:
        return lay
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
                wanted[m["key"]] = _polar(radius, angle)
            i += cap
            ring += 1
        start += width
    if dims is None or len(shown) > LABELLED_LAYOUT_MAX:
        lay.positions.update(wanted)
        lay.sides.update({k: "b" for k in wanted})
        return lay
    order = sorted(shown, key=_sort_key)
    return _settle([(m["key"], wanted[m["key"]]) for m in order], dims, lay)


def _group_positions(groups: "OrderedDict[str, list]", outer_radius: float) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    n = len(groups)
    for c in groups:
        angle = -math.pi / 2 + 2 * math.pi * (CATEGORIES.index(c) + 0.5) / len(CATEGORIES)
        if n == 1:
            angle = math.pi / 2
        out[c] = _polar(outer_radius, angle)
    return out


def group_node_label(category: str, members: list[dict[str, Any]]) -> str:
    """``+52 more, role not known`` / ``+3 more community`` for a collapsed group."""
    kinds = {display_group(m) for m in members}
    if category == "community" and kinds == {UNKNOWN_ROLE}:
        what = "more, role not known"
    elif category == "community" and UNKNOWN_ROLE in kinds:
        what = "more community or role not known"
    else:
        what = f"more {CATEGORY_STYLE[category]['label'].lower()}"
    return "\n".join(wrap_text(f"+{len(members)} {what}", FONT_PX["rest"], LABEL_MAX_PX)) + "\n(click to show)"


# --------------------------------------------------------------------------- elements

def build_elements(child: dict[str, Any], members: list[dict[str, Any]], view: View,
                   today: date | None = None) -> tuple[list[dict[str, Any]], Selection]:
    """Cytoscape elements (child, members, group nodes, edges) with preset positions; labels are
    wrapped and placed so that no two labels (nor a label and a node) overlap."""
    as_of = view.as_of or today or date.today()
    sel = select_members(members, view)
    large = not view.show_flags  # conversation mode and the family-facing page use larger type
    child_label = str(child.get("display_name") or child.get("child_id") or "")
    labels: dict[str, tuple[str, float]] = {}
    dims: dict[str, _Dims] = {}
    for m in sel.shown:
        font = label_font(m, large)
        labels[m["key"]] = (member_label(m, font), font)
        dims[m["key"]] = _dims(labels[m["key"]][0], font, node_size(m.get("rank")))
    base = _centre(child_label, large)
    lay = (layout_by_category if view.layout == "category" else layout_by_rank)(sel.shown, dims, base)
    positions = lay.positions
    child_id = f"child:{child.get('child_id')}"
    elements: list[dict[str, Any]] = [{
        "data": {"id": child_id, "label": child_label,
                 "kind": "child", "colour": CHILD_STYLE["colour"], "shape": CHILD_STYLE["shape"],
                 "size": 70, "category": "child", "font_size": FONT_PX["large"] if large else FONT_PX["child"]},
        "position": {"x": 0.0, "y": 0.0}, "classes": "child", "selectable": False,
    }]
    for m in sel.shown:
        cat = category_of(m)
        group = display_group(m)
        style = DISPLAY_STYLE[group]
        f = flags(m) if view.show_flags else set()
        lk = line_kind(m) if view.show_flags else ("strong" if m.get("current") or int(m.get("evidence_count") or 0) >= 3 else "tenuous")
        label, font = labels[m["key"]]
        classes = [cat] + ([group] if group != cat else []) + [f"conf-{confidence_bucket(m.get('confidence'))}"] \
            + [f"flag-{x}" for x in sorted(f)] + [f"lbl-{lay.sides.get(m['key'], 'b')}"] \
            + (["checked"] if m.get("checked") else [])
        elements.append({
            "data": {"id": m["key"], "label": label, "kind": m.get("kind") or "person", "category": cat,
                     "group_label": style["label"], "colour": style["colour"], "shape": style["shape"],
                     "size": node_size(m.get("rank")), "rank": m.get("rank"), "font_size": font,
                     **({"checked_by": str(m["checked"].get("by") or "?")} if m.get("checked") else {})},
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
        outer = max([ring_radius(p) for p in positions.values()] + [CENTRE_RADIUS]) + RING_GAP / 2
        gpos = _group_positions(sel.groups, outer)
        glabels = {c: group_node_label(c, ms) for c, ms in sel.groups.items()}
        gdims = {f"group:{c}": _dims(glabels[c], FONT_PX["rest"], 46) for c in sel.groups}
        if len(sel.shown) <= LABELLED_LAYOUT_MAX:
            _settle([(f"group:{c}", gpos[c]) for c in sel.groups], gdims, lay)
        for c, ms in sel.groups.items():
            gid = f"group:{c}"
            elements.append({
                "data": {"id": gid, "label": glabels[c],
                         "kind": "group", "category": c, "group": c, "count": len(ms),
                         "colour": GROUP_STYLE["colour"], "shape": GROUP_STYLE["shape"],
                         "border_colour": CATEGORY_STYLE[c]["colour"], "size": 46, "font_size": FONT_PX["rest"]},
                "position": lay.positions.get(gid, gpos[c]), "classes": f"group {c} lbl-{lay.sides.get(gid, 'b')}",
            })
            elements.append({
                "data": {"id": f"edge:{gid}", "source": child_id, "target": gid, "line_style": "dashed",
                         "line_colour": "#BBBBBB", "width": 1.0, "opacity": 0.5, "kind": "group"},
                "classes": "edge group",
            })
    return elements, sel


def tie_elements(lines: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Cytoscape edges for the family lines between members (``family_lines.family_lines``)."""
    return [{"data": {"id": f"tie:{t['source']}|{t['target']}", "source": t["source"], "target": t["target"],
                      "kind": "tie", "tie": t["kind"], "line_style": "dashed", "line_colour": TIE_STYLE["colour"],
                      "width": TIE_STYLE["width"], "opacity": 1.0},
             "classes": f"tie tie-{t['kind']}"} for t in lines]


def stylesheet(large_text: bool = False) -> list[dict[str, Any]]:
    """The Cytoscape stylesheet: everything category-specific is carried in element data. Labels
    arrive wrapped (``\\n``), so text-max-width only stops Cytoscape re-wrapping them; the label
    side (``lbl-b/t/l/r``) comes from the layout."""
    return [
        {"selector": "node", "style": {
            "label": "data(label)", "background-color": "data(colour)", "shape": "data(shape)",
            "width": "data(size)", "height": "data(size)", "text-wrap": "wrap", "text-max-width": "2000px",
            "font-size": "data(font_size)", "text-valign": "bottom", "text-halign": "center", "text-margin-y": LABEL_MARGIN_Y,
            "color": "#111111", "text-background-color": "#FFFFFF", "text-background-opacity": 0.85,
            "text-background-padding": f"{LABEL_PAD:g}px", "line-height": LINE_HEIGHT,
            "border-width": 1.5, "border-color": "#333333",
        }},
        {"selector": "node.lbl-t", "style": {"text-valign": "top", "text-margin-y": -LABEL_MARGIN_Y}},
        {"selector": "node.lbl-r", "style": {"text-valign": "center", "text-halign": "right", "text-margin-y": 0,
                                             "text-margin-x": LABEL_MARGIN_Y}},
        {"selector": "node.lbl-l", "style": {"text-valign": "center", "text-halign": "left", "text-margin-y": 0,
                                             "text-margin-x": -LABEL_MARGIN_Y}},
        {"selector": "node.child", "style": {"font-weight": "bold", "text-valign": "bottom",
                                             "border-width": 3, "border-color": "#000000"}},
        {"selector": "node.group", "style": {"border-color": "data(border_colour)", "border-width": 4,
                                             "border-style": "double", "font-style": "italic"}},
        # checked by a practitioner (the evidence panel says who and when): a heavier outline
        {"selector": "node[checked_by]", "style": {"border-width": 3, "border-color": "#000000"}},
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
        {"selector": "edge.tie", "style": {"line-dash-pattern": TIE_STYLE["dash"], "curve-style": "unbundled-bezier",
                                           "control-point-distances": [28], "control-point-weights": [0.5]}},
    ]


def legend_entries(members: list[dict[str, Any]] | None = None, *, show_flags: bool = True,
                   family_lines: bool = False) -> list[dict[str, Any]]:
    """What the legend shows: the child, each group (with how many members it has; "Role not
    known" for community members with no known role), line styles (the family lines when they are
    turned on) and practitioner flags. Professionals list their agencies."""
    counts: dict[str, int] = {}
    agencies: dict[str, int] = {}
    for m in members or []:
        g = display_group(m)
        counts[g] = counts.get(g, 0) + 1
        if category_of(m) == "professional" and m.get("agency"):
            agencies[str(m["agency"])] = agencies.get(str(m["agency"]), 0) + 1
    out: list[dict[str, Any]] = [{"type": "node", "key": "child", **CHILD_STYLE}]
    for c in DISPLAY_GROUPS:
        entry = {"type": "node", "key": c, **DISPLAY_STYLE[c], "count": counts.get(c, 0)}
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
    if family_lines:
        out.append({"type": "tie", "key": "tie", **TIE_STYLE})
    out.append({"type": "note", "key": "fade", "label": "Fainter lines: longer since last contact"})
    out.append({"type": "note", "key": "size", "label": "Bigger shapes: higher rank"})
    out.append({"type": "note", "key": "confidence", "label": "Paler fill: lower confidence"})
    return out


def shape_svg_points(shape: str, size: float = 16.0, inset: float = 1.5) -> str | None:
    """The SVG ``points`` of a Cytoscape polygon shape drawn in a ``size`` px square (None: an ellipse)."""
    pts = SHAPE_POINTS.get(shape)
    if pts is None:
        return None
    half = size / 2 - inset
    return " ".join(f"{size / 2 + half * pts[i]:.2f},{size / 2 + half * pts[i + 1]:.2f}" for i in range(0, len(pts), 2))


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

        components = {**components, "rank": components.get("rank", member.get("rank"))}
        if (member.get("checked") or {}).get("kind") == "role":
            # a practitioner's "right role / group" overrides what the ranking inferred, in words too
            components.update(roles=member.get("roles") or components.get("roles"),
                              category=member.get("category") or components.get("category"))
        text = explain_rank(components)
        return text.replace("(community)", "(role not known)") if display_group(member) == UNKNOWN_ROLE else text
    except Exception:  # noqa: BLE001 - explanation is best effort; fall back to the raw components
        parts = [f"{k.replace('_', ' ')}: {v}" for k, v in sorted(components.items())
                 if k in ("role_weight", "recency", "evidence", "confidence", "weight", "age_days", "evidence_count")]
        return "Rank components — " + "; ".join(parts)
