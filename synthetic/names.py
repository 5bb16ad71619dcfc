"""Name pools by heritage, built once from Faker's locale data (plus small supplements).

Faker is only used as a data source: its locale tuples are read once and sampled with the
caller's `random.Random`, which keeps generation fast and deterministic. Non-Latin scripts
are dropped. A few supplements cover groups Faker has no Latin data for (Somali/Arabic,
British Bangladeshi, female Pakistani given names, Caribbean given names).
"""

from __future__ import annotations

import importlib
import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import nicknames


def _latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return bool(s) and len(s) < 24 and "  " not in s


def _provider(locale: str):
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _names(locale: str, attr: str) -> list[str]:
    value = getattr(_provider(locale), attr, ())
    if isinstance(value, dict):  # some locales weight names: {name: weight}
        value = list(value.keys())
    return sorted({n.strip() for n in value if _latin(n.strip())})


# Supplements (Latin transliterations as commonly registered in England).
_SOMALI_ARABIC_M = (
    "Abdi Abdullahi Abdirahman Abdikadir Ahmed Ali Bashir Farah Hassan Hussein Ibrahim Ismail "
    "Jama Khalid Mahad Mohamed Mohamud Mustafa Nur Omar Osman Said Yusuf Zakaria Hamza Bilal "
    "Idris Karim Tariq Yasin Amir Samir Adnan Faisal Walid Rashid Hakim Nabil Sami Anwar"
).split()
_SOMALI_ARABIC_F = (
    "Amina Asha Fadumo Hodan Halima Hawa Ifrah Ikran Khadra Layla Maryam Nasra Safiya Sahra "
    "Sagal Samira Deeqa Fardowsa Hibo Idil Naima Zamzam Ayan Warsan Yasmin Rania Noor Huda "
    "Salma Lina Dina Rahma Fatima Zainab Mariam Nadia Leila Soraya Hanan Aaliyah"
).split()
_SOMALI_ARABIC_S = (
    "Abdi Ahmed Ali Farah Hassan Hersi Hussein Ibrahim Ismail Jama Mohamed Mohamud Nur Omar "
    "Osman Warsame Yusuf Aden Dahir Egal Guled Abdullahi Elmi Duale Mahamoud Said Khalil "
    "Haddad Mansour Nasser Saleh Hamdan Karimi Haidari Rahimi Qasim Al-Amin El-Sayed"
).split()
_BANGLADESHI_S = (
    "Miah Begum Uddin Rahman Ahmed Ali Islam Khatun Hoque Chowdhury Hussain Khan Alam Bibi "
    "Sultana Akhtar Karim Hossain Mahmud Rashid Siddique Talukder Choudhury Uddin Ullah"
).split()
_SOUTH_ASIAN_MUSLIM_F = (
    "Aisha Ayesha Sana Saima Nadia Farah Hina Rabia Samina Nazia Shazia Iqra Mehwish Sadia "
    "Amna Bushra Fozia Hafsa Khadija Maryam Rukhsana Shabana Tahira Uzma Zara Zainab Anum "
    "Sumaira Rubina Parveen Nasreen Shamima Rehana Nusrat Taslima Shirin Fahmida Runa Jasmin "
    "Momtaz Rumana Shila Laila Tania Sabrina Afia Noor Inaya Hania Areeba Eman Mahnoor"
).split()
_CARIBBEAN_M = (
    "Delroy Winston Leroy Marlon Desmond Errol Clive Tyrone Jermaine Kemar Andre Dwayne "
    "Courtney Trevor Lloyd Carlton Neville Junior Rohan Shaquille Jahmal Tyreece Keon Kai"
).split()
_CARIBBEAN_F = (
    "Marcia Sonia Beverley Paulette Yvonne Jacqueline Shanice Tanisha Keisha Chantelle "
    "Latoya Simone Sharelle Monique Nadine Janelle Kerry-Ann Shantelle Tamika Jada Aaliyah"
).split()
_CARIBBEAN_S = (
    "Campbell Brown Williams Thompson Clarke Francis Johnson Reid Grant Henry Morgan Bailey "
    "Richards Samuels Gayle Powell McKenzie Graham Forbes Spencer Lewis Barnes Douglas Walters"
).split()
# Modern English given names for children (Faker en_GB skews older).
_MODERN_M = (
    "Alfie Archie Bobby Charlie Freddie Harley Jayden Kayden Kian Leo Logan Mason Riley Tommy "
    "Tyler Reece Brandon Callum Kai Lewis Oscar Ollie Jenson Ashton Brody Caiden Frankie Louie"
).split()
_MODERN_F = (
    "Ava Amelia Ellie-Mae Evie Freya Isla Lacey Leah Lily-Rose Macey Millie Mia Niamh Poppy "
    "Ruby Skye Summer Tia Tilly Willow Kacey Lexi Maisie Darcey Harper Nevaeh Jessica Chloe"
).split()


