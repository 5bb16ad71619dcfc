"""Build one family: its true people, the children's records and every child's relations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from synthetic import names, places, roles
from synthetic.people import Ids, Person, add_years, dob_for_age, new_person, random_date
from synthetic.world import EXPORT_DATE, Cluster, World

STATUSES = ("Early Help", "CIN", "CP", "LAC", "Care leaver")
_STATUS_W = (20, 30, 22, 20, 8)


@dataclass(eq=False)
class Rel:
    person: Person
    role: str                    # canonical role relative to the child
    category: str
    on_record: bool = False      # has a significant_adults row
    recorded_as: str | None = None
    pr: bool | None = None
    start: date | None = None
    end: date | None = None


@dataclass(eq=False)
class Alloc:
    allocation_id: str
    worker: object               # world.Worker
    start: date
    end: date | None


@dataclass(eq=False)
class Child:
    person: Person
    child_id: str
    legal_status: str
    open_date: date
    close_date: date | None
    address: places.Address
    gender_recorded: str
    preferred: str | None = None
    restricted: bool = False
    teams: list[str] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)
    allocs: list[Alloc] = field(default_factory=list)
    school: str | None = None
    cluster: Cluster | None = None
    peers: list[Person] = field(default_factory=list)
    updated_at: date | None = None
    horizon: date = EXPORT_DATE      # the export date this child's records run up to

    @property
    def active_end(self) -> date:
        return self.close_date or self.horizon

    def rel_for(self, person: Person) -> Rel | None:
        for r in self.rels:
            if r.person is person:
                return r
        return None


@dataclass(eq=False)
class Family:
    index: int
    town: places.Town
    children: list[Child]
    people: list[Person]                  # family-local true persons (adults, peers)
    tags: set[str]
    gp_surgery: str
    home: places.Address
    status: str
    pros: dict[str, Person] = field(default_factory=dict)   # consistent professional per role


def _rel(child: Child, p: Person, role: str, on_record_p: float, rng: random.Random, *,
         pr: bool | None = None, cat: str | None = None) -> Rel:
    r = Rel(p, role, cat or roles.category(role), rng.random() < on_record_p,
            rng.choice(roles.RECORDED[role]) if role in roles.RECORDED else None, pr)
    child.rels.append(r)
    return r


def build_family(rng: random.Random, world: World, ids: Ids, index: int, max_children: int,
                 cluster_rate: float = 0.25) -> Family:
    town = rng.choice(world.towns)
    status = rng.choices(STATUSES, weights=_STATUS_W)[0]
    h_m = names.pick_heritage(rng)
    h_f = h_m if rng.random() < 0.8 else names.pick_heritage(rng)
    n = min(max_children, rng.choices((1, 2, 3, 4, 5, 6), weights=(40, 28, 17, 9, 4, 2))[0])
    # ages, eldest first; None = unborn
    eldest = rng.randint(17, 23) if status == "Care leaver" else rng.choice(
        (rng.randint(0, 17), rng.randint(3, 15), rng.randint(8, 16)))
    ages: list[int | None] = [eldest]
    while len(ages) < n:
        nxt = ages[-1] - rng.choice((1, 1, 2, 2, 3, 4, 5))
        if nxt < 0:
            if status in ("CP", "CIN") and rng.random() < 0.3 and None not in ages:
                ages.append(None)
            break
        ages.append(nxt)
    home = places.address(rng, town)
    old_home = places.address(rng, town) if rng.random() < 0.6 else None
    people: list[Person] = []

    def adult(h, gender, age, family=None, **kw) -> Person:
        p = new_person(rng, ids, h, gender, age=age, on=EXPORT_DATE, family=family, **kw)
        if rng.random() < 0.15:
            p.person_ref = f"PR{rng.randint(100000, 999999)}"
        if rng.random() < 0.6:
            p.phone = places.phone(rng)
        if rng.random() < 0.08:
            p.email = f"{p.given.lower()}.{p.family.lower()}{rng.randint(1, 99)}@example.com".replace(" ", "").replace("'", "")
        people.append(p)
        return p

    mum_age = (eldest or 0) + rng.randint(17, 33)
    mum = adult(h_m, "Female", mum_age, address=home, old_address=old_home)
    n_fathers = 1 if n == 1 else rng.choices((1, 2, 3), weights=(55, 37, 8))[0]
    fathers: list[Person | None] = []
    for k in range(n_fathers):
        if rng.random() < 0.07:
            fathers.append(None)  # father unknown / not recorded
            continue
        hf = h_f if k == 0 else (h_m if rng.random() < 0.7 else names.pick_heritage(rng))
        f = adult(hf, "Male", mum_age + rng.randint(-3, 9),
                  address=places.address(rng, rng.choice(world.towns)))
        fathers.append(f)
    if fathers and fathers[0] is not None and rng.random() < 0.35:
        mum.maiden, mum.family = mum.family, names.feminine_surname(names.masculine_surname(fathers[0].family), h_m.key)
    # which father for each child: contiguous runs
    split = sorted(rng.sample(range(1, max(2, len(ages))), min(len(fathers) - 1, max(0, len(ages) - 1))))
    child_father: list[int] = []
    k = 0
    for i in range(len(ages)):
        while k < len(split) and i >= split[k]:
            k += 1
        child_father.append(min(k, len(fathers) - 1))
    partner: Person | None = None
    partner_is_father: int | None = None
    if rng.random() < 0.5:
        last = fathers[-1]
        if last is not None and len(fathers) > 1 and rng.random() < 0.6:
            partner, partner_is_father = last, len(fathers) - 1
            last.address = home
        else:
            partner = adult(names.pick_heritage(rng) if rng.random() < 0.4 else h_m, "Male",
                            mum_age + rng.randint(-6, 8), address=home)
    tags = set()
    for tag, p in (("domestic_abuse", 0.35), ("substance", 0.3), ("mental_health", 0.35),
                   ("neglect", 0.3), ("housing", 0.15), ("school", 0.3)):
        if rng.random() < p:
            tags.add(tag)

    # extended family
    maiden = mum.maiden or mum.family
    mgm = adult(h_m, "Female", mum_age + rng.randint(18, 30),
                family=maiden if rng.random() < 0.8 else names.surname(rng, h_m, "Female"),
                address=places.address(rng, town)) if rng.random() < 0.7 else None
    mgf = adult(h_m, "Male", mum_age + rng.randint(20, 34), family=names.masculine_surname(maiden),
                address=mgm.address if mgm and rng.random() < 0.6 else places.address(rng, town)) \
        if rng.random() < 0.35 else None
    mat_sibs = [adult(h_m, g, mum_age + rng.randint(-10, 10),
                      family=maiden if rng.random() < 0.6 or g == "Male" else None,
                      address=places.address(rng, town))
                for g in rng.choices(("Female", "Male"), k=rng.choice((0, 0, 1, 1, 2, 3)))]
    pat: dict[int, dict[str, list[Person]]] = {}
    for fi, f in enumerate(fathers):
        if f is None:
            continue
        hf = names.heritage(f.heritage)
        d: dict[str, list[Person]] = {"paternal grandmother": [], "paternal grandfather": [],
                                      "paternal aunt": [], "paternal uncle": [], "father's partner": []}
        if rng.random() < 0.35:
            d["paternal grandmother"].append(adult(hf, "Female", (f.age_on(EXPORT_DATE) or 30) + rng.randint(18, 30),
                                                   family=names.feminine_surname(f.family, hf.key)))
        if rng.random() < 0.2:
            d["paternal grandfather"].append(adult(hf, "Male", (f.age_on(EXPORT_DATE) or 30) + rng.randint(20, 33),
                                                   family=f.family))
        for g in rng.choices(("Female", "Male"), k=rng.choice((0, 0, 0, 1, 2))):
            d["paternal aunt" if g == "Female" else "paternal uncle"].append(
                adult(hf, g, (f.age_on(EXPORT_DATE) or 30) + rng.randint(-8, 8),
                      family=f.family if g == "Male" else None))
        if rng.random() < 0.15 and fi != partner_is_father:
            d["father's partner"].append(adult(names.pick_heritage(rng), "Female", (f.age_on(EXPORT_DATE) or 30) + rng.randint(-8, 3),
                                               address=f.address))
        pat[fi] = d
    community = []
    for role, p in (("family friend", 0.3), ("neighbour", 0.2), ("godparent", 0.05), ("family friend", 0.1)):
        if rng.random() < p:
            g = rng.choice(("Female", "Female", "Male"))
            community.append((role, adult(names.pick_heritage(rng) if rng.random() < 0.3 else h_m, g,
                                          mum_age + rng.randint(-10, 15),
                                          address=places.address(rng, town) if role != "neighbour" else None)))

    # children
    fam_open = random_date(rng, date(2017, 1, 1), EXPORT_DATE - timedelta(days=45))
    children: list[Child] = []
    for i, age in enumerate(ages):
        fi = child_father[i]
        f = fathers[fi] if fathers else None
        gender = rng.choice(("Female", "Male"))
        hc = names.heritage(f.heritage) if f is not None and rng.random() < 0.5 else h_m
        sur = _child_surname(rng, mum, f, h_m)
        cp = new_person(rng, ids, hc, gender, age=None, on=EXPORT_DATE, family=sur, child=True)
        cp.title = None
        if age is None:
            cp.given = rng.choice(("Unborn", "Baby", "Unborn baby"))
            cp.nick = None
            cp.gender = "Unknown"
        else:
            cp.dob = dob_for_age(rng, age, EXPORT_DATE)
        c_status = status
        if status == "Care leaver" and i > 0:
            c_status = rng.choice(("LAC", "CIN", "LAC")) if (age or 0) < 18 else "Care leaver"
        if age is not None and age >= 18 and c_status != "Care leaver":
            c_status = "Care leaver"
        if status in ("CIN", "CP", "Early Help") and rng.random() < 0.05 and (age or 0) >= 1:
            c_status = rng.choice(STATUSES[:4])
        if c_status == "Care leaver":
            opened = add_years(cp.dob, rng.randint(11, 16)) if cp.dob else fam_open
        elif cp.dob and cp.dob > fam_open:
            opened = cp.dob + timedelta(days=rng.randint(0, 40))
        else:
            opened = fam_open + timedelta(days=rng.choice((0, 0, 0, rng.randint(1, 200))))
        opened = min(opened, EXPORT_DATE - timedelta(days=20))
        closed = None
        if rng.random() < (0.45 if c_status == "Early Help" else 0.18):
            closed = random_date(rng, opened + timedelta(days=60), EXPORT_DATE - timedelta(days=5))
            if closed <= opened:
                closed = None
        preferred = None
        if age is not None and rng.random() < 0.12:
            preferred = cp.nick or names.nickname(rng, cp.given) or names.given_name(rng, hc, gender, child=True)
            cp.nick = preferred
        g_rec = cp.gender if rng.random() < 0.97 else rng.choice(("Unknown", "Not stated", "Indeterminate"))
        child = Child(cp, ids.next("C"), c_status, opened, closed, home, g_rec, preferred)
        people.append(cp)
        children.append(child)
        # relations to adults
        _rel(child, mum, "mother", 0.95, rng, pr=True)
        for fj, ff in enumerate(fathers):
            if ff is None:
                continue
            if fj == fi:
                _rel(child, ff, "father", 0.85, rng, pr=rng.random() < 0.75)
                for role, ppl in pat.get(fj, {}).items():
                    for p in ppl:
                        _rel(child, p, role, 0.3 if role != "father's partner" else 0.15, rng, pr=False)
            elif fj == partner_is_father:
                _rel(child, ff, "mother's partner", 0.55, rng, pr=False)
        if partner is not None and partner_is_father is None:
            _rel(child, partner, "mother's partner", 0.55, rng, pr=False)
        if mgm:
            _rel(child, mgm, "maternal grandmother", 0.45, rng, pr=False)
        if mgf:
            _rel(child, mgf, "maternal grandfather", 0.35, rng, pr=False)
        for s in mat_sibs:
            _rel(child, s, "maternal aunt" if s.gender == "Female" else "maternal uncle", 0.25, rng, pr=False)
        for role, p in community:
            _rel(child, p, role, 0.15, rng, pr=False)
    # siblings
    for c in children:
        for o in children:
            if o is c:
                continue
            same_father = child_father[children.index(c)] == child_father[children.index(o)] \
                and fathers and fathers[child_father[children.index(c)]] is not None
            male = o.person.gender == "Male"
            role = ("brother" if male else "sister") if same_father else ("half-brother" if male else "half-sister")
            if o.person.gender == "Unknown":
                continue
            c.rels.append(Rel(o.person, role, roles.FAMILY))
    fam = Family(index, town, children, people, tags, rng.choice(town.gp_surgeries), home, status)
    _carers(rng, world, fam, mgm, mat_sibs)
    _schools_and_peers(rng, world, ids, fam, cluster_rate)
    for c in children:
        for r in c.rels:
            if r.start is None and r.on_record:
                r.start = c.open_date if rng.random() < 0.5 else None
    return fam


def _child_surname(rng: random.Random, mum: Person, f: Person | None, h_m: names.Heritage) -> str:
    if f is None:
        return names.masculine_surname(mum.family)
    if f.heritage == "somali_arabic" and rng.random() < 0.6:
        return f.given  # patronymic naming
    r = rng.random()
    if r < 0.55:
        return f.family
    if r < 0.85:
        return names.masculine_surname(mum.family)
    if r < 0.95:
        return f"{names.masculine_surname(mum.maiden or mum.family)}-{f.family}"
    return f"{f.family}-{names.masculine_surname(mum.maiden or mum.family)}"


def _carers(rng: random.Random, world: World, fam: Family, mgm: Person | None,
            mat_sibs: list[Person]) -> None:
    looked_after = [c for c in fam.children if c.legal_status in ("LAC", "Care leaver")]
    if not looked_after:
        return
    kin = None
    if rng.random() < 0.3:
        kin = mgm or (mat_sibs[0] if mat_sibs else None)
    home = rng.choice(world.foster_homes[fam.town.name])
    for c in looked_after:
        if kin is not None and c.legal_status == "LAC":
            r = c.rel_for(kin)
            if r is not None:
                r.category = roles.CARER
                r.on_record = True
                r.recorded_as = rng.choice(roles.RECORDED["kinship carer"])
                r.pr = rng.random() < 0.5
                r.start = c.open_date + timedelta(days=rng.randint(0, 90))
                c.address = kin.address or c.address
                continue
        h = home if rng.random() < 0.8 else rng.choice(world.foster_homes[fam.town.name])
        start = c.open_date + timedelta(days=rng.randint(0, 60))
        end = None
        if c.legal_status == "Care leaver" and c.person.dob:
            eighteen = add_years(c.person.dob, 18)
            end = eighteen if rng.random() < 0.6 and eighteen < EXPORT_DATE else None
        for p in h:
            r = Rel(p, "foster carer", roles.CARER, rng.random() < 0.95,
                    rng.choice(roles.RECORDED["foster carer"]), False, start, end)
            c.rels.append(r)
        if end is None and h[0].address is not None:
            c.address = h[0].address


def _schools_and_peers(rng: random.Random, world: World, ids: Ids, fam: Family,
                       cluster_rate: float) -> None:
    town = fam.town
    for c in fam.children:
        age = c.person.age_on(EXPORT_DATE)
        if age is None:
            continue
        if 4 <= age <= 10:
            c.school = rng.choice(town.primary_schools)
        elif 11 <= age <= 16:
            c.school = rng.choice(town.secondary_schools or town.primary_schools)
        if age >= 8:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                h = names.pick_heritage(rng)
                g = c.person.gender if rng.random() < 0.7 else rng.choice(("Female", "Male"))
                p = new_person(rng, ids, h, g, age=max(5, age + rng.randint(-1, 2)), on=EXPORT_DATE)
                p.title = None
                fam.people.append(p)
                c.peers.append(p)
                role = "friend"
                if age >= 14 and g != c.person.gender and rng.random() < 0.3:
                    role = "boyfriend" if g == "Male" else "girlfriend"
                c.rels.append(Rel(p, role, roles.FRIEND))
        clusters = world.clusters.get(town.name) or []
        if clusters and 13 <= age <= 17 and c.legal_status in ("CIN", "CP", "LAC") \
                and rng.random() < cluster_rate:
            cl = rng.choice(clusters)
            c.cluster = cl
            c.person.is_global = True  # other families' notes may mention this child
            for a in cl.associates:
                c.rels.append(Rel(a, "older associate", roles.RISK))
            for other, _cid in cl.members[-3:]:
                c.rels.append(Rel(other, "friend", roles.FRIEND))
            cl.members.append((c.person, c.child_id))
