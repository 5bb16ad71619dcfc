"""People of the council and the words a practitioner uses for them.

A person carries the names a worker could write (full, first, short, title and
surname, initials) and, per child, the relationship that makes them part of that
child's network.  The words for a relationship ("mum", "MGM", "new partner") live
in ROLE_WORDS so that every family is spoken about in the same practice language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# category of each relationship a network member can have with a child
ROLE_CATEGORY = {
    "mother": "family", "father": "family", "brother": "family", "sister": "family",
    "half-brother": "family", "half-sister": "family", "twin brother": "family",
    "twin sister": "family", "maternal grandmother": "family",
    "maternal grandfather": "family", "paternal grandmother": "family",
    "paternal grandfather": "family", "maternal aunt": "family", "paternal aunt": "family",
    "maternal uncle": "family", "paternal uncle": "family", "cousin": "family",
    "great-grandmother": "family",
    "mother's partner": "household", "father's partner": "household",
    "stepfather": "household", "lodger": "household",
    "friend": "friend_or_peer", "best friend": "friend_or_peer",
    "girlfriend": "friend_or_peer", "boyfriend": "friend_or_peer",
    "older associate": "associate_or_risk", "associate of older associate": "associate_or_risk",
    "mother's partner's brother": "associate_or_risk", "friend's older brother": "associate_or_risk",
    "family friend": "community", "neighbour": "community", "faith leader": "community",
    "football coach": "community",
}

# words used in notes for a relationship; the first is the plain form
ROLE_WORDS = {
    "mother": ["mum", "mother", "Mum", "mam", "birth mum"],
    "father": ["dad", "father", "Dad", "birth dad"],
    "stepfather": ["stepdad", "step-dad", "mum's husband"],
    "mother's partner": ["mum's partner", "new partner", "mum's boyfriend", "partner", "mum's fella"],
    "father's partner": ["dad's partner", "dad's girlfriend"],
    "maternal grandmother": ["MGM", "maternal grandmother", "nan", "Nana", "gran"],
    "maternal grandfather": ["MGF", "maternal grandfather", "grandad"],
    "paternal grandmother": ["PGM", "paternal grandmother", "grandma"],
    "paternal grandfather": ["PGF", "paternal grandfather", "grandad"],
    "great-grandmother": ["great-nan", "great-grandmother"],
    "maternal aunt": ["MA", "maternal aunt", "aunt", "auntie"],
    "paternal aunt": ["PA", "paternal aunt", "aunt"],
    "maternal uncle": ["MU", "maternal uncle", "uncle"],
    "paternal uncle": ["PU", "paternal uncle", "uncle"],
    "brother": ["brother", "older brother", "younger brother"],
    "sister": ["sister", "older sister", "younger sister"],
    "half-brother": ["half-brother", "brother"],
    "half-sister": ["half-sister", "sister"],
    "twin brother": ["twin brother", "twin"],
    "twin sister": ["twin sister", "twin"],
    "cousin": ["cousin"],
    "friend": ["friend", "school friend"],
    "best friend": ["best friend", "friend"],
    "girlfriend": ["girlfriend"],
    "boyfriend": ["boyfriend"],
    "older associate": ["older male", "older lad", "older friend"],
    "associate of older associate": ["his mate", "another male"],
    "mother's partner's brother": ["partner's brother"],
    "friend's older brother": ["older brother"],
    "family friend": ["family friend", "friend of mum's"],
    "neighbour": ["neighbour"],
    "faith leader": ["pastor", "imam"],
    "football coach": ["coach", "football coach"],
    "class teacher": ["class teacher", "teacher"],
    "form tutor": ["form tutor"],
    "head of year": ["head of year", "HoY"],
    "designated safeguarding lead": ["DSL", "designated safeguarding lead"],
    "GP": ["GP"],
    "health visitor": ["health visitor", "HV"],
    "school nurse": ["school nurse", "SN"],
    "housing officer": ["housing officer"],
    "police officer": ["police officer", "officer"],
    "youth worker": ["youth worker"],
    "CAMHS practitioner": ["CAMHS worker", "CAMHS practitioner"],
    "social worker": ["SW", "social worker", "allocated worker"],
    "family support worker": ["FSW", "family support worker"],
    "independent reviewing officer": ["IRO"],
    "personal advisor": ["PA", "personal advisor"],
    "team manager": ["TM", "team manager", "manager"],
    "foster carer": ["foster carer", "FC", "carer"],
    "IDVA": ["IDVA"],
    "midwife": ["midwife"],
}

PROFESSIONAL_ROLES = {
    "class teacher", "form tutor", "head of year", "designated safeguarding lead", "GP",
    "health visitor", "school nurse", "housing officer", "police officer", "youth worker",
    "CAMHS practitioner", "social worker", "family support worker",
    "independent reviewing officer", "personal advisor", "team manager", "foster carer",
    "IDVA", "midwife",
}


def category_of(role: str) -> str:
    if role in PROFESSIONAL_ROLES:
        return "professional"
    return ROLE_CATEGORY[role]


@dataclass
class Person:
    """One real individual; `forms_used` collects every surface form written for them."""

    pid: str
    given: str
    family: str = ""
    sex: str = ""
    dob: str = ""
    nicks: list[str] = field(default_factory=list)
    title: str = ""
    alt_family: list[str] = field(default_factory=list)
    alias: str = ""  # street name, e.g. 'Tiny'
    forms_used: set[str] = field(default_factory=set)

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()

    def form(self, name: str, rng, style: str) -> str:
        """The text for form `name` ('full', 'given', 'nick', 'title', 'short', 'initials', 'caps')."""
        if name == "full":
            return self.full
        if name == "given":
            return self.given
        if name == "nick":
            return rng.choice(self.nicks) if self.nicks else self.given
        if name == "title":
            if self.title:
                return f"{self.title} {self.family}" if self.family else self.given
            return self.full
        if name == "tfull":
            return f"{self.title} {self.full}" if self.title else self.full
        if name == "alias":
            return self.alias or self.given
        if name == "surname":
            return self.family or self.given
        if name == "oldfull":
            fam = self.alt_family[0] if self.alt_family else self.family
            return f"{self.given} {fam}"
        if name == "initials":
            parts = [self.given, self.family] if self.family else [self.given]
            return "".join(p[0].upper() for p in parts if p)
        if name == "caps":
            return f"{self.given} {self.family.upper()}" if self.family else self.given.upper()
        if name == "short":
            return self.short(rng, style)
        raise KeyError(name)

    def short(self, rng, style: str) -> str:
        """The name a worker of this style would most likely write in running text."""
        if style == "caps":
            return self.form("caps", rng, style) if rng.random() < 0.5 else self.given
        if style == "formal":
            return self.form("title", rng, style) if self.title and rng.random() < 0.6 else self.given
        if self.nicks and style in ("warm", "terse") and rng.random() < 0.7:
            return rng.choice(self.nicks)
        return self.given
