"""Canonical roles: network category, how a record system records them, how notes say them.

A role is always relative to one child ("maternal grandmother" of C-1002). Truth files use
the canonical role strings defined here.
"""

from __future__ import annotations

FAMILY, HOUSEHOLD, FRIEND, PROFESSIONAL, COMMUNITY, RISK, CARER = (
    "family", "household", "friend_or_peer", "professional", "community", "associate_or_risk", "carer",
)

CATEGORY = {
    "mother": FAMILY, "father": FAMILY,
    "maternal grandmother": FAMILY, "maternal grandfather": FAMILY,
    "paternal grandmother": FAMILY, "paternal grandfather": FAMILY,
    "maternal aunt": FAMILY, "maternal uncle": FAMILY, "paternal aunt": FAMILY, "paternal uncle": FAMILY,
    "brother": FAMILY, "sister": FAMILY, "half-brother": FAMILY, "half-sister": FAMILY,
    "father's partner": FAMILY,
    "mother's partner": HOUSEHOLD,
    "family friend": COMMUNITY, "neighbour": COMMUNITY, "godparent": COMMUNITY,
    "foster carer": CARER, "kinship carer": CARER,
    "friend": FRIEND, "boyfriend": FRIEND, "girlfriend": FRIEND,
    "associate": RISK, "older associate": RISK,
}
# every professional role is PROFESSIONAL
PROFESSIONAL_ROLES = (
    "social worker", "independent reviewing officer", "personal advisor", "family support worker",
    "early help worker", "team manager", "supervising social worker", "health visitor",
    "school nurse", "GP", "class teacher", "designated safeguarding lead", "head teacher",
    "police officer", "housing officer", "CAMHS worker", "youth justice worker", "IDVA",
    "midwife", "substance misuse worker", "family worker", "paediatrician",
)
for _r in PROFESSIONAL_ROLES:
    CATEGORY[_r] = PROFESSIONAL


def category(role: str) -> str:
    return CATEGORY[role]


def truth_category(category: str, role: str) -> str:
    """The category a truth file gives a relationship. The generator keeps its own CARER group to
    choose what notes say; the product brief's glossary has none: a foster carer is a professional
    relationship, a kinship/SGO carer (a relative whose role stays "maternal grandmother") family."""
    if category != CARER:
        return category
    return PROFESSIONAL if role == "foster carer" else FAMILY


# How a case management system's relationship field records a role (free text).
RECORDED = {
    "mother": ("Mother", "Mother", "Mother", "Birth Mother", "Mother (PR)", "mother", "Mum"),
    "father": ("Father", "Father", "Birth Father", "Father (PR)", "Father - no PR", "father", "Dad"),
    "mother's partner": ("Mother's partner", "Mum's partner", "Step-father", "Stepfather",
                         "Partner of mother", "Mothers Partner", "Step Father"),
    "father's partner": ("Father's partner", "Step-mother", "Dad's partner"),
    "maternal grandmother": ("Maternal Grandmother", "Grandmother (maternal)", "Maternal Gran",
                             "Grandmother", "maternal grandmother", "MGM"),
    "maternal grandfather": ("Maternal Grandfather", "Grandfather (maternal)", "Grandfather", "MGF"),
    "paternal grandmother": ("Paternal Grandmother", "Grandmother (paternal)", "Grandmother", "PGM"),
    "paternal grandfather": ("Paternal Grandfather", "Grandfather (paternal)", "Grandfather", "PGF"),
    "maternal aunt": ("Maternal Aunt", "Aunt", "Aunt (maternal)", "Auntie"),
    "maternal uncle": ("Maternal Uncle", "Uncle", "Uncle (maternal)"),
    "paternal aunt": ("Paternal Aunt", "Aunt", "Aunt (paternal)"),
    "paternal uncle": ("Paternal Uncle", "Uncle", "Uncle (paternal)"),
    "family friend": ("Family friend", "Family Friend", "Friend of family", "Friend of mother"),
    "neighbour": ("Neighbour", "neighbour", "Neighbour/friend"),
    "godparent": ("Godparent", "Godmother", "Godfather"),
    "foster carer": ("Foster carer", "Foster Carer", "Foster Carer (LA)", "Foster carer (IFA)",
                     "Carer"),
    "kinship carer": ("Kinship carer", "SGO carer", "Connected person", "Special Guardian",
                      "Kinship Carer (Reg 24)"),
}