@dataclass(frozen=True)
class Heritage:
    key: str
    weight: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    child_male: tuple[str, ...] = ()
    child_female: tuple[str, ...] = ()


def _split_gender(names: list[str]) -> tuple[list[str], list[str]]:
    female = [n for n in names if n.endswith(("a", "ė", "e"))]
    male = [n for n in names if n not in female]
    return male, female


@lru_cache(maxsize=1)
def heritages() -> tuple[Heritage, ...]:
    gb_m, gb_f, gb_s = (_names("en_GB", a) for a in ("first_names_male", "first_names_female", "last_names"))
    ie_m, ie_f, ie_s = (_names("en_IE", a) for a in ("first_names_male", "first_names_female", "last_names"))
    in_m, in_f, in_s = (_names("en_IN", a) for a in ("first_names_male", "first_names_female", "last_names"))
    pk_m, pk_s = _names("en_PK", "first_names"), _names("en_PK", "last_names")
    pk_s = [s for s in pk_s if " " not in s] + ["Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal",
                                                "Mahmood", "Butt", "Raja", "Malik", "Shah", "Bibi"]
    ng = ["yo_NG", "ig_NG", "ha_NG", "en_NG"]
    ng_m = sorted({n for loc in ng for n in _names(loc, "first_names_male")})
    ng_f = sorted({n for loc in ng for n in _names(loc, "first_names_female")})
    ng_s = sorted({n for loc in ng for n in _names(loc, "last_names")})
    gh_m, gh_f, gh_s = (_names("tw_GH", a) for a in ("first_names_male", "first_names_female", "last_names"))
    pl_m, pl_f = _names("pl_PL", "first_names_male"), _names("pl_PL", "first_names_female")
    pl_s = _names("pl_PL", "male_last_names") + _names("pl_PL", "unisex_last_names")[:600]
    ro_m, ro_f, ro_s = (_names("ro_RO", a) for a in ("first_names_male", "first_names_female", "last_names"))
    lt_m, lt_f = _split_gender(_names("lt_LT", "first_names"))
    lt_s = [s for s in _names("lt_LT", "last_names") if not s.endswith(("ienė", "aitė", "ytė", "utė"))]
    sk_m, sk_f = _names("sk_SK", "first_names_male"), _names("sk_SK", "first_names_female")
    zh_given = _names("zh_CN", "first_romanized_names")
    zh_s = _names("zh_CN", "last_romanized_names")
    eng_m = [n for n in ("Jack Jacob Harry Thomas James Joshua Daniel Samuel Liam Ryan Connor "
                         "Jordan Ben Adam Luke Jake Kyle Dean Craig Lee Wayne Darren Shane "
                         "Scott Jamie Ashley Carl").split()]
    eng_f = ("Jade Chelsea Stacey Kirsty Gemma Danielle Leanne Amy Hayley Charlotte Laura "
             "Rebecca Sophie Emma Shannon Kayleigh Demi Paige Courtney Jodie Lauren Natalie").split()
    return (
        Heritage("anglo", 52, tuple(gb_m + eng_m), tuple(gb_f + eng_f), tuple(gb_s),
                 tuple(_MODERN_M), tuple(_MODERN_F)),
        Heritage("irish", 6, tuple(ie_m), tuple(ie_f), tuple(ie_s)),
        Heritage("pakistani", 7, tuple(pk_m), tuple(_SOUTH_ASIAN_MUSLIM_F), tuple(pk_s)),
        Heritage("indian", 4, tuple(in_m), tuple(in_f), tuple(in_s)),
        Heritage("bangladeshi", 3, tuple(pk_m), tuple(_SOUTH_ASIAN_MUSLIM_F), tuple(_BANGLADESHI_S)),
        Heritage("nigerian", 4, tuple(ng_m), tuple(ng_f), tuple(ng_s)),
        Heritage("ghanaian", 2, tuple(gh_m), tuple(gh_f), tuple(gh_s)),
        Heritage("caribbean", 4, tuple(_CARIBBEAN_M + eng_m), tuple(_CARIBBEAN_F + eng_f),
                 tuple(_CARIBBEAN_S), tuple(_MODERN_M), tuple(_MODERN_F)),
        Heritage("polish", 5, tuple(pl_m), tuple(pl_f), tuple(pl_s)),
        Heritage("romanian", 3, tuple(ro_m), tuple(ro_f), tuple(ro_s)),
        Heritage("lithuanian", 1.5, tuple(lt_m), tuple(lt_f), tuple(lt_s)),
        Heritage("slovak", 1.5, tuple(sk_m), tuple(sk_f),
                 tuple([s for s in _names("sk_SK", "last_names") if not s.endswith("á")][:800])),
        Heritage("chinese", 2, tuple(zh_given), tuple(zh_given), tuple(zh_s)),
        Heritage("somali_arabic", 4, tuple(_SOMALI_ARABIC_M), tuple(_SOMALI_ARABIC_F),
                 tuple(_SOMALI_ARABIC_S)),
    )


