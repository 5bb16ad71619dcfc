"""Regular expressions and SpanRuler patterns for the rule components.

Structured things (postcodes, phone numbers, emails, dates, street addresses, organisations,
places) are matched with regular expressions over the raw text, because their shapes cross
spaCy token boundaries ("EF3 4QT", "+44 7700 900123"); role words, abbreviations, titles and
name prefixes are SpanRuler patterns over tokens (see :func:`role_patterns`,
:func:`abbreviation_patterns`).

Each pattern carries an ``id`` of the form ``"<rule>|<canonical role>"``; the linker reads
the rule name to give the mention its fixed per-rule confidence (:data:`RULE_CONFIDENCE`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.util import registry

from extraction import lexicon
from kinscope.vocabulary import POSTCODE_RE

# ---- fixed confidence per rule (documented in extraction/README.md) ---------------------
RULE_CONFIDENCE: dict[str, float] = {
    "email": 0.98, "phone": 0.95, "postcode": 0.95, "date": 0.9, "address": 0.85,
    "org": 0.8,
    "title_name": 0.9,        # "Mrs Okafor", "DC Ward"
    "prefix_name": 0.9,       # "Nana Pat", "HV Sarah"
    "role_phrase": 0.9,       # "maternal grandmother", "mum's partner" (two or more words)
    "role_word": 0.85,        # "mum", "dad", "nan"
    "role_generic": 0.5,      # "friend", "carer", "teacher", "partner": often not one person
    "role_abbr": 0.85,        # "MGM", "HV", "M.G.M."
    "role_abbr_lower": 0.75,  # "mgm", "hv"
    "role_pa": 0.75,          # "PA": advisor or paternal aunt (confidence from resolve_pa)
    "gazetteer_name": 0.55,   # a capitalised known first name (nicknames dataset)
    "gazetteer_full": 0.7,    # ... followed by a capitalised surname
    "possessor": 0.7,         # "Tia" in "Tia's older brother"
    "quoted_name": 0.7,       # "Zee" in "Reece's mate 'Zee'" (a quoted name after a role word)
    "propagated": 0.7,        # another occurrence of a one-word name found in the same text
    # extraction.phrases (kinscope_phrases)
    "labelled": 0.85,         # "Child M", "Adult B", "Male 2"
    "labelled_group": 0.85,   # "Males A and B"
    "det_role": 0.7,          # "her daughter", "the man", "the father of her first baby"
    "whole_job": 0.8,         # one ROLE for a whole job phrase: "the Independent Chair of the Westshire
                              # Safeguarding Children Board", "Ann Bell, Independent Reviewer and Overview Report Author"
    "pro_plural": 0.75,       # "the paramedics", "officers"
    "group": 0.7,             # "the children", "her school friends"
    "place": 0.75,            # SETTING "the flat", "her school", "in custody"
    "place_named": 0.75,      # "the Moorside estate", "Kelderby bus station", "St Bede's"
    "place_town": 0.7,        # "in Stanley" (no known first name)
    "place_town_weak": 0.55,  # "in Shirley" (a first name too)
    "initials": 0.5,          # "T.R.", "M.K."
    "initial_surname": 0.65,  # "M Pugh", "T.R. Bowen" (extraction.components.initial_and_surname)
    "guessed_name": 0.45,     # rules-only: a capitalised word used like a name
}

GENERIC_ROLE_WORDS = {
    "partner", "friend", "mate", "best friend", "best mate", "carer", "carers", "teacher", "tutor",
    "officer", "the officer", "support worker", "associate", "sibling", "siblings", "sib", "sibs",
    "parent", "parents", "grandparents", "brother", "sister", "bro", "sis", "neighbour", "detective",
    "boyfriend", "girlfriend", "solicitor", "cousin", "family worker", "youth worker",
}
# role words that are too ambiguous to match at all on their own
DROP_ROLE_WORDS = {"head", "associate", "officer", "parents", "siblings", "sibs", "grandparents",
                   "carers", "foster carers", "birth parents", "connected person", "detective"}

# ---- regular expressions ----------------------------------------------------------------
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")
PHONE_RE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+44\s?(?:\(0\)\s?)?|0)7\d{3}[\s-]?\d{3}[\s-]?\d{3}"            # mobiles
    r"|(?:\+44\s?(?:\(0\)\s?)?|\(?0)[1-9]\d{1,3}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}"  # landlines
    r")(?!\d)"
)
# POSTCODE_RE: the base layer's (linkage reads it too)
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"                                 # 12/01/2024
    r"|\d{4}-\d{2}-\d{2}"                                                     # 2024-01-12
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"\.?,?(?:\s+\d{4})?"   # 12th Jan 2024
    r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"                  # January 12, 2024
    r"|" + _MONTHS + r"\s+\d{4}"                                              # January 2024
    r")(?![\w/-])"
)
_STREET = (r"(?:Road|Rd|Street|Lane|Ln|Close|Cl|Avenue|Ave|Drive|Way|Crescent|Cres|Grove|Gr|"
           r"Terrace|Terr|Gardens|Gdns|Walk|Wlk|Place|Pl|Mews|View|Vw|Square|Row|Hill|Rise|"
           r"Court|House|Tower|Heights|Point|Lodge|Mansions|Buildings|Estate|Parade|Green)")
_STREET_UP = _STREET.upper()
_CAPWORD = r"[A-Z\u00C0-\u00DE][\w'\u2019-]*"
_UPWORD = r"[A-Z\u00C0-\u00DE][A-Z\u00C0-\u00DE'\u2019-]*"
ADDRESS_RE = re.compile(
    r"(?<![\w/-])(?:"
    r"(?:Flat|Apartment|Apt|Unit|Room)\s+\d{1,4}[A-Za-z]?,?\s+(?:" + _CAPWORD + r"\s+){1,3}" + _STREET
    + r"\b(?:,\s*(?:\d{1,4}[A-Za-z]?\s+)?(?:" + _CAPWORD + r"\s+){1,3}" + _STREET + r"\b)?"
    r"|\d{1,4}[A-Za-z]?,?\s+(?:" + _CAPWORD + r"\s+){1,3}" + _STREET + r"\b(?!\s+(?:Primary|School|"
    r"Academy|Surgery|Medical|Health|Police|Station|Retail))"
    r"|\d{1,4}[A-Z]?,?\s+(?:" + _UPWORD + r"\s+){1,3}" + _STREET_UP + r"\b"
    r")"
)
# an address needs a number ("22 Eastfield Court") or a Flat prefix; a bare "Eastfield Court"
# is a place
_ORG_HEAD = (r"(?:Primary School|Primary|Infant School|Junior School|Nursery|Academy|High School|"
             r"Community College|Catholic College|Sixth Form College|College|School|"
             r"Surgery|Medical Centre|Health Centre|Medical Practice|Hospital|"
             r"Police|Constabulary|Council|NHS Trust|NHS Foundation Trust|Foundation Trust|"
             r"Children's Services|Children's Social Care|Social Care|Health Service|"
             r"Housing Association|Housing|Homes|Women's Aid|Recovery Service|Service|Services|"
             r"Trust|Partnership|Project|Centre|Charity|Foundation)")
_NOT_ORG_START = (r"(?!(?:The|A|An|This|That|Her|His|Their|Our|My|At|To|In|On|From|With|Visit|"
                  r"Visited|Saw|Seen|Spoke|Called|Call|Rang|Email|Emailed|Attended|Attend|"
                  r"Went|Go|Going|Left|Leaves|Back|Re|And|Or|But|Mum|Dad|Nan|Gran|SW|HV|FC|"
                  r"Also|Not|No|New|Local|Private)\b)")
ORG_RE = re.compile(
    r"(?<![\w-])(?:"
    r"St\.?\s+[A-Z][a-z]+(?:'s|\u2019s)?\s+(?:(?:C of E|CE|RC|Catholic|Church)\s+)?" + _ORG_HEAD +
    r"|" + _NOT_ORG_START + r"(?:" + _CAPWORD + r"\s+){1,4}(?:(?:C of E|CE|RC)\s+)?" + _ORG_HEAD +
    r"|CAMHS|NSPCC|Barnardo's|Barnardo\u2019s|Home-Start|Action for Children|Women's Aid|"
    r"Children's Society|The Children's Society|Youth Offending Team|Youth Justice Service|"
    r"Jobcentre(?: Plus)?|Job Centre|Citizens Advice|Probation Service|National Probation Service|"
    r"Early Help|MASH|NHS"
    r")(?![\w-])(?!\s+(?:worker|practitioner|nurse|officer|team worker)\b)"
)
PLACE_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?:" + _CAPWORD + r"\s+){1,3}(?:Retail Park|Shopping Centre|Leisure Centre|Park|Rec|"
    r"Station|station|bus station|train station|town centre|shops|Precinct|Arcade|Market)"
    r"|McDonald's|McDonald\u2019s|KFC|Greggs|Tesco|Asda|Aldi|Lidl|the skate park|skate park"
    r"|(?:the\s+)?(?:Chicken Hut|Golden Fry|Pizza Palace|Kebab King|Dixy|Peri Grill|Fish Bar)"
    r")(?![\w-])"
)

REGEX_RULES: tuple[tuple[str, str, re.Pattern], ...] = (
    ("EMAIL", "email", EMAIL_RE),
    ("PHONE", "phone", PHONE_RE),
    ("POSTCODE", "postcode", POSTCODE_RE),
    ("DATE", "date", DATE_RE),
    ("ADDRESS", "address", ADDRESS_RE),
    ("ORG", "org", ORG_RE),
    ("PLACE", "place", PLACE_RE),
)


def phone_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
        digits = digits.replace("00", "0", 1) if digits.startswith("00") else digits
    return 10 <= len(digits) <= 11


def address_ok(text: str) -> bool:
    return bool(re.match(r"(?:Flat|Apartment|Apt|Unit|Room)\b|\d", text))


# ---- SpanRuler patterns -----------------------------------------------------------------
_NAME_TOKEN = {"TEXT": {"REGEX": r"^[A-Z\u00C0-\u00DE\u0100-\u017F][\w'\u2019\-]*$"},
               "LOWER": {"NOT_IN": sorted(lexicon.NOT_NAMES)}}


# after a title a street-like word is a surname ("Ms Green", "Mr Hall"); initials and upper case
# are written there too ("Mrs A. Okafor", "MISS PROBERT", "PC 2291 Liam Doherty")
_SURNAME_TOKEN = {"TEXT": {"REGEX": r"^[A-Z\u00C0-\u00DE\u0100-\u017F][\w'\u2019\-]*$"},
                  "LOWER": {"NOT_IN": sorted(lexicon.NOT_NAMES - lexicon.SURNAME_WORDS)}}
_INITIAL_TOKEN = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}
_COLLAR_TOKEN = {"TEXT": {"REGEX": r"^\d{2,6}$"}}


def _id(rule: str, role: str | None) -> str:
    return f"{rule}|{role or ''}"


@registry.misc("kinscope.role_patterns.v1")
def role_patterns_v1() -> Callable[[], list[dict]]:
    """The role ruler's patterns ("mum", "maternal grandmother", "mum's new partner")."""
    return role_patterns


