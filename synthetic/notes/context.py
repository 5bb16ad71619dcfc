"""What a note writer knows while writing one note, and how they refer to people."""

from __future__ import annotations

import random
from datetime import date

from synthetic import roles
from synthetic.families import Child, Family, Rel
from synthetic.notes.text import M, typo_word
from synthetic.people import Person
from synthetic.world import World

DEFAULT_FORMS = {"full": 3, "first": 4, "nick": 1, "initials": 0.5, "title": 1, "role": 3,
                 "role_name": 1.5, "typo": 0.3, "lower": 0}


class Ctx:
    def __init__(self, rng: random.Random, world: World, fam: Family, child: Child, when: date,
                 note_type: str, author, forms: dict[str, float] | None = None) -> None:
        self.rng = rng
        self.world = world
        self.fam = fam
        self.child = child
        self.when = when
        self.note_type = note_type
        self.author = author  # world.Worker
        f = forms or DEFAULT_FORMS
        self._forms = list(f.keys())
        self._weights = list(f.values())
        self._roles = {r.person.pid: r.role for r in child.rels}
        self._spoken_counts: dict[str, int] = {}
        for r in child.rels:
            for w in roles.SPOKEN.get(r.role, ()):
                self._spoken_counts[w.lower()] = self._spoken_counts.get(w.lower(), 0) + 1

    # ---- choosing ------------------------------------------------------------------
    def pick(self, *options):
        return options[self.rng.randrange(len(options))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # ---- who is around -------------------------------------------------------------
    def rels(self, *role_names: str) -> list[Rel]:
        return [r for r in self.child.rels if r.role in role_names]

    def one(self, *role_names: str) -> Person | None:
        rs = self.rels(*role_names)
        if not rs:
            return None
        return rs[self.rng.randrange(len(rs))].person

    @property
    def age(self) -> int | None:
        return self.child.person.age_on(self.when)

    def mum(self) -> Person | None:
        return self.one("mother")

    def dad(self) -> Person | None:
        return self.one("father")

    def partner(self) -> Person | None:
        return self.one("mother's partner")

    def carer(self) -> Person | None:
        cs = [r.person for r in self.child.rels if r.category == roles.CARER
              and (r.end is None or r.end >= self.when)]
        return self.rng.choice(cs) if cs else None

    def kin(self) -> Person | None:
        return self.one("maternal grandmother", "maternal grandfather", "paternal grandmother",
                        "paternal grandfather", "maternal aunt", "maternal uncle", "paternal aunt",
                        "paternal uncle")

    def community(self) -> Person | None:
        return self.one("family friend", "neighbour", "godparent")

    def sibling(self) -> Person | None:
        return self.one("brother", "sister", "half-brother", "half-sister")

    def peer(self) -> Person | None:
        return self.one("friend", "boyfriend", "girlfriend")

    def associate(self) -> Person | None:
        return self.one("older associate")

    def adults_at_home(self) -> list[Person]:
        out = [r.person for r in self.child.rels if r.role in ("mother", "mother's partner")
               or (r.category == roles.CARER and r.end is None)]
        return out

    def any_adult(self) -> Person | None:
        rs = [r for r in self.child.rels if r.category in (roles.FAMILY, roles.HOUSEHOLD, roles.COMMUNITY, roles.CARER)
              and not r.person.is_child]
        return self.rng.choice(rs).person if rs else None

    def pro(self, role: str) -> Person:
        """The family's professional of that kind (the same HV every time for this family)."""
        key = f"{role}:{self.child.school}" if role in ("class teacher", "designated safeguarding lead", "head teacher") else role
        p = self.fam.pros.get(key)
        if p is None:
            if role in ("class teacher", "designated safeguarding lead", "head teacher"):
                school = self.child.school or self.rng.choice(self.fam.town.primary_schools)
                pool = self.world.school_staff[school][role]
            elif role == "GP":
                pool = self.world.gp[self.fam.gp_surgery]
            else:
                pool = self.world.pros[(self.fam.town.name, role)]
            p = self.rng.choice(pool)
            self.fam.pros[key] = p
        return p

    def manager(self):
        return self.world.managers.get(self.author.team) if self.author else None

    def worker(self, canon: str):
        ws = [a.worker for a in self.child.allocs if a.worker.canon == canon
              and a.start <= self.when and (a.end is None or a.end >= self.when)]
        return ws[-1] if ws else None

    # ---- places ---------------------------------------------------------------------
    def hotspot(self) -> str:
        if self.child.cluster and self.chance(0.7):
            return self.rng.choice(self.child.cluster.hotspots)
        return self.rng.choice(self.fam.town.hotspots)

    def school(self) -> str:
        return self.child.school or self.rng.choice(self.fam.town.primary_schools)

    def home_addr(self) -> str:
        a = self.child.address
        return a.line(self.rng) if self.chance(0.7) else f"{a.number} {a.street}"

    # ---- referring -------------------------------------------------------------------
    def role_of(self, p: Person) -> str | None:
        if p is self.child.person:
            return None
        r = self._roles.get(p.pid)
        if r is not None:
            return r
        return p.job

    def _spoken_ok(self, word: str, role: str) -> bool:
        if word.lower() in roles.GENERIC_SPOKEN or role in ("older associate", "friend"):
            return self._spoken_counts.get(word.lower(), 0) <= 1
        return True

    def spoken(self, p: Person) -> list | None:
        """A role-only mention ("MGM", "the HV") or None if that would be ambiguous."""
        role = self.role_of(p)
        opts = roles.SPOKEN.get(role or "", ())
        if not opts:
            return None
        w = opts[self.rng.randrange(len(opts))]
        if role in roles.PROFESSIONAL_ROLES:
            if role in ("police officer",) or sum(1 for k in self.fam.pros if k.startswith(role)) > 1:
                return None
        if not self._spoken_ok(w, role):
            w = opts[0]
            if not self._spoken_ok(w, role):
                return None
        if w.startswith("the "):
            return ["the ", M(w[4:], p.pid, role)]
        return [M(w, p.pid, role)]

    def name_of(self, p: Person, how: str) -> str:
        """One surface name string of p (no role words)."""
        g = p.given
        if how == "nick" or (how == "first" and p.nick and self.chance(0.35)) or not p.known_name:
            g = p.nick or p.given
            if not p.known_name or how == "nick":
                return g
        if how == "first":
            return g
        if how == "full":
            if p.middle and self.chance(0.15):
                return f"{p.given} {p.middle} {p.family}"
            return f"{p.given} {p.family}"
        if how == "initials":
            parts = (p.given.split("-")[0][:1] + "".join(w[:1] for w in p.family.replace("-", " ").split())).upper()
            return parts if self.chance(0.8) else ".".join(parts) + "."
        if how == "title":
            t = p.title or ("Ms" if p.gender == "Female" else "Mr")
            return f"{t} {p.family}"
        if how == "typo":
            return typo_word(self.rng, p.given) if self.chance(0.6) else f"{p.given} {typo_word(self.rng, p.family)}"
        if how == "lower":
            return p.given.lower()
        return f"{p.given} {p.family}"

    def ref(self, p: Person | None, how: str | None = None) -> list:
        """Refer to p the way this note's writer would: name, nickname, initials, role..."""
        if p is None:
            return []
        role = self.role_of(p)
        if how is None:
            how = self.rng.choices(self._forms, weights=self._weights)[0]
        if p is self.child.person:
            return [M(self._child_name(how), p.pid, None)]
        if not p.known_name:
            nick = p.nick or p.given
            if how == "role_name" and self.chance(0.5):
                return [M(nick, p.pid, role), " (", M(self.pick("older male", "associate", "older associate"), p.pid, role), ")"]
            return [M(nick, p.pid, role)]
        if p.is_child:  # a sibling or a peer
            if how in ("role", "role_name"):
                sp = self.spoken(p)
                if sp and how == "role":
                    return sp
                if sp:
                    return [*sp, " ", M(self.name_of(p, "first"), p.pid, role)] if self.chance(0.5) \
                        else [M(self.name_of(p, "first"), p.pid, role), " (", *sp, ")"]
            if how in ("title",):
                how = "full"
            return [M(self.name_of(p, how if how != "role" else "first"), p.pid, role)]
        if p.job:
            return self._ref_pro(p, how, role)
        if how == "role":
            sp = self.spoken(p)
            if sp:
                return sp
            how = "first"
        if how == "role_name":
            sp = self.spoken(p)
            if sp:
                r = self.rng.random()
                if role and "grand" in role and r < 0.35:
                    w = self.pick("Nana", "Nan", "Gran", "Grandma") if p.gender == "Female" else self.pick("Grandad", "Pops", "Grandpa")
                    return [M(f"{w} {p.nick or p.given}", p.pid, role)]
                if r < 0.65:
                    return [*sp, " (", M(self.name_of(p, "first"), p.pid, role), ")"]
                return [M(self.name_of(p, self.pick("full", "first")), p.pid, role), " (", *sp, ")"]
            how = "full"
        return [M(self.name_of(p, how), p.pid, role)]

    def _ref_pro(self, p: Person, how: str, role: str | None) -> list:
        abbr = roles.PREFIX.get(role or "")
        if how in ("role",):
            sp = self.spoken(p)
            if sp:
                return sp
            how = "title"
        if how == "title":
            if p.title in ("DC", "PC", "DS", "PCSO", "Dr") or self.chance(0.5):
                return [M(f"{p.title} {p.family}", p.pid, role)]
            return [M(f"{p.given} {p.family}", p.pid, role)]
        if how == "role_name":
            if abbr and self.chance(0.4):
                return [M(f"{abbr} {p.given}", p.pid, role)]
            sp = self.spoken(p)
            nm = M(self.name_of(p, self.pick("full", "first", "title")), p.pid, role)
            if sp and self.chance(0.6):
                return [nm, " (", *sp, ")"]
            return [nm, f" ({p.agency})" if p.agency else ""]
        if how in ("initials", "nick", "lower", "typo"):
            how = "first" if how != "typo" else "typo"
        return [M(self.name_of(p, how), p.pid, role)]

    def _child_name(self, how: str) -> str:
        p = self.child.person
        if p.given.lower().startswith(("unborn", "baby")):
            return self.pick("unborn baby", "baby", "the unborn") if how == "role" else p.given
        first = self.child.preferred or p.given
        if how == "full":
            return f"{p.given} {p.family}"
        if how == "initials":
            return (p.given[:1] + p.family[:1]).upper()
        if how == "lower":
            return first.lower()
        if how == "typo" and self.chance(0.5):
            return typo_word(self.rng, first)
        if self.child.preferred and self.chance(0.3):
            return p.given
        return first

    def me(self, how: str | None = None) -> list:
        return self.ref(self.child.person, how)
