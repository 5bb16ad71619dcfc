"""Normalisation and comparison of the fields of a person record.

Pure functions, no I/O: names (case, accents, punctuation, hyphens, nicknames, initials),
dates of birth (partial dates, 1 January placeholders, transposed day and month), UK
postcodes, phone numbers, emails, addresses (flat/house number, street, common
abbreviations) and the relationship as recorded (``Mum`` / ``Birth Mother`` / ``Mother (PR)``
are one role).

Every ``normalise_*`` returns ``None`` for an empty or meaningless value so that dedupe sees
a missing field (it learns a separate weight for "missing"), never an empty string.
The ``*_distance`` functions are dedupe comparators: 0 means identical, larger means less
alike; they are module-level so that learned settings pickle by reference.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# ----------------------------------------------------------------------------- text basics

from kinscope.vocabulary import CONTROL_CHARACTERS as _CONTROL  # (base layer; names kept here)
from kinscope.vocabulary import fold, normalise_relationship  # noqa: F401
from kinscope.vocabulary import NAME_PREFIXES as _NAME_PREFIXES


_NAME_NOISE = {"mr", "mrs", "ms", "miss", "mx", "dr", "unknown", "unk", "nk", "na", "n a", "n k",
               "not known", "tbc", "none", "no name"}


def normalise_name(value: object) -> str | None:
    """A name as lower-case ASCII tokens: ``"O'Byrne"`` -> ``"obyrne"``,
    ``"Smith-Jones"`` -> ``"smith jones"``, ``"J."`` -> ``"j"``, ``"Ružička"`` -> ``"ruzicka"``.
    Titles and placeholders (``Mr``, ``Unknown``, ``N/K``) are dropped."""
    s = fold(value)
    if not s or s in _NAME_NOISE:
        return None
    tokens = [t for t in s.split() if t not in _NAME_NOISE and not t.isdigit()]
    return " ".join(tokens) or None


# ----------------------------------------------------------------------------- nicknames

@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


# The ``nicknames`` dataset knows English short forms only (Jon, Bex, Daz). Councils write the
# short forms of the names of their other communities just as often: Polish, Irish, Romanian,
# Lithuanian, Portuguese, Igbo, Yoruba, Somali and Arabic/Urdu given names. Full name ->
# short forms used for it (folded: lower-case ASCII).
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    # Polish
    "katarzyna": ("kasia", "kasha", "kaska"), "malgorzata": ("gosia", "gosha", "malgosia", "goska"),
    "agnieszka": ("aga", "agusia", "agnes"), "aleksandra": ("ola", "olka", "ala"),
    "joanna": ("asia", "joasia"), "barbara": ("basia",), "anna": ("ania", "anka", "anusia"),
    "zofia": ("zosia", "zosha"), "magdalena": ("magda",), "elzbieta": ("ela", "ewa", "beata"),
    "dorota": ("dorotka",), "krystyna": ("krysia",), "jadwiga": ("jadzia",), "wiktoria": ("wika",),
    "jakub": ("kuba", "kubus"), "tomasz": ("tomek",), "krzysztof": ("krzys", "krzysiek"),
    "wojciech": ("wojtek",), "grzegorz": ("grzesiek", "grzes"), "aleksander": ("olek", "alek"),
    "piotr": ("piotrek",), "pawel": ("pawelek",), "stanislaw": ("stasiu", "stas", "staszek"),
    "marcin": ("marcinek",), "lukasz": ("lukasz", "luki"), "szymon": ("szymek",),
    "mateusz": ("mati", "matek"), "michal": ("michas", "misiek"), "bartlomiej": ("bartek",),
    "zbigniew": ("zbyszek",), "jozef": ("jozek", "jozio"), "kacper": ("kacperek",),
    "andrzej": ("andy", "jedrek"),
    # Irish
    "padraig": ("paddy", "pat", "podge"), "siobhan": ("shiv", "shivvy"), "sean": ("seanie",),
    "seamus": ("shay",), "eoin": ("owen",), "ciaran": ("kieran", "ciar"), "aoife": ("eefa",),
    "caoimhe": ("keeva", "kiva"), "niamh": ("neeve",), "sinead": ("shinny",),
    "bridget": ("biddy", "bridie", "breda"), "brigid": ("bridie", "breda"), "margaret": ("mags", "peggy", "maggie"),
    "winifred": ("winnie", "win"), "diarmuid": ("dermot",), "donal": ("donny",), "mairead": ("mags",),
    # Romanian and Moldovan
    "florentina": ("flori", "florina"), "florin": ("flori",), "ionut": ("ionel", "nutu"),
    "ion": ("ionut", "ionel", "nelu"), "gheorghe": ("ghita", "gica"), "alexandru": ("alex", "sandu"),
    "constantin": ("costel", "costi", "titi"), "mihai": ("misu",), "nicolae": ("nicu",),
    "andrei": ("andy",),
    "elena": ("lenuta", "ela"), "mariana": ("mari",), "ioana": ("ioanina",), "andreea": ("deea",),
    "gabriela": ("gabi",), "daniela": ("dani",), "cristina": ("cristi",), "cristian": ("cristi",),
    "ana maria": ("ana",),
    # Lithuanian and Latvian
    "jonas": ("jonukas",), "ausra": ("ausrele",), "tomas": ("tomukas",),
    # Portuguese
    "joao": ("joaozinho",), "francisco": ("chico",), "jose": ("ze",), "antonio": ("toni", "tonio"),
    "manuel": ("manel", "nelo"), "fernanda": ("nanda",), "margarida": ("guida",),
    # Igbo and Yoruba (the second part of a long name is a common short form)
    "chukwuemeka": ("emeka",), "chiamaka": ("chi", "amaka"), "chinonso": ("nonso",),
    "chidinma": ("dinma", "chi"), "chinwe": ("chi",), "chimamanda": ("mandy", "chi"),
    "ngozi": ("ngo",), "oluwaseun": ("seun",), "oluwadamilare": ("dami", "damilare"),
    "oluwatobi": ("tobi",), "oluwafemi": ("femi",), "oluwakemi": ("kemi",), "adebayo": ("bayo",),
    "olusegun": ("segun",), "abisola": ("bisi",), "olabisi": ("bisi",), "adebisi": ("bisi",),
    "oluwabukola": ("bukola", "bukky"), "olufunmilayo": ("funmi",), "babatunde": ("tunde",), "abimbola": ("bimbo",), "folasade": ("sade", "fola"),
    "temitope": ("tope",), "oluwatoyin": ("toyin",), "ifeoluwa": ("ife",), "obinna": ("obi",),
    "nkechinyere": ("nkechi",), "uchechukwu": ("uche",), "ikechukwu": ("ike",),
    # Somali and Arabic / Urdu
    "mohammed": ("mo", "moe", "hamed", "hamad"), "muhammad": ("mo", "moe"), "mohamed": ("mo", "moe"),
    "mohammad": ("mo", "moe"), "abdullahi": ("abdi",), "abdirahman": ("abdi",), "abdulkadir": ("abdi",),
    "ibrahim": ("ibra", "ibby"), "ismail": ("issy",), "yusuf": ("yus",), "mustafa": ("musti",),
    "abdullah": ("abdul",), "fatima": ("fati", "tima"), "khadija": ("khadi", "dija"),
    "zainab": ("zainy", "zee"), "aisha": ("ash",), "hamza": ("hamz",), "sulaiman": ("sully",),
    # British colloquial short forms the nicknames dataset lacks (the "-z"/"-zza" forms of
    # northern English speech, "-o"/"-y" forms)
    "rebecca": ("bex", "becks"), "agnes": ("aggie", "nessie"), "darren": ("daz", "dazza"),
    "gary": ("gaz", "gazza"), "barry": ("baz", "bazza"), "sharon": ("shaz", "shazza"),
    "karen": ("kaz",), "sarah": ("saz",), "warren": ("waz",), "kerry": ("kez",),
    "terence": ("tez", "tel"), "terry": ("tez", "tel"), "lauren": ("loz",), "laura": ("loz",),
    "natasha": ("tash",), "jonathan": ("jonno",), "steven": ("stevo", "stevie"),
    "kelly": ("kel",), "colin": ("col",), "derek": ("del",),
    "natalie": ("nat",), "joanne": ("jo", "jojo"), "jodie": ("jo",), "maureen": ("mo",),
    "gareth": ("gaz", "gazza"), "nicola": ("nicky", "nikki", "nicki", "nic"), "nicole": ("nic",),
    "michelle": ("shell", "chelle"), "danielle": ("danni", "dani"), "victoria": ("vikki", "vicki"),
    "georgina": ("gina", "georgie"), "deborah": ("debs",), "debra": ("debs",), "catherine": ("kate", "cath"),
    "katherine": ("katie", "kath"), "kathleen": ("kath",), "benjamin": ("benji",), "jason": ("jase",),
    "isabelle": ("izzy",), "isabella": ("izzy",), "olivia": ("liv", "livvy"), "caroline": ("caz",),
    "carol": ("caz",), "stephen": ("stevo", "stevie"), "gerard": ("gerry", "ged"), "gerald": ("ged",),
    "robert": ("robbo", "robbie"), "oliver": ("olly",), "louise": ("lulu",), "susan": ("suzy",),
    "samantha": ("sammi",), "abigail": ("abi",), "gemma": ("gem",), "bethany": ("beth",),
    "brenda": ("bren",), "beverley": ("bev",), "tracey": ("trace",),
    # Welsh
    "david": ("dai",), "dafydd": ("dai", "daf", "dafs"), "rhiannon": ("rhi",), "angharad": ("angie",),
    # Spanish and Italian
    "francisca": ("paca", "paquita"), "guadalupe": ("lupe",), "dolores": ("lola",),
    "giuseppe": ("beppe", "peppe"), "giovanni": ("gianni",),
}


@lru_cache(maxsize=1)
def _diminutive_lookup() -> dict[str, frozenset[str]]:
    """A short form -> the full names it stands for (one way only: "chi" stands for Chiamaka
    and for Chinwe, which are not the same name)."""
    out: dict[str, set[str]] = {}
    for full, shorts in DIMINUTIVES.items():
        for short in shorts:
            out.setdefault(short, set()).add(full)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=20000)
def name_variants(name: str) -> frozenset[str]:
    """The name plus every canonical form the ``nicknames`` dataset gives for it
    (``jon`` -> ``{jon, john, jonathan, ...}``) and, for the names of other languages, the
    full names and short forms :data:`DIMINUTIVES` gives (``kasia`` -> ``katarzyna``)."""
    name = name.strip().lower()
    if not name:
        return frozenset()
    return frozenset({name} | _nicknamer().canonicals_of(name) | _diminutive_lookup().get(name, frozenset()))


@lru_cache(maxsize=20000)
def _nicknames_of(name: str) -> frozenset[str]:
    return frozenset(_nicknamer().nicknames_of(name))


def nickname_equivalent(a: str, b: str) -> bool:
    """True when two (normalised, single-token) given names are the same name or
    nickname forms of each other: Jon/John/Jonathan/Jonny, Bob/Rob/Robert, Pat/Patricia."""
    a, b = a.strip().lower(), b.strip().lower()
    if not a or not b:
        return False
    if a == b:
        return True
    va, vb = name_variants(a), name_variants(b)
    if b in va or a in vb or (va & vb):
        return True
    return b in _nicknames_of(a) or a in _nicknames_of(b)


def is_initial(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


# ----------------------------------------------------------------------------- string similarity

@lru_cache(maxsize=200_000)
def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity in [0, 1]."""
    if a == b:
        return 1.0 if a else 0.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(max(la, lb) // 2 - 1, 0)
    a_match = [False] * la
    b_match = [False] * lb
    matches = 0
    for i, ca in enumerate(a):
        lo, hi = max(0, i - window), min(lb, i + window + 1)
        for j in range(lo, hi):
            if not b_match[j] and b[j] == ca:
                a_match[i] = b_match[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    transpositions = 0
    k = 0
    for i in range(la):
        if a_match[i]:
            while not b_match[k]:
                k += 1
            if a[i] != b[k]:
                transpositions += 1
            k += 1
    m = float(matches)
    jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3
    prefix = 0
    for ca, cb in zip(a[:4], b[:4]):
        if ca != cb:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


@lru_cache(maxsize=200_000)
def levenshtein(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit (optimal string
    alignment): ``jhon``/``john`` -> 1."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if not la or not lb:
        return la or lb
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = a[i - 1] != b[j - 1]
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


# ----------------------------------------------------------------------------- name comparators

def given_name_similarity(a: str, b: str) -> float:
    """Similarity of two normalised given names in [0, 1]: 1 identical, 0.9 nickname forms
    (Jon/Jonathan), 0.8 a typo (one edit, two for long names, same first letter), 0.6 an
    initial that fits (J / Jon) or one edit changing the first letter, 0.5 / 0.3 for
    Jaro-Winkler >= 0.9 / 0.82, 0 when clearly different. Middle names count when the first differ."""
    if a == b:
        return 1.0
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0
    best = 0.0
    for i, x in enumerate(ta[:3]):
        for j, y in enumerate(tb[:3]):
            penalty = 0.0 if (i == 0 and j == 0) else 0.15
            if x == y:
                s = 1.0 if penalty == 0 else 0.8
            elif is_initial(x) or is_initial(y):
                s = 0.6 if x[0] == y[0] else 0.0
            elif nickname_equivalent(x, y):
                s = 0.9
            else:
                # a typo, not a different name: one edit (two for long names), same start
                edits = levenshtein(x, y)
                allowed = 2 if min(len(x), len(y)) >= 7 else 1
                if edits <= allowed and x[0] == y[0]:
                    s = 0.8
                else:
                    # keyed or OCR'd typos that break the rule above (``kate`` / ``cate``,
                    # ``michaela`` / ``mihcaela``): graded string similarity
                    jw = jaro_winkler(x, y)
                    s = 0.6 if edits <= allowed else (0.5 if jw >= 0.9 else
                                                      (0.3 if jw >= 0.82 else 0.0))
            best = max(best, s - penalty)
    return max(best, 0.0)


def given_name_distance(a: str, b: str) -> float:
    return 1.0 - given_name_similarity(a, b)


def record_given_similarity(a: str, b: str) -> float:
    """:func:`given_name_similarity` for two records of one file, where two workers wrote one
    person's name: also the name with or without its space or hyphen (``kerry ann`` /
    ``kerryann``: 1.0) and a short form cut from the start of the first name (``lyn`` /
    ``lynne``: 0.8, as a typo; the short one three letters or more)."""
    s = given_name_similarity(a, b)
    if s >= 1.0 or not a or not b:
        return s
    if a.replace(" ", "") == b.replace(" ", ""):
        return 1.0
    short, long_ = sorted((a.split()[0], b.split()[0]), key=len)
    if len(short) >= 3 and long_.startswith(short):
        s = max(s, 0.8)
    return s


def record_given_distance(a: str, b: str) -> float:
    return 1.0 - record_given_similarity(a, b)


def family_name_similarity(a: str, b: str) -> float:
    """Similarity of two normalised family names in [0, 1]; a double-barrelled name
    matches either of its parts (``smith jones`` / ``jones`` -> 0.9)."""
    if a == b:
        return 1.0
    ca, cb = a.replace(" ", ""), b.replace(" ", "")
    if ca == cb:
        return 1.0
    whole = jaro_winkler(ca, cb)
    best = whole if whole >= 0.8 else 0.0
    ta, tb = a.split(), b.split()
    if len(ta) > 1 or len(tb) > 1:
        for x in ta:
            for y in tb:
                if len(x) > 1 and x == y:
                    best = max(best, 0.9)
                elif is_initial(x) or is_initial(y):
                    if x[0] == y[0]:
                        best = max(best, 0.5)
    elif is_initial(ca) or is_initial(cb):
        best = 0.5 if ca[0] == cb[0] else 0.0
    return best


def family_name_distance(a: str, b: str) -> float:
    return 1.0 - family_name_similarity(a, b)


def name_set_similarity(a: str, b: str) -> float:
    """Order-free similarity of two full names (given + family tokens): each token of the
    shorter name scored by its best Jaro-Winkler match in the other, averaged. Swapped
    given and family names (``georgia white`` / ``white georgia``) score 1."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 0.0
    if len(ta) > len(tb):
        ta, tb = tb, ta
    return sum(max(jaro_winkler(x, y) for y in tb) for x in ta) / len(ta)


def name_set_distance(a: str, b: str) -> float:
    return 1.0 - name_set_similarity(a, b)


# ----------------------------------------------------------------------------- dates of birth

@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?\s*$")
_UK = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[-/.](\d{4})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # 19930211 (FEBRL, many exports)
_MONTHS = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for m in names}
# "25 March 2002", "March 25, 2002", "March 2002", "25-Mar-2002"
_WORDY = re.compile(r"^\s*(?:(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]+)?([A-Za-z]{3,9})\.?"
                    r"(?:[\s\-/.,]+(\d{1,2})(?:st|nd|rd|th)?)?[\s\-/.,]+(\d{4})\s*$")


def _valid(y: int, m: int | None, d: int | None) -> bool:
    if not 1850 <= y <= 2100:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if m is None or not 1 <= d <= 31:
            return False
        import calendar

        if d > calendar.monthrange(y, m)[1]:
            return False
    return True


def parse_dob(value: object) -> PartialDate | None:
    """A date of birth as year/month/day (see :func:`_parse_dob_str`), ``None`` if unreadable."""
    if value is None:
        return None
    return _parse_dob_str(str(value))


@lru_cache(maxsize=100_000)
def _parse_dob_str(value: str) -> PartialDate | None:
    """Parse a date of birth to year/month/day; partial dates keep ``None`` parts.
    Accepts ISO (``1993-02-11``, ``1993-2-11``, ``1993-02``, ``1993``, a timestamp), UK
    (``11/02/1993``, ``02/1993``), compact ``19930211`` and month names (``11 February
    1993``, ``February 11, 1993``, ``Feb 1993``). Impossible dates give ``None``. Memoised
    (PartialDate is frozen): a record's date is parsed again for every pair it is in."""
    s = _CONTROL.sub("", value).strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        y = int(m.group(1))
        mo = int(m.group(2)) if m.group(2) else None
        d = int(m.group(3)) if m.group(3) else None
    else:
        m = _UK.match(s)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if not _valid(y, mo, d) and _valid(y, d, mo):
                d, mo = mo, d  # 03/25/2002 can only be a US month-first date
        elif (m := _MONTH_YEAR.match(s)):
            mo, y, d = int(m.group(1)), int(m.group(2)), None
        elif (m := _COMPACT.match(s)):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif (m := _WORDY.match(s)) and m.group(2).lower() in _MONTHS \
                and not (m.group(1) and m.group(3)):
            mo, y = _MONTHS[m.group(2).lower()], int(m.group(4))
            day = m.group(1) or m.group(3)
            d = int(day) if day else None
        else:
            return None
    if not _valid(y, mo, d):
        return None
    return PartialDate(y, mo, d)


def normalise_dob(value: object) -> str | None:
    p = parse_dob(value)
    return p.iso() if p else None


def dob_similarity(a: str | PartialDate, b: str | PartialDate) -> float:
    """How well two dates of birth agree, in [0, 1]:

    1.0 identical full dates; 0.75 day and month transposed (1993-02-11 / 1993-11-02);
    0.6 compatible when one is partial or a placeholder (``1993`` or ``1993-01-01`` for a
    1993 date, ``1993-02-01`` for a February 1993 date); 0.5 same day and month one year
    apart or with a one-digit typo in the year; 0.45 / 0.4 same year and month / day;
    0.3 same year only; 0.0 otherwise.
    """
    pa = a if isinstance(a, PartialDate) else parse_dob(a)
    pb = b if isinstance(b, PartialDate) else parse_dob(b)
    if pa is None or pb is None:
        return 0.0
    if pa == pb and pa.day is not None:
        return 1.0
    same_year = pa.year == pb.year
    full = pa.day is not None and pb.day is not None
    if full and same_year and pa.month == pb.day and pa.day == pb.month:
        return 0.75
    if same_year:
        # partial or placeholder dates (year only or 1 January; month only or the 1st)
        if any(x.month is None or (x.month == 1 and x.day == 1) for x in (pa, pb)):
            return 0.6
        if pa.month == pb.month and any(x.day is None or x.day == 1 for x in (pa, pb)):
            return 0.6
        if full and pa.month == pb.month:
            return 0.45  # a typo in the day
        if full and pa.day == pb.day:
            return 0.4   # a typo in the month
        return 0.3
    if full and pa.month == pb.month and pa.day == pb.day and (
            abs(pa.year - pb.year) == 1 or year_typo(pa.year, pb.year)):
        return 0.5
    return 0.0


def year_typo(a: int, b: int) -> bool:
    """Two four-digit years that differ in exactly one digit (1975 / 1957 is not one)."""
    sa, sb = f"{a:04d}", f"{b:04d}"
    return sum(x != y for x, y in zip(sa, sb)) == 1


def dob_distance(a: str, b: str) -> float:
    return 1.0 - dob_similarity(a, b)


def dob_year_distance(a: str, b: str) -> float:
    """Absolute difference of the birth years, capped at 10."""
    pa, pb = parse_dob(a), parse_dob(b)
    if pa is None or pb is None:
        return 10.0
    return float(min(abs(pa.year - pb.year), 10))


# ----------------------------------------------------------------------------- postcode

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(value: object) -> str | None:
    """UK postcode upper-case with one space before the inward code:
    ``yo125ab`` / ``YO12  5AB`` -> ``YO12 5AB``. Values that are not postcode-shaped are
    returned cleaned (upper, alphanumeric) rather than dropped; blanks give ``None``."""
    s = fold(value).upper().replace(" ", "")
    if not s or s in {"NK", "NA", "NFA", "UNKNOWN", "NONE"}:
        return None
    m = _POSTCODE.match(s)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    return s


def postcode_outward(postcode: str) -> str:
    return postcode.split(" ")[0] if " " in postcode else postcode[:-3] or postcode


def postcode_distance(a: str, b: str) -> float:
    """0 same postcode; 0.5 same outward code (district); 0.8 same area; 1 otherwise."""
    if a == b:
        return 0.0
    oa, ob = postcode_outward(a), postcode_outward(b)
    if oa == ob:
        return 0.5
    area_a, area_b = re.match(r"[A-Z]*", oa).group(0), re.match(r"[A-Z]*", ob).group(0)
    if area_a and area_a == area_b:
        return 0.8
    return 1.0


# ----------------------------------------------------------------------------- phone, email

def normalise_phone(value: object) -> str | None:
    """Digits only, international UK prefix to national: ``+44 7700 900123``,
    ``0044 (0)7700-900123`` and ``07700 900123`` -> ``07700900123``. Fewer than 6 digits
    give ``None``."""
    if value is None:
        return None
    s = _CONTROL.sub("", unicodedata.normalize("NFKC", str(value)))
    s = s.split(" ext")[0].split(" x")[0]
    s = s.replace("(0)", "")
    digits = "".join(c for c in s if c.isdigit())
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) in (12, 13) and (s.strip().startswith("+")
                                                                   or len(digits) == 12):
        digits = "0" + digits[2:]
    elif len(digits) == 10 and digits[0] == "7":
        digits = "0" + digits
    if len(digits) < 6 or len(set(digits)) == 1:
        return None
    return digits


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(value: object) -> str | None:
    if value is None:
        return None
    s = _CONTROL.sub("", unicodedata.normalize("NFKC", str(value))).strip().lower()
    s = s.removeprefix("mailto:")
    return s if _EMAIL.match(s) else None


# ----------------------------------------------------------------------------- address

_ABBREVIATIONS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue",
    "ln": "lane", "wlk": "walk", "wk": "walk", "gdns": "gardens", "gdn": "gardens",
    "cl": "close", "cres": "crescent", "cresc": "crescent", "ct": "court", "crt": "court",
    "dr": "drive", "drv": "drive", "pl": "place", "sq": "square", "ter": "terrace",
    "terr": "terrace", "tce": "terrace", "gr": "grove", "grv": "grove", "pk": "park",
    "hse": "house", "ho": "house", "apt": "flat", "apartment": "flat", "mws": "mews",
    "pde": "parade", "hts": "heights", "bldgs": "buildings", "est": "estate",
    "cotts": "cottages", "fm": "farm", "vw": "view", "wy": "way", "hl": "hill",
    "rw": "row", "cir": "circle", "clo": "close", "mt": "mount", "grn": "green",
}
_STREET_TYPES = {
    "road", "street", "avenue", "lane", "walk", "gardens", "close", "crescent", "drive",
    "place", "square", "terrace", "grove", "park", "mews", "parade", "way", "view", "hill",
    "row", "green", "rise", "croft", "fold", "gate", "bank", "side", "vale", "wynd", "chase",
    "circle", "mount", "approach", "boulevard", "broadway", "yard", "wharf", "heights",
}
_BLOCK_TYPES = {"court", "house", "point", "tower", "towers", "mansions", "lodge", "buildings",
                "block", "flats", "hall", "cottages", "estate"}


@dataclass(frozen=True)
class Address:
    flat: str | None
    number: str | None
    building: str | None
    street: str | None

    def key(self) -> str | None:
        parts = [f"flat {self.flat}" if self.flat else None, self.number, self.building,
                 self.street]
        s = " ".join(p for p in parts if p)
        return s or None


_NUM = re.compile(r"^\d+[a-z]?$")


def parse_address(value: object) -> Address | None:
    """Split an address line into flat, house number, building and street, with common
    abbreviations expanded and the town (anything after the street) dropped:
    ``"14 Filey Rd"`` and ``"14 Filey Road, Scarborough"`` both give number ``14``,
    street ``filey road``."""
    if value is None:
        return None
    raw = _CONTROL.sub("", str(value))
    segments = [fold(seg) for seg in re.split(r"[,\n;]", raw)]
    segments = [s for s in segments if s]
    if not segments:
        return None
    flat = number = building = street = None
    for seg in segments:
        tokens = [_ABBREVIATIONS.get(t, t) for t in seg.split()]
        # "street" abbreviation 'st' in first position is Saint ("St Marys Road")
        if seg.split()[0] in ("st",) and len(tokens) > 1 and not _NUM.match(tokens[0]):
            tokens[0] = "saint"
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t in ("flat", "unit", "room", "no", "number") and i + 1 < len(tokens) \
                    and _NUM.match(tokens[i + 1]):
                if t in ("flat", "unit", "room"):
                    flat = tokens[i + 1]
                else:
                    number = number or tokens[i + 1]
                i += 2
                continue
            break
        rest = tokens[i:]
        if rest and _NUM.match(rest[0]):
            if number is None:
                number = rest[0]
            elif flat is None:
                flat = number
                number = rest[0]
            rest = rest[1:]
        if not rest:
            continue
        name = " ".join(rest)
        if street is None and any(t in _STREET_TYPES for t in rest):
            # cut after the street type (drops a town typed without a comma)
            cut = max(k for k, t in enumerate(rest) if t in _STREET_TYPES)
            street = " ".join(rest[:cut + 1])
            break
        if building is None and any(t in _BLOCK_TYPES for t in rest):
            building = name
            continue
        if street is None:
            street = name
            break
    if not any((flat, number, building, street)):
        return None
    return Address(flat, number, building, street)


def normalise_address(value: object) -> str | None:
    a = parse_address(value)
    return a.key() if a else None


def address_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two normalised address keys (``normalise_address``): house
    and flat numbers must agree; street names compared with Jaro-Winkler."""
    if a == b:
        return 1.0
    pa, pb = _split_key(a), _split_key(b)
    if pa["number"] and pb["number"] and pa["number"] != pb["number"]:
        return 0.0
    if pa["flat"] and pb["flat"] and pa["flat"] != pb["flat"]:
        return 0.0
    sa, sb = pa["text"], pb["text"]
    if not sa or not sb:
        return 0.3 if pa["number"] == pb["number"] and pa["number"] else 0.0
    if sa == sb:
        sim = 1.0
    elif sa in sb or sb in sa:
        sim = 0.9
    else:
        sim = jaro_winkler(sa, sb)
        sim = sim if sim >= 0.75 else 0.0
    if not (pa["number"] and pb["number"]):
        sim *= 0.8
    return sim


def _split_key(key: str) -> dict:
    tokens = key.split()
    flat = number = None
    if len(tokens) >= 2 and tokens[0] == "flat":
        flat, tokens = tokens[1], tokens[2:]
    if tokens and _NUM.match(tokens[0]):
        number, tokens = tokens[0], tokens[1:]
    return {"flat": flat, "number": number, "text": " ".join(tokens)}


def address_distance(a: str, b: str) -> float:
    return 1.0 - address_similarity(a, b)


# ----------------------------------------------------------------------------- gender

def normalise_gender(value: object) -> str | None:
    s = fold(value)
    if not s:
        return None
    if s in {"f", "female", "woman", "girl", "w"}:
        return "f"
    if s in {"m", "male", "man", "boy"}:
        return "m"
    if s in {"not known", "unknown", "nk", "u", "not stated", "prefer not to say"}:
        return None
    return s


def gender_distance(a: str, b: str) -> float:
    return 0.0 if a == b else 1.0


# ----------------------------------------------------------------------------- relationship

# normalise_relationship: the base layer's (kinscope.vocabulary; ranking reads it too)


_CARER_BASES = {"foster carer", "kinship carer", "carer"}
_KIN_BASES = {"grandmother", "grandfather", "aunt", "uncle", "sibling", "cousin"}
_FEMALE_BASES = {"mother", "grandmother", "aunt", "partner of father"}
_MALE_BASES = {"father", "grandfather", "uncle", "partner of mother"}


def relationship_distance(a: str, b: str) -> float:
    """How compatible two normalised relationships are for one person recorded on two
    children's files: 0 same role; 0.3 same role with one side unknown or two carer /
    friend roles; 0.5 plausible change (mum's partner who is a later child's father,
    a grandparent who became kinship carer); 1 contradictory (mother / grandmother)."""
    if a == b:
        return 0.0
    ba, _, sa = a.partition(":")
    bb, _, sb = b.partition(":")
    if ba == bb:
        return 0.3 if not sa or not sb else 1.0
    pair = {ba, bb}
    if pair <= _CARER_BASES or pair <= {"friend", "partner"}:
        return 0.3
    if pair & _CARER_BASES and pair & (_KIN_BASES | {"friend", "carer"}):
        return 0.5
    if pair in ({"father", "partner of mother"}, {"mother", "partner of father"},
                {"partner", "partner of mother"}, {"partner", "partner of father"},
                {"father", "partner"}, {"mother", "partner"}):
        return 0.5
    if (pair & _FEMALE_BASES and pair & _MALE_BASES):
        return 1.0
    if pair & _CARER_BASES:
        return 0.5
    return 1.0


# ----------------------------------------------------------------------------- one record

FIELDS = ("given_name", "family_name", "date_of_birth", "gender", "relationship",
          "address_line", "postcode", "phone", "email", "person_ref", "child_id")


def clean_ref(value: object) -> str | None:
    if value is None:
        return None
    s = _CONTROL.sub("", str(value)).strip()
    return s.upper() or None


# address lines that say there is none: blank, not an address that disagrees with the others
_NO_ADDRESS = {"no fixed abode", "nfa", "n f a", "no fixed address", "no address", "address unknown",
               "unknown", "not known", "nk", "none", "tbc", "homeless"}


def _without_name_prefix(given: str | None) -> str | None:
    """A role word written in front of the first name is not part of it (``nana mo`` -> ``mo``)."""
    tokens = (given or "").split()
    if len(tokens) > 1 and tokens[0] in _NAME_PREFIXES:
        return " ".join(tokens[1:])
    return given


def normalise_record(raw: dict) -> dict:
    """A dedupe-ready record (every value a string or ``None``) from a significant-adult
    row (contract column names; missing columns are treated as blank)."""
    given = _without_name_prefix(normalise_name(raw.get("given_name")))
    family = normalise_name(raw.get("family_name"))
    address = normalise_address(raw.get("address_line"))
    return {
        "given": given,
        "family": family,
        "full_name": " ".join(p for p in (given, family) if p) or None,
        "dob": normalise_dob(raw.get("date_of_birth")),
        "gender": normalise_gender(raw.get("gender")),
        "role": normalise_relationship(raw.get("relationship")),
        "address": None if address in _NO_ADDRESS else address,
        "postcode": normalise_postcode(raw.get("postcode")),
        "phone": normalise_phone(raw.get("phone")),
        "email": normalise_email(raw.get("email")),
        "ref": clean_ref(raw.get("person_ref")),
        "child": clean_ref(raw.get("child_id")),
    }
