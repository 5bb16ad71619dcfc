"""How one true adult is recorded on one child's file: real-world variation per record."""

from __future__ import annotations

import random
from datetime import date

from synthetic import names, places
from synthetic.notes.text import typo_word
from synthetic.people import Person


def recorded_given(rng: random.Random, p: Person) -> str:
    if not p.known_name:
        return p.nick or p.given
    r = rng.random()
    if r < 0.62:
        return p.given
    if r < 0.74:
        return p.nick or names.nickname(rng, p.given) or p.given
    if r < 0.81:
        return typo_word(rng, p.given)
    if r < 0.85:
        return p.given[:1] + rng.choice(("", "."))
    if r < 0.88:
        return ""
    if r < 0.92 and p.middle:
        return f"{p.given} {p.middle}"
    if r < 0.95:
        return p.given.upper()
    return p.given.lower() if rng.random() < 0.5 else p.given


def recorded_family(rng: random.Random, p: Person) -> str:
    if not p.known_name:
        return ""
    r = rng.random()
    if r < 0.78:
        return p.family
    if r < 0.84:
        return typo_word(rng, p.family)
    if r < 0.89 and p.maiden:
        return p.maiden
    if r < 0.92:
        return ""
    if r < 0.95:
        return p.family.upper()
    if "-" in p.family:
        return p.family.split("-")[rng.randint(0, 1)]
    return p.family.replace("'", "") if "'" in p.family else p.family


def recorded_dob(rng: random.Random, p: Person) -> str:
    d = p.dob
    if d is None:
        return ""
    r = rng.random()
    if r < 0.58:
        return d.isoformat()
    if r < 0.83:
        return ""
    if r < 0.89 and d.day <= 12 and d.day != d.month:
        return date(d.year, d.day, d.month).isoformat()   # day/month transposed
    if r < 0.93:
        return date(d.year, 1, 1).isoformat()              # partial: year only, entered as 1 Jan
    if r < 0.97:
        try:
            return d.replace(year=d.year + rng.choice((-1, 1))).isoformat()
        except ValueError:
            return d.isoformat()
    return date(d.year, d.month, 1).isoformat()


def recorded_gender(rng: random.Random, p: Person) -> str:
    r = rng.random()
    if r < 0.8:
        return p.gender
    if r < 0.9:
        return ""
    return p.gender[:1]


def recorded_address(rng: random.Random, p: Person) -> tuple[str, str]:
    r = rng.random()
    a = p.address
    if p.old_address is not None and r < 0.2:
        a = p.old_address
    elif r > 0.72:
        return "", ""
    if a is None:
        return "", ""
    line = a.line(rng)
    pc = a.postcode_as(rng) if rng.random() < 0.9 else ""
    return line, pc


def recorded_phone(rng: random.Random, p: Person) -> str:
    if not p.phone or rng.random() < 0.35:
        return ""
    return places.phone_as(rng, p.phone)


def recorded_ref(rng: random.Random, p: Person) -> str:
    if p.person_ref and rng.random() < 0.75:
        return p.person_ref
    return ""


def recorded_email(rng: random.Random, p: Person) -> str:
    if p.email and rng.random() < 0.6:
        return p.email if rng.random() < 0.8 else p.email.upper()
    return ""
