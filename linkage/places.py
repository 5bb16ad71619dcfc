"""Step d, places: ADDRESS, PLACE and ORG mentions -> shared nodes by normalised key.

ADDRESS mentions (with an adjacent POSTCODE mention when there is one) -> ``Address`` by
normalised key (postcode | number + street; a postcode-less address joins the one known
address of that street key when exactly one exists); PLACE -> ``Place`` and ORG ->
``Organisation`` keyed on the folded name (leading "the" dropped; a school's "School" after its
kind too). Two children linked to the
same place are connected through the shared node.
"""

from __future__ import annotations

from collections import defaultdict

from kinscope.vocabulary import POSTCODE_RE
from linkage.normalise import fold, normalise_address, normalise_postcode
from linkage.resolve_mentions import Decision

_PLACE_KINDS = (("retail park", "retail park"), ("park", "park"), ("station", "station"),
                ("takeaway", "takeaway"), ("kebab", "takeaway"), ("chicken", "takeaway"),
                ("pizza", "takeaway"), ("shop", "shop"), ("court", "block of flats"),
                ("house", "block of flats"), ("estate", "estate"), ("centre", "centre"),
                ("school", "school"), ("hotel", "hotel"), ("car park", "car park"))
_ORG_KINDS = (("police", "police"), ("school", "school"), ("primary", "school"), ("academy", "school"),
              ("college", "school"), ("nursery", "school"), ("surgery", "gp"), ("medical", "gp"),
              ("health", "health"), ("nhs", "health"), ("hospital", "health"), ("camhs", "health"),
              ("housing", "housing"), ("council", "council"))


def place_key(text: str) -> str:
    s = fold(text)
    for art in ("the ", "a "):
        if s.startswith(art):
            s = s[len(art):]
    return s


_SCHOOL_WORDS = {"primary", "junior", "infant", "infants", "high", "secondary", "grammar", "nursery", "community"}


def organisation_key(text: str) -> str:
    """An organisation's key: its folded name, and a school's without the word "school" after
    its kind ("Maidensbridge Primary School" on the letterhead, "Maidensbridge Primary" in the
    notes: one school)."""
    s = place_key(text)
    words = s.split()
    if len(words) >= 3 and words[-1] == "school" and words[-2] in _SCHOOL_WORDS:
        s = " ".join(words[:-1])
    return s


def _kind(text: str, table) -> str | None:
    s = fold(text)
    for word, kind in table:
        if word in s:
            return kind
    return None


def resolve_places(mentions: list[dict], known_streets: dict[str, set[str]]) -> list[Decision]:
    """ADDRESS / PLACE / ORG mentions -> shared nodes by normalised key."""
    out = []
    postcodes_by_record: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        if m["label"] == "POSTCODE":
            postcodes_by_record[f"{m['record_type']}:{m['record_id']}"].append(m)
    for m in mentions:
        conf = float(m["confidence"] or 0.5)
        if m["label"] == "ADDRESS":
            text = m["text"]
            pc_match = POSTCODE_RE.search(text)
            pc = normalise_postcode(pc_match.group()) if pc_match else None
            if not pc:
                for p in postcodes_by_record.get(f"{m['record_type']}:{m['record_id']}", []):
                    if 0 <= p["start"] - m["end"] <= 3:
                        pc = normalise_postcode(p["text"])
                        break
            line = POSTCODE_RE.sub("", text) if pc_match else text
            street = normalise_address(line)
            if not street:
                continue
            if not pc:
                known = known_streets.get(street, set())
                if len(known) == 1:
                    pc = next(iter(known))
            key = f"{pc or ''}|{street}"
            out.append(Decision(m["mention_id"], "address", key, round(conf, 4), "address_key", name=line.strip(" ,"),
                                extra={"postcode": pc, "street_key": street}))
        elif m["label"] == "PLACE":
            key = place_key(m["text"])
            if key:
                out.append(Decision(m["mention_id"], "place", key, round(conf, 4), "place_key",
                                    name=m["text"], extra={"kind": _kind(m["text"], _PLACE_KINDS)}))
        elif m["label"] == "ORG":
            key = organisation_key(m["text"])
            if key:
                out.append(Decision(m["mention_id"], "organisation", key, round(conf, 4), "organisation_key",
                                    name=m["text"], extra={"kind": _kind(m["text"], _ORG_KINDS)}))
    return out


def street_keys_of(mentions: list[dict]) -> list[str]:
    """The street keys ADDRESS mentions may look up (with and without their postcode)."""
    keys = set()
    for m in mentions:
        if m["label"] == "ADDRESS":
            keys.update({normalise_address(m["text"]), normalise_address(POSTCODE_RE.sub("", m["text"]))})
    return sorted(k for k in keys if k)


def known_streets_of(addresses: list[dict]) -> dict[str, set[str]]:
    """street key -> the postcodes of known addresses on it."""
    out: dict[str, set[str]] = defaultdict(set)
    for a in addresses:
        if a["street_key"] and a["postcode"]:
            out[a["street_key"]].add(a["postcode"])
    return out
