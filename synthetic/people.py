"""The true people of the synthetic world, and the id counters that name everything."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from synthetic import names
from synthetic.places import Address


@dataclass(eq=False)
class Person:
    pid: str
    given: str
    family: str
    gender: str
    dob: date | None = None
    heritage: str = "anglo"
    nick: str | None = None          # what people call them ("Pat", "Dave", "Zee")
    middle: str | None = None
    maiden: str | None = None        # another surname they are recorded under
    phone: str | None = None
    address: Address | None = None
    old_address: Address | None = None
    email: str | None = None
    person_ref: str | None = None
    title: str | None = None         # Mrs / Ms / Mr / Miss / Dr / DC / PC
    job: str | None = None           # professional role (canonical)
    agency: str | None = None
    known_name: bool = True          # False: only ever known by nickname (street names)
    is_global: bool = False          # shared across families; written to persons.csv at the end
    is_child: bool = False

    @property
    def full(self) -> str:
        if not self.known_name:
            return self.nick or self.given
        return f"{self.given} {self.family}".strip()

    @property
    def canonical(self) -> str:
        if self.title and self.job and not self.given:
            return f"{self.title} {self.family}"
        return self.full

    def age_on(self, d: date) -> int | None:
        if self.dob is None:
            return None
        return d.year - self.dob.year - ((d.month, d.day) < (self.dob.month, self.dob.day))


class Ids:
    """Sequential id counters. Increment runs start from a high offset so they never collide."""

    def __init__(self, offset: int = 0) -> None:
        self.offset = offset
        self.counts: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        n = self.counts.get(prefix, 0) + 1
        self.counts[prefix] = n
        return f"{prefix}-{self.offset + n}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def dob_for_age(rng: random.Random, age: int, on: date) -> date:
    start = date(on.year - age - 1, on.month, min(on.day, 28)) + timedelta(days=1)
    return random_date(rng, start, start + timedelta(days=364))


def _title(rng: random.Random, gender: str) -> str:
    if gender == "Female":
        return rng.choice(("Mrs", "Ms", "Miss", "Ms"))
    return "Mr"


def new_person(rng: random.Random, ids: Ids, heritage: names.Heritage, gender: str, *,
               age: int | None, on: date, family: str | None = None, child: bool = False,
               **kw) -> Person:
    given = names.given_name(rng, heritage, gender, child=child)
    fam = family if family is not None else names.surname(rng, heritage, gender)
    p = Person(ids.next("P"), given, fam, gender, heritage=heritage.key, is_child=child, **kw)
    if age is not None:
        p.dob = dob_for_age(rng, age, on)
    if rng.random() < 0.35:
        p.nick = names.nickname(rng, given)
    if rng.random() < 0.12 and not child:
        p.middle = names.given_name(rng, heritage, gender)
    if p.title is None and not child:
        p.title = _title(rng, gender)
    return p


def add_years(d: date, n: int) -> date:
    """d plus n years (29 February becomes 28 February in non-leap years)."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)
