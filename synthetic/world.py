"""Council-wide pools shared by all families: towns, staff, partner professionals, foster
carers and exploitation clusters. Built once, deterministically, from the seed and size."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from synthetic import names, places
from synthetic.people import Ids, Person, new_person

EXPORT_DATE = date(2024, 6, 1)

AGENCIES = {
    "health visitor": ("0-19 Health Service", "Health Visiting Team", "Public Health Nursing"),
    "school nurse": ("School Nursing Service", "0-19 Health Service"),
    "GP": None,  # the surgery
    "police officer": ("{force} Police", "{force} Police", "MASH police", "Child Exploitation Team"),
    "housing officer": ("{town} Homes", "Housing Options", "{town} Housing Association"),
    "CAMHS worker": ("CAMHS", "{town} CAMHS", "Healthy Minds"),
    "youth justice worker": ("Youth Justice Service", "YOT"),
    "IDVA": ("IDVA Service", "Women's Aid", "Domestic Abuse Hub"),
    "midwife": ("{town} Maternity", "Community Midwifery"),
    "substance misuse worker": ("Turning Point", "Change Grow Live", "Drug and Alcohol Service"),
    "family worker": ("Barnardo's", "Action for Children", "Home-Start", "The Children's Society",
                      "{town} Family Hub", "Young Carers"),
    "paediatrician": ("{town} General Hospital", "Community Paediatrics"),
}
POLICE_RANKS = ("DC", "DC", "PC", "PC", "PC", "DS", "PCSO")


@dataclass
class Worker:
    person: Person
    worker_id: str
    role: str           # contract role text: "Social Worker", ...
    canon: str          # canonical role: "social worker"
    team: str
    town: str


@dataclass
class Cluster:
    """A MACE cluster: older associates, places and addresses that connect several teens."""
    cid: int
    town: places.Town
    associates: list[Person]
    addresses: list[str]
    hotspots: list[str]
    phone: str
    car: str
    members: list[tuple[Person, str]] = field(default_factory=list)  # (child person, child_id)


@dataclass
class World:
    towns: list[places.Town]
    workers: dict[str, list[Worker]]                       # team -> workers
    pros: dict[tuple[str, str], list[Person]]              # (town, role) -> people
    school_staff: dict[str, dict[str, list[Person]]]       # school -> role -> people
    gp: dict[str, list[Person]]                            # surgery -> GPs
    foster_homes: dict[str, list[list[Person]]]            # town -> households
    clusters: dict[str, list[Cluster]]                     # town -> clusters
    managers: dict[str, Worker]                            # team -> manager
    force: str = "Kelder and Eastfield"

    def teams_for(self, town: str, kind: str) -> list[Worker]:
        return self.workers.get(team_name(town, kind), [])

    def all_global_people(self) -> list[Person]:
        seen: dict[str, Person] = {}
        for ws in self.workers.values():
            for w in ws:
                seen[w.person.pid] = w.person
        for w in self.managers.values():
            seen[w.person.pid] = w.person
        for ps in self.pros.values():
            for p in ps:
                seen[p.pid] = p
        for roles in self.school_staff.values():
            for ps in roles.values():
                for p in ps:
                    seen[p.pid] = p
        for ps in self.gp.values():
            for p in ps:
                seen[p.pid] = p
        for homes in self.foster_homes.values():
            for h in homes:
                for p in h:
                    seen[p.pid] = p
        for cs in self.clusters.values():
            for c in cs:
                for p in c.associates:
                    seen[p.pid] = p
        return list(seen.values())


TEAM_KINDS = {
    "safeguarding": ("Social Worker", "social worker", "{town} Safeguarding"),
    "early_help": ("Family Support Worker", "family support worker", "{town} Early Help"),
    "cic": ("Social Worker", "social worker", "{town} Children in Care"),
    "adolescent": ("Social Worker", "social worker", "Adolescent Service"),
    "leaving_care": ("Personal Advisor", "personal advisor", "Leaving Care Team"),
    "iro": ("Independent Reviewing Officer", "independent reviewing officer", "IRO Service"),
    "fostering": ("Supervising Social Worker", "supervising social worker", "Fostering Service"),
    "mash": ("Social Worker", "social worker", "MASH"),
    "cwd": ("Social Worker", "social worker", "Children with Disabilities"),
}
_TOWN_TEAMS = ("safeguarding", "early_help", "cic")


def team_name(town: str, kind: str) -> str:
    return TEAM_KINDS[kind][2].format(town=town)


def _pick_heritage(rng: random.Random) -> names.Heritage:
    return names.pick_heritage(rng)


def _staff(rng: random.Random, ids: Ids, *, job: str, agency: str | None, title: str | None = None,
           age: tuple[int, int] = (24, 62)) -> Person:
    h = _pick_heritage(rng)
    g = rng.choice(("Female", "Female", "Female", "Male"))
    p = new_person(rng, ids, h, g, age=None, on=EXPORT_DATE, job=job, agency=agency)
    if title:
        p.title = title
    p.is_global = True
    return p


def build_world(seed: int, n_children: int, ids: Ids) -> World:
    rng = random.Random(f"{seed}:world")
    towns = places.build_towns(rng)
    scale = max(1.0, n_children / 100)
    workers: dict[str, list[Worker]] = {}
    managers: dict[str, Worker] = {}
    wids = Ids()

    def add_team(kind: str, town: str, n: int) -> None:
        role, canon, _ = TEAM_KINDS[kind]
        team = team_name(town, kind)
        if team in workers:
            return
        ws = []
        for _ in range(max(2, n)):
            p = _staff(rng, ids, job=canon, agency="Children's Services")
            ws.append(Worker(p, wids.next("W"), role, canon, team, town))
        workers[team] = ws
        mp = _staff(rng, ids, job="team manager", agency="Children's Services")
        managers[team] = Worker(mp, wids.next("W"), "Team Manager", "team manager", team, town)

    for t in towns:
        add_team("safeguarding", t.name, int(2.2 * scale))
        add_team("early_help", t.name, int(1.0 * scale))
        add_team("cic", t.name, int(0.9 * scale))
    for kind, n in (("adolescent", 1.2), ("leaving_care", 1.5), ("iro", 1.0), ("fostering", 0.6),
                    ("mash", 0.5), ("cwd", 0.6)):
        add_team(kind, "", int(n * scale))

    pros: dict[tuple[str, str], list[Person]] = {}
    school_staff: dict[str, dict[str, list[Person]]] = {}
    gp: dict[str, list[Person]] = {}
    foster: dict[str, list[list[Person]]] = {}
    clusters: dict[str, list[Cluster]] = {}
    force = "Kelder and Eastfield"
    for t in towns:
        for role, per in (("health visitor", 0.8), ("school nurse", 0.3), ("police officer", 1.2),
                          ("housing officer", 0.4), ("CAMHS worker", 0.5), ("youth justice worker", 0.3),
                          ("IDVA", 0.25), ("midwife", 0.3), ("substance misuse worker", 0.3),
                          ("family worker", 0.5), ("paediatrician", 0.15)):
            n = max(1, int(per * scale))
            ppl = []
            for _ in range(n):
                agency = rng.choice(AGENCIES[role]).format(town=t.name, force=force)
                title = rng.choice(POLICE_RANKS) if role == "police officer" else (
                    "Dr" if role == "paediatrician" else None)
                ppl.append(_staff(rng, ids, job=role, agency=agency, title=title))
            pros[(t.name, role)] = ppl
        for school in t.primary_schools + t.secondary_schools:
            staff = {
                "designated safeguarding lead": [_staff(rng, ids, job="designated safeguarding lead", agency=school)],
                "class teacher": [_staff(rng, ids, job="class teacher", agency=school)
                                  for _ in range(max(2, int(0.6 * scale)))],
                "head teacher": [_staff(rng, ids, job="head teacher", agency=school)],
            }
            school_staff[school] = staff
        for s in t.gp_surgeries:
            gp[s] = [_staff(rng, ids, job="GP", agency=s, title="Dr") for _ in range(rng.randint(2, 4))]
        homes = []
        for _ in range(max(2, int(1.0 * scale))):
            h = _pick_heritage(rng)
            fam = names.surname(rng, h)
            addr = places.address(rng, t)
            carers = []
            for g in (("Female", "Male") if rng.random() < 0.65 else (rng.choice(("Female", "Female", "Male")),)):
                p = new_person(rng, ids, h, g, age=rng.randint(34, 66), on=EXPORT_DATE,
                               family=names.feminine_surname(fam, h.key) if g == "Female" else fam,
                               address=addr, phone=places.phone(rng))
                p.is_global = True
                if rng.random() < 0.5:
                    p.person_ref = f"PR{rng.randint(100000, 999999)}"
                carers.append(p)
            homes.append(carers)
        foster[t.name] = homes
        n_clusters = max(1 if n_children >= 20 else 0, int(n_children / 900))
        cl = []
        for _ in range(n_clusters):
            cl.append(_cluster(rng, ids, t, len(cl)))
        clusters[t.name] = cl
    # hostile-but-valid strings: they are just names, and must survive every file format
    for cs in clusters.values():
        if cs:
            cs[0].associates[-1].nick = "'}) DETACH DELETE n //"
            cs[0].associates[0].nick = 'Big "T"'
            break
    first_home = foster[towns[0].name][0]
    first_home[0].given = "Zoë" if first_home[0].gender == "Female" else "Łukasz"
    return World(towns, workers, pros, school_staff, gp, foster, clusters, managers, force)


def _cluster(rng: random.Random, ids: Ids, t: places.Town, k: int) -> Cluster:
    assoc = []
    used = set()
    for i in range(rng.randint(2, 4)):
        h = _pick_heritage(rng)
        p = new_person(rng, ids, h, rng.choice(("Male", "Male", "Male", "Female")),
                       age=rng.randint(17, 29), on=EXPORT_DATE)
        street = rng.choice([s for s in names.STREET_NAMES if s not in used])
        used.add(street)
        p.nick = street
        p.known_name = rng.random() < 0.5
        p.is_global = True
        p.title = None
        p.phone = places.phone(rng)
        assoc.append(p)
    blocks = rng.sample(t.blocks, min(2, len(t.blocks)))
    addresses = [f"{rng.randint(1, 60)} {b}" for b in blocks[: rng.randint(1, 2)]]
    hotspots = rng.sample(t.hotspots, 3)
    car = f"{rng.choice(('black', 'silver', 'white', 'grey', 'blue'))} {rng.choice(('Audi', 'Golf', 'BMW', 'Mercedes', 'Corsa', 'Range Rover', 'Toyota Yaris'))}"
    return Cluster(k, t, assoc, addresses, hotspots, places.phone(rng), car)
