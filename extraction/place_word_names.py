"""A given name before a capitalised place word: a person's full name or a place?

"Kieran Lodge, known as 'Bigz'" is a man and "Keeley Brook" a woman, but "at Kieran Lodge" is
a building and "4 Keeley Brook" an address. Surnames that are place words (Lodge, Brook, Green,
Hill, Field, Wood, ...) made the place rules read the pair as a PLACE, or the name filter cut the
surname off, and the council then held two persons for one. The words around the pair decide:

- place: a number or a preposition of place before it ("at", "to", "from", "4"), a street word
  or a premises word after it ("Kieran Lodge Road", "Green Lane");
- person: a role, kin word or note verb before it ("her partner Keeley Brook", "Saw Jade Hill"),
  or after it an alias, a bracketed role, a verb of a person or "and her partner" ("Kieran Lodge,
  known as", "Tyrone Field (uncle)", "Keeley Brook said");
- neither: a surname-like word (Lodge, Brook, Green...) after a given name is a surname; a
  street word (Street, Lane, Road...) keeps the place.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extraction import lexicon, name_model

# capitalised words that are both English surnames and place/building words
PLACE_WORD_SURNAMES = frozenset({
    "lodge", "brook", "brooks", "green", "greene", "hill", "hills", "field", "fields", "wood", "woods",
    "hall", "house", "mill", "mills", "church", "park", "court", "banks", "bank", "bridge", "bridges",
    "ford", "well", "wells", "dale", "moor", "moore", "marsh", "heath", "grove", "lake", "rivers",
    "stone", "forest", "grange", "chapel", "cross", "castle", "gate", "gates", "meadows", "shaw",
    "holt", "lea", "leigh", "street", "lane", "close",
})
# words whose reading as a place wins when nothing around the pair says otherwise: streets
# and buildings ("Linden House", "Willow Bank"); the common surnames (Green, Hill, Wood, Brook,
# Hall, Field) default to the person
STREET_WORDS = frozenset({"street", "lane", "close", "road", "avenue", "drive", "way", "crescent",
                          "terrace", "place", "row", "walk", "gardens", "square", "mews", "court",
                          "house", "lodge", "bank", "cross", "bridge", "gate", "gates", "grange",
                          "chapel", "castle", "park"})
# after the pair, these make it a place ("Kieran Lodge Road", "Brook House")
_PLACE_AFTER = STREET_WORDS | {"estate", "centre", "school", "academy", "primary", "college", "hospital",
                               "surgery", "station", "house", "park", "flats", "hotel", "farm", "ward",
                               "unit", "nursery", "lodge", "hall", "court", "community"}
_PLACE_BEFORE = {"at", "to", "from", "in", "into", "near", "outside", "inside", "towards", "around", "on",
                 "off", "along", "via", "behind", "opposite", "past", "round", "address", "no", "no.",
                 "flat", "number"}
_PERSON_BEFORE = {"with", "and", "&", "named", "called", "partner", "boyfriend", "girlfriend", "friend",
                  "mate", "brother", "sister", "cousin", "uncle", "aunt", "son", "daughter", "husband",
                  "wife", "nephew", "niece", "father", "mother", "dad", "mum", "stepdad", "lodger",
                  "associate", "peer", "adult", "male", "female", "man", "woman", "boy", "girl"}
# a first word this common is an everyday word ("Red Cross"), not a given name
_EVERYDAY_WORD_ZIPF = 4.5
_ALIAS_AFTER = {"known", "aka", "a.k.a.", "also", "nicknamed", "who", "whose"}


def is_pair(doc: Doc, i: int) -> bool:
    """Token i is a capitalised given name and token i+1 a capitalised place-word surname."""
    if i + 1 >= len(doc):
        return False
    first, second = doc[i], doc[i + 1]
    return (first.is_title and first.is_alpha and second.is_title and second.is_alpha
            and second.lower_ in PLACE_WORD_SURNAMES and first.lower_ in name_model.given_names()
            and first.lower_ not in lexicon.NOT_NAMES and first.lower_ not in name_model.place_names()
            and (first.lower_ in lexicon.AMBIGUOUS_NAMES
                 or name_model.word_frequency(first.lower_) < _EVERYDAY_WORD_ZIPF)  # not "Red Cross"
            and not first.whitespace_.count("\n"))


def _prev(doc: Doc, i: int) -> Token | None:
    j = i - 1
    if j >= 0 and doc[j].lower_ == "the":
        return doc[j]  # "the Kieran Lodge": a building
    return doc[j] if j >= 0 else None


# before "to"/"from"/"at", these make the preposition a person's ("spoke to", "a call from")
_TALK = {"spoke", "speak", "speaks", "speaking", "talked", "talk", "talks", "talking", "said", "say",
         "says", "lied", "shouted", "listened", "explained", "introduced", "married", "engaged",
         "related", "wrote", "written", "texted", "messaged", "replied", "next", "close", "linked",
         "connected", "call", "calls", "text", "texts", "message", "messages", "letter", "threats",
         "referred", "belongs", "belonged", "owed", "owes", "gave", "given", "looked", "laughed"}


def _place_preposition(doc: Doc, prev: Token) -> bool:
    if prev.lower_ not in _PLACE_BEFORE:
        return False
    before = doc[prev.i - 1] if prev.i > 0 else None
    return not (prev.lower_ in ("to", "from", "at", "with") and before is not None and before.lower_ in _TALK)


def reading(doc: Doc, i: int) -> str:
    """"PERSON" or "PLACE" for the pair at tokens i, i+1 (see the module's rules)."""
    prev = _prev(doc, i)
    nxt = doc[i + 2] if i + 2 < len(doc) else None
    nxt2 = doc[i + 3] if i + 3 < len(doc) else None
    if prev is not None and prev.text in lexicon.TITLES:
        return "PERSON"  # "Ms Grace Lane"
    if prev is not None and (prev.like_num or prev.lower_ == "the" or _place_preposition(doc, prev)):
        return "PLACE"
    if nxt is not None and ((nxt.is_title and nxt.lower_ in _PLACE_AFTER) or nxt.lower_ in lexicon.PLACE_HEADS
                            or (nxt.lower_ == "children" and nxt2 is not None and nxt2.lower_ in ("'s", "\u2019s"))):
        return "PLACE"  # "Callum Field Road", "Willow Bank children's home"
    if prev is not None and (prev.lower_ in _PERSON_BEFORE or prev.lower_ in lexicon.NOTE_VERBS
                             or prev.lower_ in lexicon.PERSON_NOUNS or lexicon.role_of_text(prev.text)):
        return "PERSON"
    if nxt is not None:
        if nxt.lower_ in _ALIAS_AFTER or nxt.lower_ in ("'s", "\u2019s"):
            return "PERSON"
        if nxt.text in (",", "(") and nxt2 is not None and (nxt2.lower_ in _ALIAS_AFTER or lexicon.role_of_text(nxt2.text)
                                                             or nxt2.lower_ in lexicon.PERSON_NOUNS
                                                             or (nxt2.is_digit and len(nxt2.text) <= 2)):
            return "PERSON"
        if nxt.lower_ in lexicon.NAME_VERBS or (nxt.lower_ == "and" and nxt2 is not None
                                                 and nxt2.lower_ in ("his", "her", "their")):
            return "PERSON"
    return "PLACE" if doc[i + 1].lower_ in STREET_WORDS else "PERSON"
