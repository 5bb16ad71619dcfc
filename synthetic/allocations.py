"""Worker allocation histories (ended + current) and record restriction for a family."""

from __future__ import annotations

import random
from datetime import timedelta

from synthetic.families import Alloc, Child, Family
from synthetic.people import Ids, add_years, random_date
from synthetic.world import World, team_name


def _team_kind(c: Child) -> str:
    return {"Early Help": "early_help", "CIN": "safeguarding", "CP": "safeguarding",
            "LAC": "cic", "Care leaver": "leaving_care"}[c.legal_status]


def _pool(world: World, kind: str, town: str):
    ws = world.workers.get(team_name(town, kind)) or world.workers.get(team_name("", kind))
    return ws


def allocate(rng: random.Random, world: World, ids: Ids, fam: Family) -> None:
    town = fam.town.name
    for c in fam.children:
        end = c.active_end
        kind = _team_kind(c)
        if c.cluster is not None and rng.random() < 0.5:
            kind = "adolescent"
        if kind == "safeguarding" and rng.random() < 0.03:
            kind = "cwd"
        periods = []
        t = c.open_date
        if rng.random() < 0.3:  # front door first
            t2 = t + timedelta(days=rng.randint(3, 20))
            periods.append(("mash", t, min(t2, end)))
            t = t2
        if kind == "leaving_care":
            eighteen = add_years(c.person.dob, 18) if c.person.dob else t
            if eighteen > t:
                periods.append(("cic", t, eighteen))
                t = eighteen
        n_sw = rng.choices((1, 2, 3, 4), weights=(45, 30, 17, 8))[0]
        cuts = sorted(random_date(rng, t, end) for _ in range(n_sw - 1))
        starts = [t] + cuts
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else None
            periods.append((kind, s, e))
        if c.legal_status == "LAC" or (kind == "leaving_care" and rng.random() < 0.5):
            periods.append(("iro", c.open_date + timedelta(days=rng.randint(10, 40)), None))
        if c.legal_status == "CP" and rng.random() < 0.35:
            periods.append(("early_help", c.open_date + timedelta(days=rng.randint(5, 60)), None))
        for k, s, e in periods:
            if s >= end:
                continue
            if e is None and c.close_date is not None:
                e = c.close_date
            if e is not None and e > end:
                e = end
            # siblings share workers: pick deterministically by family + kind + start
            pool = _pool(world, k, town)
            w = pool[(hash_str(f"{fam.index}:{k}:{s.isoformat()}")) % len(pool)] if rng.random() < 0.85 \
                else rng.choice(pool)
            c.allocs.append(Alloc(ids.next("A"), w, s, e))
        c.allocs.sort(key=lambda a: a.start)
        if rng.random() < 0.035 and c.allocs:
            c.restricted = True
    if any(c.restricted for c in fam.children) and rng.random() < 0.7:
        for c in fam.children:
            c.restricted = bool(c.allocs)
    for c in fam.children:
        if c.restricted and c.allocs:
            teams = {a.worker.team for a in c.allocs if a.end is None} or {c.allocs[-1].worker.team}
            if rng.random() < 0.5:
                teams.add("Safeguarding Leadership")
            c.teams = sorted(teams)


def hash_str(s: str) -> int:
    """A stable (not per-process salted) hash."""
    h = 2166136261
    for ch in s.encode():
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


def worker_at(c: Child, d) -> object:
    """The worker allocated on date d (the latest-starting allocation covering it)."""
    best = None
    for a in c.allocs:
        if a.start <= d and (a.end is None or d <= a.end):
            best = a
    if best is None:
        best = c.allocs[-1] if c.allocs else None
    return best.worker if best else None