@registry.misc("kinscope.abbreviation_patterns.v1")
def abbreviation_patterns_v1() -> Callable[[], list[dict]]:
    """The abbreviation ruler's patterns ("MGM", "M.G.M.", "Mrs Okafor", "Nana Pat")."""
    return abbreviation_patterns


def role_patterns() -> list[dict]:
    """Case-insensitive role words and phrases (phrase patterns matched on LOWER)."""
    pats = []
    for surface, role in lexicon.ROLE_PHRASES.items():
        if surface in DROP_ROLE_WORDS:
            continue
        if surface.startswith("the "):
            continue  # articles are not part of a role span
        rule = ("role_generic" if surface in GENERIC_ROLE_WORDS
                else "role_phrase" if (" " in surface or "'" in surface or "-" in surface)
                else "role_word")
        # typeset text writes the apostrophe curly ("mum\u2019s partner"): the phrase is the same role
        for written in {surface, surface.replace("'", "\u2019")}:
            pats.append({"label": lexicon.ROLE_LABEL, "pattern": written, "id": _id(rule, role)})
    return pats


def abbreviation_patterns() -> list[dict]:
    """Case-sensitive patterns: abbreviations (MGM, M.G.M., mgm), title + surname, name
    prefixes ("Nana Pat", "HV Sarah")."""
    pats: list[dict] = []
    for abbr, role in lexicon.ABBREVIATIONS.items():
        rule = "role_pa" if abbr == "PA" else "role_abbr"
        variants = {abbr}
        if abbr.isupper() and len(abbr) <= 4:
            variants.add(".".join(abbr) + ".")
            variants.add(".".join(abbr))
        for v in variants:
            pats.append({"label": lexicon.ROLE_LABEL, "pattern": [{"ORTH": v}], "id": _id(rule, role)})
        if abbr.lower() in lexicon.LOWER_OK:
            pats.append({"label": lexicon.ROLE_LABEL, "pattern": [{"ORTH": abbr.lower()}],
                         "id": _id("role_abbr_lower", role)})
    for low, role in lexicon.LOWER_SPECIAL.items():
        pats.append({"label": lexicon.ROLE_LABEL, "pattern": [{"ORTH": low}], "id": _id("role_abbr_lower", role)})
    # compound roles: "school DSL", "supervising SW", "CAMHS worker"
    for first, abbr in (("school", "DSL"), ("supervising", "SW"), ("fostering", "SW"), ("duty", "SW"),
                        ("allocated", "SW"), ("school", "SN")):
        pats.append({"label": lexicon.ROLE_LABEL, "pattern": [{"LOWER": first}, {"ORTH": abbr}],
                     "id": _id("role_phrase", lexicon.ROLE_PHRASES.get(f"{first} {abbr.lower()}")
                               or lexicon.ABBREVIATIONS[abbr])})
    for abbr in ("CAMHS", "YOT", "YJS", "EH", "TM"):
        role = {"CAMHS": "CAMHS worker", "YOT": "youth justice worker", "YJS": "youth justice worker",
                "EH": "early help worker", "TM": "team manager"}[abbr]
        pats.append({"label": lexicon.ROLE_LABEL,
                     "pattern": [{"ORTH": abbr}, {"LOWER": {"IN": ["worker", "practitioner", "officer", "nurse"]}}],
                     "id": _id("role_phrase", role)})
    # title + surname: "Mrs Okafor", "Dr. Sarah Jones", "DC Ward"
    by_role: dict[str | None, list[str]] = {}
    for title, role in lexicon.TITLES.items():  # one pattern per role: fewer patterns, faster
        by_role.setdefault(role, []).extend(sorted({title, title + ".", title.upper()}))
    for role, forms in by_role.items():
        t = {"ORTH": {"IN": forms}}
        pats.append({"label": lexicon.PERSON_LABEL,
                     "pattern": [t, _SURNAME_TOKEN, {**_NAME_TOKEN, "OP": "?"}],
                     "id": _id("title_name", role)})
        pats.append({"label": lexicon.PERSON_LABEL,
                     "pattern": [t, {**_COLLAR_TOKEN, "OP": "?"}, _INITIAL_TOKEN,
                                 {**_INITIAL_TOKEN, "OP": "?"}, _SURNAME_TOKEN],
                     "id": _id("title_name", role)})
        if role:  # "PC 2291 Liam Doherty"
            pats.append({"label": lexicon.PERSON_LABEL,
                         "pattern": [t, _COLLAR_TOKEN, _NAME_TOKEN, {**_NAME_TOKEN, "OP": "?"}],
                         "id": _id("title_name", role)})
        pats.append({"label": lexicon.PERSON_LABEL,
                     "pattern": [t, _NAME_TOKEN, {"ORTH": "-"}, _NAME_TOKEN],
                     "id": _id("title_name", role)})
    # "Nana Pat", "Auntie Sharon", "HV Sarah", "SW Priya Shah"
    for prefix, role in lexicon.NAME_PREFIXES.items():
        for form in {prefix.title(), prefix.capitalize()}:
            pats.append({"label": lexicon.PERSON_LABEL, "pattern": [{"ORTH": form}, _NAME_TOKEN],
                         "id": _id("prefix_name", role)})
    for prefix, role in lexicon.PRO_PREFIXES.items():
        if prefix == "MGM":
            continue
        pats.append({"label": lexicon.PERSON_LABEL,
                     "pattern": [{"ORTH": prefix}, _NAME_TOKEN, {**_NAME_TOKEN, "OP": "?"}],
                     "id": _id("prefix_name", role)})
    return pats
