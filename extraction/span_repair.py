"""Repairs of PERSON spans that terse notes written by other hands break (``kinscope_span_repair_v1``).

Runs after the rule components and before the linker, on the NER's entities and the rules'
PERSON spans (``doc.spans["kinscope_rules"]``):

- **two names in one span** -- "Carla + Dev", "Nell and Owen", "Bo & Tam", "Ivo/Ria" as one
  PERSON become one PERSON per name, when every side holds a name-like word;
- **a role word glued to a name** -- a role abbreviation or note shorthand after it ("Mr
  Pilbeam HOY", "Ada Crane SENCO") or a professional prefix before a full name or a place
  ("SW Ivo Brant", "DSL Fernhill Academy"): the role stays a ROLE mention next to the name (the
  linker gives the name its role), the place is no one; a number after a one-word name
  ("Ivo 17") goes;
- **a given name dropped** -- a capitalised given name that is also an English word ("Rose",
  "Sunny", "Jack") opening a sentence before a surname: the linker's not-a-name filter would
  keep only the surname; the full name the NER found is kept as a rule span;
- **shorthand roles** the role ruler lacks ("HOY", "SENCO", "OIC") become ROLE spans;
- **a role cue before a name** -- "supervision with Ada Crane" (her team manager), "Chair: Ada
  Crane", "chaired by Ada Crane", a minute's agency label ("Education: Ada Crane") -- gives the
  name that role.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extraction import lexicon, name_model

RULES_KEY = "kinscope_rules"  # the same key as extraction.components.RULES_KEY

#: note shorthand for roles (case-sensitive) -> the role
SHORTHAND_ROLES = {"HOY": "head of year", "SENCO": "SENCo", "SENCo": "SENCo", "Senco": "SENCo",
                   "OIC": "police officer", "DDSL": "designated safeguarding lead"}
_CONNECTORS = {"+", "&", "and", "/"}
_FIRM_TAILS = {"co", "co.", "partners", "sons", "associates", "llp", "ltd", "solicitors"}
_PRO_PREFIXES = set(lexicon.PRO_PREFIXES) - set(lexicon.TITLES)
_ROLE_TAILS = set(lexicon.ABBREVIATIONS) | set(SHORTHAND_ROLES)
# words before a name that say the person's role (the words, lower case, then the role)
_CUES = [
    (re.compile(r"\bsupervision\s+with\s+$", re.IGNORECASE), "team manager"),
    (re.compile(r"(?:^|\n|\.\s|;\s)\s*Chair(?:ed\s+by|\s*:|\s+)\s*$"), "conference chair"),
    (re.compile(r"\bchaired\s+by\s+$", re.IGNORECASE), "conference chair"),
    (re.compile(r"(?:^|\n|\.\s|;\s)\s*(?:Education)\s*:\s*$"), "education worker"),
    (re.compile(r"(?:^|\n|\.\s|;\s)\s*(?:Health)\s*:\s*$"), "health worker"),
    (re.compile(r"(?:^|\n|\.\s|;\s)\s*(?:Social\s+care|Children's\s+social\s+care|CSC)\s*:\s*$"), "social worker"),
    (re.compile(r"(?:^|\n|\.\s|;\s)\s*(?:Police)\s*:\s*$"), "police officer"),
]


def _name_like(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and name_model.word_kind(tok.text, ambiguous_ok=True) == "name"


def _rule_span(doc: Doc, start: int, end: int, label: str, rule: str, role: str = "") -> Span:
    sp = Span(doc, start, end, label=label)
    sp.id_ = f"{rule}|{role}"
    return sp


def split_coordinated(span: Span) -> list[tuple[int, int]] | None:
    """Token ranges of the names joined in `span` ("Carla + Dev" -> "Carla", "Dev"), or None
    when it is one name (no connector, a side with no name-like word, a firm: "Hale & Co")."""
    cut = [t.i for t in span if t.text in _CONNECTORS]
    if not cut:
        return None
    parts, s = [], span.start
    for i in cut + [span.end]:
        parts.append((s, i))
        s = i + 1
    doc = span.doc
    if any(e <= s_ for s_, e in parts):
        return None
    if any(t.lower_ in _FIRM_TAILS for t in doc[parts[-1][0]:parts[-1][1]]):
        return None
    if not all(any(_name_like(t) for t in doc[s_:e]) for s_, e in parts):
        return None
    return parts


def peel_roles(span: Span) -> tuple[int, int] | None:
    """The token range of the name in `span` without role words glued to it ("Mr Pilbeam HOY"
    -> "Mr Pilbeam", "SW Ivo Brant" -> "Ivo Brant", "Ivo 17" -> "Ivo"); (start, start) when
    nothing of a name is left ("DSL Fernhill Academy"); None when nothing is glued."""
    doc, s, e = span.doc, span.start, span.end
    while e - s > 1 and (doc[e - 1].text in _ROLE_TAILS
                         or (doc[e - 1].like_num and e - s == 2 and _name_like(doc[s]))):
        e -= 1
    if doc[s].text in _PRO_PREFIXES and e - s > 1:
        rest = doc[s + 1:e]
        if name_model.unlikely_name(rest.text, ambiguous_ok=True) is not None or any(
                sp.label_ in ("PLACE", "SETTING", "ORG") and sp.start <= s + 1 and sp.end >= e
                for sp in doc.spans.get(RULES_KEY, [])):
            return (s, s)  # "DSL Fernhill Academy": a role and a place
        if len(rest) >= 2:
            s += 1  # "SW Ivo Brant": the role, then the full name ("HV Sarah" stays a name form)
    return None if (s, e) == (span.start, span.end) else (s, e)


def keeps_given_name(span: Span) -> bool:
    """A full name whose first word is a given name that is also an English word, where the
    linker would keep only the surname ("Rose Pilbeam" at a sentence's start)."""
    doc = span.doc
    if len(span) < 2 or not span[0].is_title or not span[0].is_alpha:
        return False
    low = span[0].lower_
    if (low not in name_model.given_names() or low in lexicon.NOTE_VERBS or low in lexicon.NOT_NAMES
            or low in lexicon.ROLE_PHRASES or span[0].is_stop):
        return False
    if name_model.word_kind(span[0].text) == "name":
        return False  # the linker keeps it anyway
    rest = span[1:]
    if not all(t.is_alpha and t.text[:1].isupper() for t in rest):
        return False
    if span.end < len(doc) and doc[span.end].text == "&":
        return False  # "Rose & Pilbeam Solicitors"
    return name_model.word_kind(rest[-1].text) == "name"


# a professional abbreviation after the name and a comma, before a place or the end: "Ada
# Crane, DSL Fernhill Academy", "Ada Crane, SW."
_ROLE_AFTER = re.compile(r"\s*,\s*([A-Z]{2,5})\b(?=[ \t]+[A-Z]|\s*[.;)]|\s*$)")
# a minute's attendee line, "Ada Crane - Social Worker": the role after the name on its own line
# (the role of the line above must not reach the name across the line break)
_LINE_ROLE_AFTER = re.compile(r"[ \t]+[-\u2013][ \t]+([A-Za-z'\u2019 ]{2,40}?)[ \t]*(?=\n|$)")
# a school year is no one: "Y8", "Yr 10"
_SCHOOL_YEAR = re.compile(r"(?:Y|Yr|Year)\s?\d{1,2}")


# "hv." opening a note, "HV to 17 Hale Road": the author's home visit, not a health visitor

def _home_visit(doc: Doc, sp: Span) -> bool:
    if sp.text not in ("hv", "HV", "Hv"):
        return False
    at_start = sp.start == 0 or "\n" in doc[sp.start - 1].text_with_ws
    after = doc.text[sp.end_char:sp.end_char + 6]
    return bool(re.match(r"\s+to\s+\d", after) or (at_start and re.match(r"\s*[.:]", after)))


def _after_line_break(sp: Span) -> Span:
    """The part of a rule's place or organisation span after its last line break."""
    breaks = [t.i for t in sp[:-1] if "\n" in t.text_with_ws and (t.is_space or "\n" in t.whitespace_)]
    if not breaks:
        return sp
    out = _rule_span(sp.doc, breaks[-1] + 1, sp.end, sp.label_, *sp.id_.partition("|")[::2])
    return out


def _cue_role(doc: Doc, span: Span) -> str | None:
    before = doc.text[max(0, span.start_char - 40):span.start_char]
    for rx, role in _CUES:
        if rx.search(before):
            return role
    m = _ROLE_AFTER.match(doc.text, span.end_char)
    if m and m.group(1) in lexicon.PRO_PREFIXES and lexicon.PRO_PREFIXES[m.group(1)]:
        return lexicon.PRO_PREFIXES[m.group(1)]
    m = _LINE_ROLE_AFTER.match(doc.text, span.end_char)
    if m:
        return lexicon.role_of_text(m.group(1).strip())
    return None


class SpanRepair:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        rules = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
        added: list[Span] = []
        for t in doc:
            if t.text in SHORTHAND_ROLES and not (t.i + 1 < len(doc) and doc[t.i + 1].text in ("-", "/")):
                added.append(_rule_span(doc, t.i, t.i + 1, "ROLE", "role_shorthand", SHORTHAND_ROLES[t.text]))
        ents = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                ents.append(ent)
                continue
            if _SCHOOL_YEAR.fullmatch(ent.text):
                continue
            parts = split_coordinated(ent)
            pieces = [Span(doc, s, e, label="PERSON") for s, e in parts] if parts else [ent]
            for piece in pieces:
                peeled = peel_roles(piece)
                if peeled is not None:
                    if peeled[0] == peeled[1]:
                        continue
                    piece = Span(doc, peeled[0], peeled[1], label="PERSON")
                ents.append(piece)
                if keeps_given_name(piece):
                    added.append(_rule_span(doc, piece.start, piece.end, "PERSON", "kept_given_name"))
        doc.ents = [e for e in ents if not (e.label_ == "ROLE" and _home_visit(doc, e))]
        kept = []
        bounds = [(e.start, e.end) for e in ents if e.label_ == "PERSON"]
        for sp in rules:
            if sp.label_ != "PERSON":
                if sp.label_ in ("ORG", "PLACE", "SETTING"):
                    sp = _after_line_break(sp)  # "Chair: Ada Crane\nPolice: ..." is no "Ada Crane Police"
                if not (sp.label_ == "ROLE" and _home_visit(doc, sp)):
                    kept.append(sp)
                continue
            rule, _, role = sp.id_.partition("|")
            if _SCHOOL_YEAR.fullmatch(sp.text):
                continue
            if split_coordinated(sp):
                continue  # its names come from the entities and the gazetteer
            if rule == "prefix_name" and any(s < sp.end < e and s > sp.start for s, e in bounds):
                continue  # "SW Ivo" of "SW Ivo Brant": the NER's full name follows the role
            peeled = peel_roles(sp)
            if peeled is not None:
                if peeled[0] == peeled[1] or rule == "prefix_name":
                    continue  # the prefix's role is its own ROLE span
                sp = _rule_span(doc, peeled[0], peeled[1], "PERSON", rule, role)
            kept.append(sp)
        longest: dict[int, Span] = {}
        for sp in ents + kept + added:
            rule, _, role = (sp.id_ or "").partition("|")
            if sp.label_ == "PERSON" and rule not in ("guessed_name",) and (
                    sp.start not in longest or len(sp) > len(longest[sp.start])):
                longest[sp.start] = sp
        places = [sp for sp in kept if sp.label_ in ("PLACE", "SETTING", "ORG", "ADDRESS")]
        for sp in longest.values():
            initials = sp.text.isupper() and sp.text.isalpha() and len(sp.text) <= 3 \
                and sp.text not in lexicon.ABBREVIATIONS and sp.text not in SHORTHAND_ROLES  # "HC"
            if (name_model.unlikely_name(sp.text, ambiguous_ok=True) and not initials) or any(
                    p.start <= sp.start < p.end for p in places):
                continue  # "Education: Dudley College": a place, not a person
            if not (sp.id_ or "").partition("|")[2]:
                role = _cue_role(doc, sp)
                if role:
                    added.append(_rule_span(doc, sp.start, sp.end, "PERSON", "role_cue", role))
        doc.spans[RULES_KEY] = kept + added
        return doc


@Language.factory("kinscope_span_repair_v1")
def make_span_repair(nlp: Language, name: str) -> SpanRepair:
    return SpanRepair(nlp, name)