def pick_heritage(rng: random.Random) -> Heritage:
    hs = heritages()
    return rng.choices(hs, weights=[h.weight for h in hs])[0]


def heritage(key: str) -> Heritage:
    return next(h for h in heritages() if h.key == key)


def given_name(rng: random.Random, h: Heritage, gender: str, child: bool = False) -> str:
    female = gender == "Female"
    pool = (h.child_female if female else h.child_male) if child and rng.random() < 0.6 else ()
    if not pool:
        pool = h.female if female else h.male
    return rng.choice(pool)


def surname(rng: random.Random, h: Heritage, gender: str = "Male") -> str:
    s = rng.choice(h.surnames)
    if gender == "Female":
        return feminine_surname(s, h.key)
    return s


def feminine_surname(s: str, heritage_key: str) -> str:
    if heritage_key == "polish":
        for a, b in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if s.endswith(a):
                return s[: -len(a)] + b
    if heritage_key == "lithuanian" and s.endswith("ius"):
        return s[:-3] + "ienė"
    if heritage_key == "lithuanian" and s.endswith(("as", "is", "us")):
        return s[:-2] + "ienė"
    if heritage_key == "slovak" and not s.endswith("á"):
        if s.endswith("ý"):
            return s[:-1] + "á"
        if s.endswith("a"):
            return s[:-1] + "ová"
        if s.endswith("o"):
            return s + "vá"
        if s[-1:].lower() not in "aeiouyí":
            return s + "ová"
    return s


def masculine_surname(s: str) -> str:
    """Undo the feminine forms above (a child's surname taken from the mother's family)."""
    for a, b in (("ska", "ski"), ("cka", "cki"), ("dzka", "dzki")):
        if s.endswith(a):
            return s[: -len(a)] + b
    if s.endswith("ienė"):
        return s[:-4] + "as"
    if s.endswith("ová"):
        return s[:-3]
    return s


_NICK = nicknames.NickNamer()


@lru_cache(maxsize=20000)
def _nicks(name: str) -> tuple[str, ...]:
    out = sorted(n.capitalize() for n in _NICK.nicknames_of(name.lower()) if len(n) >= 2)
    return tuple(out)


def nickname(rng: random.Random, name: str) -> str | None:
    """A real-world nickname for `name` (Jonathan -> Jon/Jonny), or None."""
    opts = _nicks(name)
    if not opts:
        if len(name) >= 6 and rng.random() < 0.3:
            return name[: rng.choice((3, 4))]  # Mohammed -> Moh, Aleksandra -> Alek
        return None
    return rng.choice(opts)


STREET_NAMES = (  # "Zee", "Little T" style associate names
    "Zee", "Little T", "Tiny", "Big Man", "Skinny", "Ghost", "Dread", "K-Dot", "Sosa", "Rico",
    "Blade", "Smokey", "Shorty", "J-Boy", "Trigga", "Snowy", "Lil Kay", "Ace", "Moony", "Dex",
    "Chops", "Scrappy", "Gunna", "Bugsy", "Stretch", "Nino", "Taz", "Rugrat", "Fizz", "Loco",
)
