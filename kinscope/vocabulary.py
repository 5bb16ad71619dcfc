"""Vocabularies more than one layer reads: how records and notes name people and places.

Role words and their canonical roles (``mum`` -> ``mother``), role abbreviations (``MGM``),
titles and the role words written in front of a name (``DC Ward``, ``Nana Pat``), the
relationship normalisation of recorded relationships (``Maternal Gran`` ->
``grandmother:maternal``) and the UK postcode pattern. The extractor (``extraction.lexicon`` /
``patterns``), the linker (``linkage``) and the ranking (``ranking.roles``) import them from
here, so none of them reaches sideways into another. Plain data and pure functions only.

Canonical roles are the strings the synthetic truth uses (``mother``, ``maternal
grandmother``, ``mother's partner``, ``health visitor``, ...); where notes leave the side of
the family unstated (``nan``, ``aunt``) the canonical role is the unsided one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ============================================================================ text folding

_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212_/"
_SPECIAL_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i", "ŀ": "l",
})
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def fold(text: object) -> str:
    """Lower-case ASCII with accents removed, apostrophes dropped and any other
    punctuation turned into spaces; whitespace collapsed. ``None`` -> ``""``."""
    if text is None:
        return ""
    s = str(text)
    if not s:
        return ""
    return _fold_str(s)


@lru_cache(maxsize=200_000)
def _fold_str(s: str) -> str:
    """fold() of a non-empty string, memoised: the matchers fold the same few thousand names
    hundreds of thousands of times (a sixth of a resolution increment's CPU before the cache)."""
    s = CONTROL_CHARACTERS.sub("", s)
    s = unicodedata.normalize("NFKC", s).translate(_SPECIAL_LETTERS)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold()
    for c in _APOSTROPHES:
        s = s.replace(c, "")
    for c in _DASHES:
        s = s.replace(c, " ")
    s = s.encode("ascii", "ignore").decode("ascii")
    s = _NON_WORD.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


# ============================================================================ role words

# ---- role words matched case-insensitively (mum, Mum, MUM) ------------------------------
# surface (lower case, as tokenised text) -> canonical role
ROLE_PHRASES: dict[str, str] = {}


def _add(role: str, *surfaces: str) -> None:
    for s in surfaces:
        ROLE_PHRASES[s.lower()] = role


_add("mother", "mum", "mam", "mom", "mummy", "mother", "birth mum", "birth mother", "birth mam",
     "natural mother", "biological mother", "bio mum")
_add("father", "dad", "daddy", "father", "birth dad", "birth father", "natural father",
     "biological father", "bio dad")
_add("parent", "parent", "parents", "birth parent", "birth parents")
_add("mother's partner", "mum's partner", "mum's boyfriend", "mum's fella", "mum's new partner",
     "mum's new boyfriend", "mum's girlfriend", "mother's partner", "mother's boyfriend",
     "mam's partner", "mam's boyfriend", "mam's fella", "mom's partner", "mom's boyfriend",
     "step-dad", "stepdad", "step dad", "step-father", "stepfather", "step father",
     "new partner", "partner of mother", "mum's ex", "mum's ex-partner", "mum's ex partner")
_add("father's partner", "dad's partner", "dad's girlfriend", "dad's new partner",
     "father's partner", "step-mum", "stepmum", "step mum", "step-mother", "stepmother")
_add("partner", "partner")
_add("maternal grandmother", "maternal grandmother", "maternal gran", "maternal nan",
     "maternal nana", "maternal grandma", "mum's mum", "mum's mam", "mum's mother")
_add("maternal grandfather", "maternal grandfather", "maternal grandad", "maternal granddad",
     "maternal grandpa", "mum's dad", "mum's father")
_add("paternal grandmother", "paternal grandmother", "paternal gran", "paternal nan",
     "paternal nana", "paternal grandma", "dad's mum", "dad's mam", "dad's mother")
_add("paternal grandfather", "paternal grandfather", "paternal grandad", "paternal granddad",
     "paternal grandpa", "dad's dad", "dad's father")
_add("grandmother", "nan", "nana", "nanna", "nanny", "gran", "grandma", "granny", "grandmother",
     "grandmum", "great grandmother", "great-grandmother", "great nan", "great-nan")
_add("grandfather", "grandad", "granddad", "grandpa", "grandfather", "pops", "grampa",
     "great grandfather", "great-grandfather")
_add("grandparent", "grandparent", "grandparents")
_add("maternal aunt", "maternal aunt", "maternal auntie", "mum's sister")
_add("maternal uncle", "maternal uncle", "mum's brother")
_add("paternal aunt", "paternal aunt", "paternal auntie", "dad's sister")
_add("paternal uncle", "paternal uncle", "dad's brother")
_add("aunt", "aunt", "auntie", "aunty", "great aunt", "great-aunt")
_add("uncle", "uncle", "great uncle", "great-uncle")
_add("brother", "brother", "bro", "big brother", "little brother", "older brother",
     "younger brother", "twin brother", "baby brother")
_add("sister", "sister", "sis", "big sister", "little sister", "older sister", "younger sister",
     "twin sister", "baby sister")
_add("half-brother", "half-brother", "half brother", "older half-brother",
     "younger half-brother", "step-brother", "stepbrother")
_add("half-sister", "half-sister", "half sister", "older half-sister", "younger half-sister",
     "step-sister", "stepsister")
_add("sibling", "sibling", "siblings", "sib", "sibs", "half-sibling", "half sibling")
_add("cousin", "cousin")
_add("child", "baby", "unborn baby", "young person")
_add("foster carer", "foster carer", "foster carers", "foster mum", "foster dad", "foster mam",
     "foster mother", "foster father", "carer", "carers", "the carer", "connected carer",
     "respite carer")
_add("kinship carer", "kinship carer", "sgo carer", "special guardian", "connected person")
_add("family friend", "family friend", "friend of mum's", "friend of the family", "mum's friend")
_add("neighbour", "neighbour", "next door neighbour", "neighbor")
_add("godparent", "godparent", "godmother", "godfather")
_add("friend", "friend", "best friend", "mate", "best mate")
# kin words of the council's other languages, as children and parents use them (a kin word
# used alone is a role; before a name it is part of the name: "chacha Imran", "Babcia Ewa")
_add("paternal grandmother", "dadi", "dadima", "daadi")
_add("maternal grandmother", "nani", "naani", "nanima")
_add("paternal grandfather", "dadaji", "daada")
_add("maternal grandfather", "nanaji", "naana")
_add("grandmother", "babcia", "babunia", "bunica", "ayeeyo", "mamagee", "nne nne", "iya agba")
_add("grandfather", "dziadek", "dziadzio", "bunicul", "awoowe", "baba agba")
_add("paternal uncle", "chacha", "chachu", "adeer")
_add("paternal aunt", "phuppo", "phupho", "phuphi", "eedo", "chachi")
_add("maternal uncle", "mamu", "mamoo", "abti")
_add("maternal aunt", "khala", "khaala", "habo")
_add("aunt", "ciocia", "ciotka", "matusa", "tanti")
_add("uncle", "wujek", "wujo", "unchi")
_add("father", "tata", "tato", "tatus", "aabo")
_add("mother", "mamusia", "hooyo", "mami", "ammi", "ammee", "ammu", "mammy", "mama", "mamma")
_add("grandfather", "granda", "grandda", "taid", "bampi")
_add("grandmother", "nain", "mamgu")
_add("boyfriend", "boyfriend")
_add("girlfriend", "girlfriend")
_add("older associate", "older associate", "older male", "older males", "associate",
     "older female")
# professionals
_add("social worker", "social worker", "allocated worker", "allocated social worker",
     "child's social worker", "duty worker", "duty social worker")
_add("independent reviewing officer", "independent reviewing officer")
_add("personal advisor", "personal advisor", "personal adviser")
_add("family support worker", "family support worker", "family worker", "support worker")
_add("early help worker", "early help worker", "eh worker")
_add("team manager", "team manager", "practice manager")
_add("supervising social worker", "supervising social worker", "supervising sw",
     "fostering sw", "fostering social worker")
_add("health visitor", "health visitor")
_add("school nurse", "school nurse")
_add("midwife", "midwife")
_add("GP", "family doctor")
_add("class teacher", "class teacher", "teacher", "form tutor", "head of year", "tutor")
_add("head teacher", "head teacher", "headteacher", "head")
_add("designated safeguarding lead", "designated safeguarding lead", "school dsl")
_add("police officer", "police officer", "officer", "the officer", "detective")
_add("housing officer", "housing officer")
_add("CAMHS worker", "camhs worker", "camhs practitioner")
_add("youth justice worker", "yot worker", "yjs worker", "youth worker", "youth justice worker")
_add("substance misuse worker", "drug worker", "substance misuse worker")
_add("paediatrician", "paediatrician", "the paed")
_add("IDVA", "domestic abuse worker")
_add("solicitor", "solicitor")
_add("guardian", "children's guardian")

# ---- abbreviations: upper case or dotted (M.G.M.); some also lower case ----------------
# abbreviation -> canonical role ("PA" is resolved by context, see resolve_pa)
ABBREVIATIONS: dict[str, str] = {
    "MGM": "maternal grandmother", "MGF": "maternal grandfather",
    "PGM": "paternal grandmother", "PGF": "paternal grandfather",
    "MA": "maternal aunt", "MU": "maternal uncle", "PU": "paternal uncle",
    "PA": "personal advisor",
    "BM": "mother", "BF": "father", "HB": "half-brother", "HS": "half-sister",
    "FC": "foster carer", "FCs": "foster carer",
    "SW": "social worker", "CSW": "social worker", "SSW": "supervising social worker",
    "IRO": "independent reviewing officer", "FSW": "family support worker",
    "FFW": "family support worker", "EHW": "early help worker", "TM": "team manager",
    "HV": "health visitor", "SN": "school nurse", "GP": "GP", "DSL": "designated safeguarding lead",
    "HT": "head teacher", "MW": "midwife", "IDVA": "IDVA", "ISVA": "ISVA", "LADO": "LADO",
    "YOT": "youth justice worker", "YJS": "youth justice worker", "CAMHS": "CAMHS worker",
    "YP": "young person",
}
# ---- prefixes that go in front of a name -----------------------------------------------
# Title + surname: "Mrs Okafor", "DC Ward"   (title -> role or None)
TITLES: dict[str, str | None] = {
    "Mr": None, "Mrs": None, "Ms": None, "Miss": None, "Mx": None, "Dr": None,
    "Prof": None, "Rev": None,
    "DC": "police officer", "DS": "police officer", "PC": "police officer",
    "PCSO": "police officer", "DI": "police officer", "DCI": "police officer",
    "Sgt": "police officer", "Insp": "police officer", "WPC": "police officer",
}
#: the gender a title says (lower case)
TITLE_GENDER: dict[str, str] = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
# Role words written in front of a first name, making one name: "Nana Pat", "HV Sarah"
NAME_PREFIXES: dict[str, str] = {
    "nana": "grandmother", "nan": "grandmother", "nanna": "grandmother", "nanny": "grandmother",
    "gran": "grandmother", "grandma": "grandmother", "granny": "grandmother",
    "grandad": "grandfather", "granddad": "grandfather", "grandpa": "grandfather",
    "pops": "grandfather", "granda": "grandfather", "grandda": "grandfather", "auntie": "aunt", "aunty": "aunt", "aunt": "aunt", "uncle": "uncle",
    "dadi": "paternal grandmother", "nani": "maternal grandmother", "babcia": "grandmother",
    "bunica": "grandmother", "ayeeyo": "grandmother", "dziadek": "grandfather", "awoowe": "grandfather",
    "chacha": "paternal uncle", "adeer": "paternal uncle", "phuppo": "paternal aunt", "phupho": "paternal aunt",
    "eedo": "paternal aunt", "mamu": "maternal uncle", "abti": "maternal uncle", "khala": "maternal aunt",
    "habo": "maternal aunt", "ciocia": "aunt", "wujek": "uncle", "tanti": "aunt", "unchi": "uncle",
}
PRO_PREFIXES: dict[str, str] = {
    "SW": "social worker", "CSW": "social worker", "IRO": "independent reviewing officer",
    "PA": "personal advisor", "FSW": "family support worker", "HV": "health visitor",
    "SN": "school nurse", "DSL": "designated safeguarding lead", "TM": "team manager",
    "EHW": "early help worker", "SSW": "supervising social worker", "FC": "foster carer",
    "MGM": "maternal grandmother",  # not merged into the name; used by the linker only
}
# Kin words a child uses *as the name* of a relative, written alone ("my Ammi and Abbu",
# "Dadi picks me up", "went to Nani's"): the word is the role, not a name (word -> role).
# The kin prefixes above count too; "nana" stays English (grandmother), not Urdu (maternal
# grandfather). Mention resolution joins such a mention to the one known holder of the role.
KIN_NAMES: dict[str, str] = {
    **NAME_PREFIXES,
    "abbu": "father", "abba": "father", "abbo": "father", "tata": "father",
    "ammi": "mother", "amma": "mother", "ammu": "mother", "mama": "mother",
    "mum": "mother", "mam": "mother", "mom": "mother", "mummy": "mother", "mommy": "mother",
    "dad": "father", "daddy": "father",
    "dada": "paternal grandfather", "dadu": "paternal grandfather", "nanu": "maternal grandfather",
    "chachi": "paternal aunt", "mamoo": "maternal uncle", "phupo": "paternal aunt",
    # a grandparent's abbreviation the extractor took for a name ("Mgm rang"): never anyone's name
    **{a.lower(): ABBREVIATIONS[a] for a in ("MGM", "MGF", "PGM", "PGF")},
}


#: words that make a free-text role a professional's ("school nurse", "Head of Year", "CAMHS
#: therapist"); matched as substrings of the folded role. A special guardian is a carer, so
#: "guardian" counts only as the court's ("children's guardian", "guardian ad litem").
PROFESSIONAL_WORDS = (
    "worker", "officer", "visitor", "nurse", "teacher", "headteacher", "head of year", "advisor",
    "adviser", "manager", "midwife", "gp", "iro", "idva", "isva", "lado", "paediatrician", "doctor",
    "solicitor", "children's guardian", "guardian ad", "practitioner", "lead", "reviewing",
    "professional", "senco", "tutor", "mentor", "coordinator", "co-ordinator", "therapist",
    "counsellor", "psychologist", "psychiatrist", "coach", "paramedic", "police", "constable",
    "detective", "sergeant", "camhs",
)


# ============================================================================ postcode

POSTCODE_RE = re.compile(
    r"(?<![\w-])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])",
    re.IGNORECASE,
)


# ============================================================================ relationship

_ROLE_ABBREVIATIONS = {
    "mgm": "maternal grandmother", "mgf": "maternal grandfather",
    "pgm": "paternal grandmother", "pgf": "paternal grandfather",
    "mum": "mother", "mom": "mother", "mam": "mother", "mummy": "mother", "ma": "mother",
    "dad": "father", "daddy": "father", "da": "father",
    "gran": "grandmother", "granny": "grandmother", "nan": "grandmother", "nana": "grandmother",
    "nanna": "grandmother", "grandma": "grandmother", "grandad": "grandfather",
    "granddad": "grandfather", "grandpa": "grandfather", "auntie": "aunt", "aunty": "aunt",
    "stepfather": "step father", "stepmother": "step mother", "stepdad": "step father",
    "stepmum": "step mother", "mothers": "mother", "mums": "mother", "fathers": "father",
    "dads": "father", "godmother": "godparent", "godfather": "godparent",
    "bf": "boyfriend", "gf": "girlfriend",
}
_ROLE_BASES = (
    # (words that must all be present, base role)
    (("foster",), "foster carer"),
    (("special", "guardian"), "kinship carer"),
    (("sgo",), "kinship carer"),
    (("kinship",), "kinship carer"),
    (("connected", "person"), "kinship carer"),
    (("step", "father"), "partner of mother"),
    (("mother", "partner"), "partner of mother"),
    (("mother", "boyfriend"), "partner of mother"),
    (("mother", "girlfriend"), "partner of mother"),
    (("step", "mother"), "partner of father"),
    (("father", "partner"), "partner of father"),
    (("father", "girlfriend"), "partner of father"),
    (("grandmother",), "grandmother"),
    (("grandfather",), "grandfather"),
    (("great", "aunt"), "aunt"),
    (("aunt",), "aunt"),
    (("great", "uncle"), "uncle"),
    (("uncle",), "uncle"),
    (("associate",), "associate"),  # "Known associate", "Associate - CCE concern", "Associate of father"
    (("godparent",), "friend"),
    (("neighbour",), "friend"),
    (("friend",), "friend"),
    (("mother",), "mother"),
    (("father",), "father"),
    (("sister",), "sibling"),
    (("brother",), "sibling"),
    (("sibling",), "sibling"),
    (("cousin",), "cousin"),
    (("carer",), "carer"),
    (("partner",), "partner"),
)


#: the relationship bases (:func:`normalise_relationship`) that are kin or a parent's partner: a
#: kin word said of someone ("mother", "half-brother", "mum's partner") is one of these
KIN_ROLE_BASES = frozenset({"mother", "father", "grandmother", "grandfather", "aunt", "uncle", "sibling",
                            "cousin", "partner of mother", "partner of father", "partner"})


def normalise_relationship(value: object) -> str | None:
    """Map a relationship as recorded to ``base`` or ``base:side``: ``Mum`` / ``Birth Mother``
    / ``Mother (PR)`` -> ``mother``; ``MGM`` / ``Grandmother (maternal)`` / ``Maternal Gran``
    -> ``grandmother:maternal``; ``Step-father`` / ``Mum's partner`` -> ``partner of mother``;
    ``SGO carer`` -> ``kinship carer``. Unknown text is kept folded."""
    s = fold(value)
    if not s:
        return None
    words = []
    for t in s.split():
        words.extend(_ROLE_ABBREVIATIONS.get(t, t).split())
    wset = set(words)
    side = None
    if wset & {"maternal", "mat"}:
        side = "maternal"
    elif wset & {"paternal", "pat"}:
        side = "paternal"
    for needed, base in _ROLE_BASES:
        if all(w in wset for w in needed):
            if base in ("grandmother", "grandfather", "aunt", "uncle") and side:
                return f"{base}:{side}"
            return base
    return " ".join(words)
