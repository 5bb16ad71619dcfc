"""How a family and an area are written down: compact specs turned into Person objects."""

from __future__ import annotations

from dataclasses import dataclass, field

from people import Person


def a(name: str, sex: str = "", dob: str = "", nick=(), title: str | None = None, alt=(), alias: str = "") -> dict:
    """A person spec; 'Given Family' (or 'Given|Family' when the family name has spaces)."""
    if "|" in name:
        given, fam = name.split("|", 1)
    elif " " in name:
        given, fam = name.split(" ", 1)
    else:
        given, fam = name, ""
    if title is None:
        title = {"F": "Ms", "M": "Mr"}.get(sex, "")
    return {"given": given, "family": fam, "sex": sex, "dob": dob, "nicks": list(nick),
            "title": title, "alt_family": list(alt), "alias": alias}


def person(pid: str, spec: dict) -> Person:
    return Person(pid=pid, **spec)


@dataclass
class Kid:
    key: str
    spec: dict
    pref: str = ""
    school: str = "pri"  # 'pri', 'sec', '' (none / college)
    extras: dict = field(default_factory=dict)  # key -> (spec, role): friends, mates, carers
    alias: dict = field(default_factory=dict)  # cast key -> family adult key
    roles: dict = field(default_factory=dict)  # family adult key -> role (None: not related)
    legal: str = "CIN"
    restricted: bool = False


def kid(key, name, sex, dob, pref="", nick=(), school="pri", extras=None, alias=None, roles=None,
        legal="CIN", restricted=False) -> Kid:
    spec = a(name, sex, dob, nick=tuple(nick) + ((pref,) if pref else ()), title="")
    return Kid(key, spec, pref, school, extras or {}, alias or {}, roles or {}, legal, restricted)


@dataclass
class Rec:
    """A significant-adult record as a worker keyed it in, for some or all of the children."""

    adult: str
    relationship: str
    kids: tuple = ()  # empty: every child the adult is related to
    changes: dict = field(default_factory=dict)  # kid key -> {column: value} or '*' -> {...}
    pr: str = ""


def rec(adult, relationship, kids=(), pr="", **changes) -> Rec:
    per = {k: v for k, v in changes.items() if isinstance(v, dict)}
    common = {k: v for k, v in changes.items() if not isinstance(v, dict)}
    if common:
        per["*"] = common
    return Rec(adult, relationship, tuple(kids), per, pr)


@dataclass
class Family:
    fid: str
    background: str
    town: str
    address: str
    postcode: str
    arcs: tuple
    adults: dict  # key -> (spec, role)
    kids: list
    records: list
    opened: str  # yyyy-mm of first involvement
    old_address: str = ""
    team: str = ""