# Role-only expressions in notes (first entries are the most common).
SPOKEN = {
    "mother": ("mum", "mum", "Mum", "M", "mother", "mum", "birth mum", "BM", "mam", "Mother"),
    "father": ("dad", "Dad", "F", "father", "birth dad", "BF", "dad", "Father"),
    "mother's partner": ("mum's partner", "mum's partner", "step-dad", "stepdad", "mum's boyfriend",
                         "mum's fella", "mum's new partner", "partner"),
    "father's partner": ("dad's partner", "step-mum", "dad's girlfriend"),
    "maternal grandmother": ("MGM", "MGM", "mgm", "maternal grandmother", "nan", "nana", "gran",
                             "maternal gran", "M.G.M."),
    "maternal grandfather": ("MGF", "mgf", "maternal grandfather", "grandad", "maternal grandad"),
    "paternal grandmother": ("PGM", "pgm", "paternal grandmother", "paternal nan", "gran"),
    "paternal grandfather": ("PGF", "pgf", "paternal grandfather", "grandad", "pops"),
    "maternal aunt": ("MA", "maternal aunt", "aunt", "auntie", "mum's sister"),
    "maternal uncle": ("MU", "maternal uncle", "uncle", "mum's brother"),
    "paternal aunt": ("paternal aunt", "aunt", "auntie", "dad's sister"),
    "paternal uncle": ("PU", "paternal uncle", "uncle", "dad's brother"),
    "brother": ("brother", "bro", "big brother", "little brother", "sibling"),
    "sister": ("sister", "sis", "big sister", "little sister", "sibling"),
    "half-brother": ("half-brother", "HB", "brother"),
    "half-sister": ("half-sister", "HS", "sister"),
    "family friend": ("family friend", "friend of mum's"),
    "neighbour": ("neighbour", "next door neighbour", "the neighbour"),
    "godparent": ("godparent", "godmother"),
    "foster carer": ("FC", "FC", "foster carer", "carer", "foster mum", "the carer"),
    "kinship carer": ("kinship carer", "SGO carer", "carer"),
    "friend": ("friend", "mate", "best friend"),
    "boyfriend": ("boyfriend", "bf"),
    "girlfriend": ("girlfriend", "gf"),
    "social worker": ("SW", "the SW", "allocated worker", "CSW"),
    "independent reviewing officer": ("IRO", "the IRO"),
    "personal advisor": ("PA", "the PA"),
    "family support worker": ("FSW", "the FSW", "family support worker"),
    "early help worker": ("EHW", "the EH worker", "early help worker"),
    "team manager": ("TM", "the TM", "team manager", "manager"),
    "supervising social worker": ("SSW", "supervising SW", "the fostering SW"),
    "health visitor": ("HV", "the HV", "health visitor"),
    "school nurse": ("SN", "school nurse", "the school nurse"),
    "GP": ("GP", "the GP"),
    "class teacher": ("class teacher", "teacher", "form tutor"),
    "designated safeguarding lead": ("DSL", "the DSL", "school DSL"),
    "head teacher": ("head teacher", "HT", "the head"),
    "police officer": ("police", "the officer"),
    "housing officer": ("housing officer", "housing"),
    "CAMHS worker": ("CAMHS worker", "CAMHS practitioner"),
    "youth justice worker": ("YOT worker", "YJS worker"),
    "IDVA": ("IDVA", "the IDVA"),
    "midwife": ("midwife", "MW"),
    "substance misuse worker": ("drug worker", "substance misuse worker"),
    "family worker": ("family worker", "support worker"),
    "paediatrician": ("paediatrician", "the paed"),
}

# roles where a role-only mention is only safe if the child has exactly one such person
GENERIC_SPOKEN = {"nan", "gran", "grandad", "aunt", "auntie", "uncle", "carer", "sibling",
                  "partner", "brother", "sister", "friend", "mate", "teacher", "police",
                  "the officer", "manager", "support worker"}

# The short acronym per professional role that can prefix a name: "HV Sarah", "DC Ward"
PREFIX = {
    "social worker": "SW", "independent reviewing officer": "IRO", "personal advisor": "PA",
    "family support worker": "FSW", "health visitor": "HV", "school nurse": "SN",
    "designated safeguarding lead": "DSL", "team manager": "TM", "early help worker": "EHW",
}

# document phrasing: "Danielle Marsh (mother)"
def written(role: str) -> str:
    return role
