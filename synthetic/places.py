"""Fictional-but-plausible towns, streets, postcodes, schools and public places."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

_STEMS = (
    "Filey Mill Castle Church Station Victoria Albert Queens Kings Park Priory Abbey Chapel "
    "Willow Beech Elm Ash Oak Hawthorn Rowan Holly Ivy Laburnum Meadow Orchard Brook Bridge "
    "Moor Fell Heath Valley Ridge Hill Bank Cliff Harbour Quay Wharf Canal Foundry Forge "
    "Tannery Colliery Railway Market Cross Green Grange Manor Hall Lodge Farm Ings Carr "
    "Stanley Gladstone Nelson Wellington Cromwell Percy Neville Fairfax Raglan Balaclava "
    "Hollins Thornhill Whitegate Redcar Ripon Selby Skipton Malton Pickering Wetherby "
    "Saxon Norman Roman Danes Viking Cumberland Westmorland Durham Lister Salt Titus Ackroyd"
).split()
_SUFFIX = (
    ("Road", "Rd"), ("Street", "St"), ("Lane", "Ln"), ("Close", "Cl"), ("Avenue", "Ave"),
    ("Drive", "Dr"), ("Way", "Way"), ("Crescent", "Cres"), ("Grove", "Gr"), ("Terrace", "Terr"),
    ("Gardens", "Gdns"), ("Walk", "Wlk"), ("Place", "Pl"), ("Mews", "Mews"), ("View", "Vw"),
)
_BLOCK_SUFFIX = ("Court", "House", "Tower", "Heights", "Point", "Lodge")

# (town, postcode area, district range, flavour words for places)
TOWNS = (
    ("Eastfield", "EF", (1, 9)),
    ("Brackenbury", "BY", (1, 7)),
    ("Holmsworth", "HQ", (2, 8)),
    ("Kelderby", "KX", (1, 5)),
    ("Ashworth Vale", "AV", (3, 6)),
    ("Thornbury Moor", "TY", (1, 4)),
)
_PC_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class Address:
    number: str          # "14" or "Flat 3"
    street: str          # "Filey Road" or "Priory House, Mill Lane"
    street_abbr: str
    town: str
    postcode: str

    def line(self, rng: random.Random | None = None) -> str:
        """The address line as one clerk or another would type it."""
        if rng is None:
            return f"{self.number} {self.street}, {self.town}"
        r = rng.random()
        if r < 0.55:
            return f"{self.number} {self.street}, {self.town}"
        if r < 0.75:
            return f"{self.number} {self.street}"
        if r < 0.88:
            return f"{self.number} {self.street_abbr}"
        if r < 0.94:
            return f"{self.number} {self.street}, {self.town}".upper()
        return f"{self.number}, {self.street.lower()}"

    def postcode_as(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.8:
            return self.postcode
        if r < 0.9:
            return self.postcode.replace(" ", "")
        return self.postcode.lower()


@dataclass
class Town:
    name: str
    area: str
    districts: tuple[int, int]
    streets: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    primary_schools: list[str] = field(default_factory=list)
    secondary_schools: list[str] = field(default_factory=list)
    gp_surgeries: list[str] = field(default_factory=list)
    hotspots: list[str] = field(default_factory=list)   # places young people go


def _street(rng: random.Random) -> tuple[str, str]:
    stem = rng.choice(_STEMS)
    full, abbr = rng.choice(_SUFFIX)
    return f"{stem} {full}", f"{stem} {abbr}"


def build_towns(rng: random.Random) -> list[Town]:
    towns = []
    for name, area, districts in TOWNS:
        t = Town(name, area, districts)
        t.streets = list({_street(rng) for _ in range(60)})
        t.streets.sort()
        t.blocks = sorted({f"{rng.choice(_STEMS)} {rng.choice(_BLOCK_SUFFIX)}" for _ in range(8)})
        first = name.split()[0]
        t.primary_schools = sorted({
            rng.choice((f"St {rng.choice(('Peter', 'Mary', 'Joseph', 'Aidan', 'Hilda', 'Cuthbert', 'Wilfrid'))}'s",
                        f"{rng.choice(_STEMS)}", f"{first} {rng.choice(('Infant', 'Junior', 'Community'))}"))
            + rng.choice((" Primary", " Primary School", " C of E Primary", " Academy", " RC Primary"))
            for _ in range(6)
        })
        t.secondary_schools = sorted({
            rng.choice((f"{first} ", f"{rng.choice(_STEMS)} ", "")) + rng.choice((
                "High School", "Academy", "Community College", "School", "Catholic College"))
            for _ in range(3)
        } - {"High School", "Academy", "School"})
        t.gp_surgeries = sorted({f"{rng.choice(_STEMS)} {rng.choice(('Surgery', 'Medical Centre', 'Health Centre', 'Medical Practice'))}" for _ in range(4)})
        t.hotspots = [
            f"{rng.choice(_STEMS)} Retail Park", f"{name} station", f"{name} bus station",
            f"{rng.choice(_STEMS)} Park", f"the {rng.choice(('Chicken Hut', 'Golden Fry', 'Pizza Palace', 'Kebab King', 'Dixy', 'Peri Grill', 'Fish Bar'))}",
            f"{rng.choice(_STEMS)} shops", "the skate park", f"{rng.choice(_STEMS)} Rec",
            f"McDonald's on {rng.choice(t.streets)[0]}", f"{first} town centre",
        ]
        towns.append(t)
    return towns


def postcode(rng: random.Random, town: Town) -> str:
    d = rng.randint(*town.districts)
    return f"{town.area}{d} {rng.randint(1, 9)}{rng.choice(_PC_LETTERS)}{rng.choice(_PC_LETTERS)}"


def address(rng: random.Random, town: Town) -> Address:
    if rng.random() < 0.18:
        block = rng.choice(town.blocks)
        full, abbr = rng.choice(town.streets)
        return Address(f"Flat {rng.randint(1, 48)}", f"{block}, {full}", f"{block}, {abbr}",
                       town.name, postcode(rng, town))
    full, abbr = rng.choice(town.streets)
    return Address(str(rng.randint(1, 180)), full, abbr, town.name, postcode(rng, town))


def phone(rng: random.Random) -> str:
    """An Ofcom drama mobile number, digits only: 07700900000-07700900999."""
    return f"07700900{rng.randint(0, 999):03d}"


def phone_as(rng: random.Random, digits: str) -> str:
    r = rng.random()
    if r < 0.45:
        return f"{digits[:5]} {digits[5:]}"
    if r < 0.75:
        return digits
    if r < 0.88:
        return f"+44 {digits[1:5]} {digits[5:]}"
    return f"{digits[:5]} {digits[5:8]} {digits[8:]}"
