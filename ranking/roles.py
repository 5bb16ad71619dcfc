"""Relationship text → (role, category) for a child's network.

One mapping serves every source of a network edge:

* significant-adult records: the ``relationship`` column as recorded (``Mum``, ``Birth
  Mother``, ``MGM``, ``Step-father``, ``SGO carer``), normalised with
  :func:`linkage.normalise.normalise_relationship` (``grandmother:maternal``,
  ``partner of mother``, ``kinship carer``) and then shown in the words the notes use
  (``maternal grandmother``, ``mother's partner``);
* role cues on mentions: already canonical (``extraction.lexicon``: ``mother``,
  ``maternal grandmother``, ``mother's partner``, ``older associate``, ``health visitor``);
* worker allocations: the allocation role (``Social Worker``, ``Family Support Worker``) —
  always ``professional``;
* ``Person.roles`` written by entity resolution, in either of the forms above.

Categories follow the glossary (docs/glossary.md) and graph_model/README.md:

=====================  =====================================================================
category               roles
=====================  =====================================================================
``household``          mother's / father's partner (step-parents); anyone who lives at the
                       child's address (co-residence, added by materialisation)
``family``             mother, father, parent, grandparents, aunts, uncles, siblings,
                       half-siblings, cousins; kinship / SGO carer, special guardian, connected
                       person (family or friends approved to care for the child)
``friend_or_peer``     friend, best friend, boyfriend, girlfriend, partner (of the child)
``associate_or_risk``  older associate / older male / older female, associate
``community``          family friend, godparent, neighbour; anyone named with no role cue
                       (role ``mentioned``); family roles stated relative to someone else
``professional``       social worker, IRO, personal advisor, health visitor, teacher, police…;
                       foster carer and an unspecified carer (a professional relationship)
``place``              addresses and named places
=====================  =====================================================================

There is no ``carer`` category (docs/glossary.md): parents and every kind of carer get the
household's weight through their role (``ranking.settings.DEFAULT_ROLE_WEIGHTS``), so a foster
carer ranks with parents, not with visiting professionals.

A name with no role cue at all is stored as category ``community`` with the single role
``mentioned``; the app draws exactly those members as "Role not known"
(``dashboards.ecomap.display_group``), never under Community. Generic words a tagger may give as
a role (``person``, ``someone``) are no role. Which evidence gives the category when several
disagree (a record over a phrase next to the name over a title inside the name) is decided in
:mod:`ranking.materialise`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kinscope.vocabulary import ABBREVIATIONS, PROFESSIONAL_WORDS, ROLE_PHRASES, TITLES, normalise_relationship
from ranking.settings import CARER_ROLES, RETIRED_CATEGORIES

_LINKAGE_DISPLAY = {
    "grandmother:maternal": "maternal grandmother",
    "grandmother:paternal": "paternal grandmother",
    "grandfather:maternal": "maternal grandfather",
    "grandfather:paternal": "paternal grandfather",
    "aunt:maternal": "maternal aunt",
    "aunt:paternal": "paternal aunt",
    "uncle:maternal": "maternal uncle",
    "uncle:paternal": "paternal uncle",
    "partner of mother": "mother's partner",
    "partner of father": "father's partner",
    "step father": "mother's partner",
    "step mother": "father's partner",
}

_FAMILY = {
    "mother", "father", "parent", "grandparent", "grandmother", "grandfather",
    "maternal grandmother", "maternal grandfather", "paternal grandmother",
    "paternal grandfather", "aunt", "uncle", "maternal aunt", "maternal uncle", "paternal aunt",
    "paternal uncle", "brother", "sister", "half-brother", "half-sister", "sibling", "half-sibling",
    "cousin",
}
_HOUSEHOLD = {"mother's partner", "father's partner", "household member", "lives with the child", "lodger"}
#: carers: a foster carer is a professional relationship; a kinship carer is family (glossary)
_FOSTER = {"foster carer", "carer", "respite carer", "residential carer"}
_KINSHIP = {"kinship carer", "special guardian", "connected person"}
_KINSHIP_WORDS = ("kinship", "sgo", "special guardian", "connected person")
_FRIEND = {"friend", "best friend", "boyfriend", "girlfriend", "partner", "peer"}
_ASSOCIATE = {"older associate", "associate", "older male", "older female", "person of concern",
              "adult of concern"}
_COMMUNITY = {"family friend", "godparent", "neighbour", "mentioned"}
_PROFESSIONAL = {
    "social worker", "independent reviewing officer", "personal advisor", "family support worker",
    "early help worker", "team manager", "supervising social worker", "health visitor",
    "school nurse", "midwife", "gp", "class teacher", "teacher", "head teacher",
    "designated safeguarding lead", "police officer", "housing officer", "camhs worker",
    "youth justice worker", "substance misuse worker", "paediatrician", "idva", "isva", "lado",
    "solicitor", "guardian", "children's guardian", "practitioner", "worker",
    "advanced practitioner", "student social worker", "youth worker", "professional",
    "conference chair", "child protection conference chair", "chair",  # "Chair: ...", "chaired by ..."
}

_CATEGORY_OF: dict[str, str] = {}
for _names, _cat in ((_FAMILY | _KINSHIP, "family"), (_HOUSEHOLD, "household"), (_FOSTER, "professional"),
                     (_FRIEND, "friend_or_peer"), (_ASSOCIATE, "associate_or_risk"),
                     (_COMMUNITY, "community"), (_PROFESSIONAL, "professional")):
    for _n in _names:
        _CATEGORY_OF[_n] = _cat


#: words a tagger gives as a role that say nothing about the relationship
_NO_ROLE = {"person", "people", "someone", "somebody", "individual", "adult", "male", "female", "man",
            "woman", "unknown"}

#: where the role ends in recorded text: "Associate - known as 'Tank'", "Neighbour (emergency contact)"
_HEAD_END = re.compile(r"\s+[-\u2013\u2014]\s+|\s*[(,;]")
#: a risk flag on a recorded relationship ("- RISK", "(see alert)", "Schedule 1"), not "at risk of"
_RISK_FLAG = re.compile(r"(?<!at )\brisk\b(?!\s+(?:of|from)\b)|\bsee alert\b|\bschedule 1\b", re.IGNORECASE)

#: kin words used as a title in front of a name ("Aunty Ngozi", "Uncle Tony"), which in many
#: families is a courtesy for a close family friend, not a statement of kinship
_KIN_TITLES = {"aunty", "auntie", "aunt", "uncle"}


def _clean(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split()).strip(" .,;:()")


@lru_cache(maxsize=4096)
def canonical_role(text: str | None) -> str | None:
    """The role in the words practitioners use: ``"Mum"`` → ``mother``, ``"MGM"`` →
    ``maternal grandmother``, ``"Step-father"`` → ``mother's partner``,
    ``"partner of mother"`` → ``mother's partner``, ``"Social Worker"`` → ``social worker``."""
    if text is None:
        return None
    clean = _clean(str(text))
    if not clean or clean in _NO_ROLE:
        return None
    if clean in _CATEGORY_OF:
        return clean
    if clean in _LINKAGE_DISPLAY:
        return _LINKAGE_DISPLAY[clean]
    # the vocabulary of the notes (mum, nan, HV, MGM...)
    if clean in ROLE_PHRASES:
        return ROLE_PHRASES[clean].lower()
    upper = str(text).strip().replace(".", "").upper()
    if upper in ABBREVIATIONS and upper != "PA":
        return ABBREVIATIONS[upper].lower()
    if any(w in clean for w in PROFESSIONAL_WORDS):
        return clean
    norm = normalise_relationship(text)
    shown = _LINKAGE_DISPLAY.get(norm, norm) if norm is not None else None
    head = _HEAD_END.split(clean, maxsplit=1)[0].strip()
    if head and head != clean and not category_of_role(shown) and category_of_role(canonical_role(head)):
        return canonical_role(head)  # "Associate - known as 'Tank'", "Neighbour (emergency contact)"
    return shown


def category_of_role(role: str | None) -> str | None:
    """The category of a canonical role, or ``None`` when the role says nothing about it."""
    if role is None:
        return None
    if role in _CATEGORY_OF:
        return _CATEGORY_OF[role]
    if any(w in role for w in PROFESSIONAL_WORDS):
        return "professional"
    if "carer" in role:
        return "family" if any(w in role for w in _KINSHIP_WORDS) else "professional"
    if "partner" in role:
        return "household" if ("mother" in role or "father" in role) else "friend_or_peer"
    if "friend" in role:
        return "friend_or_peer"
    return None


def classify(text: str | None, *, professional: bool = False) -> tuple[str | None, str | None]:
    """``(role, category)`` for relationship text; ``professional=True`` for allocations. A
    relationship recorded with a risk flag ("Paternal Uncle - RISK (see alert)") keeps its role and
    is an associate or risk."""
    role = canonical_role(text)
    if professional:
        return (role or "allocated worker"), "professional"
    category = category_of_role(role)
    if category in ("family", "household", "friend_or_peer", "community") and _RISK_FLAG.search(str(text)):
        category = "associate_or_risk"
    return role, category


_DETERMINERS = {"a", "an", "the", "his", "her", "their", "my", "our", "your", "its"}


def is_role_word_only(texts: list[str] | None) -> bool:
    """True when every mention is a role word alone ("Dad", "an older male", "the DSL"), no name:
    such a mention is joined to a person by coreference, weaker evidence of who they are than a
    role written next to their name ("Mrs Parkes (DSL)")."""
    texts = [t for t in (texts or []) if t and t.strip()]
    if not texts:
        return False
    for text in texts:
        words = _clean(text).split()
        while words and words[0] in _DETERMINERS:
            words = words[1:]
        if not words or not category_of_role(canonical_role(" ".join(words))):
            return False
    return True


def title_role(texts: list[str] | None) -> str | None:
    """The professional a title inside the name makes ("Dr Marsden" a doctor, "PC Lowe" a police
    officer), or ``None``; weak evidence, used only when nothing else says who someone is."""
    for text in sorted(t for t in (texts or []) if t):
        words = text.replace(".", " ").split()
        if len(words) < 2:
            continue
        title = next((k for k in TITLES if k.lower() == words[0].lower()), None)
        if title == "Dr":
            return "doctor"
        if title and TITLES[title]:
            return TITLES[title]
    return None


def is_title_only(role: str | None, mention_texts: list[str] | None) -> bool:
    """True when a kin role cue comes only from a title inside the name itself ("Aunty Ngozi",
    "Uncle Tony"): weaker evidence than a role phrase next to the name ("Ngozi Eze (family
    friend)"), which it must not outweigh."""
    texts = [t for t in (mention_texts or []) if t and t.strip()]
    if not role or not texts or category_of_role(role) != "family":
        return False
    for text in texts:
        words = _clean(text).split()
        if len(words) < 2 or words[0] not in _KIN_TITLES:
            return False
    return True


_PARENT_SIDE = {"mother": "mother", "father": "father", "parent": "parent"}


def parent_side(relationship: str | None) -> str | None:
    """``mother`` / ``father`` / ``parent`` when recorded relationship text names a birth or
    legal parent ("Mum", "Birth Father"), else ``None`` (a step-parent is not a parent here)."""
    return _PARENT_SIDE.get(canonical_role(relationship) or "")


def sibling_role(mine: dict[str, str], theirs: dict[str, str], shared: set[str],
                 gender: str | None = None) -> str | None:
    """The sibling role of a child who shares recorded parents with this child.

    ``mine`` / ``theirs``: side (``mother``/``father``/``parent``) -> parent person of each child;
    ``shared``: the parent persons both records name as a parent. Both parents shared: brother /
    sister (``sibling`` when gender is unknown); one shared and the other side recorded for both
    with different people: half-brother / half-sister / half-sibling; otherwise ``sibling``.
    ``None`` when they share no parent.
    """
    if not shared:
        return None
    g = (gender or "").strip().lower()[:1]
    whole = {"m": "brother", "f": "sister"}.get(g, "sibling")
    half = {"m": "half-brother", "f": "half-sister"}.get(g, "half-sibling")
    sides = {"mother", "father"}
    shared_sides = {side for side, p in mine.items() if p in shared and theirs.get(side) == p}
    if sides <= shared_sides:
        return whole
    for side in sides - shared_sides:
        if mine.get(side) and theirs.get(side) and mine[side] != theirs[side]:
            return half
    return "sibling"


def retired_carer(roles: list[str] | None) -> tuple[list[str], str]:
    """``(roles, category)`` of a member stored in the retired ``carer`` group (an older graph, a
    practitioner's "right group: Carers"), read as the glossary puts it: a kinship / SGO carer,
    special guardian, connected person or a relative who cares is ``family``; a family friend who
    cares ``friend_or_peer``; a foster carer or a carer with nothing else said ``professional``. A
    carer role is added when none is there, so the member keeps a carer's weight in the ranking."""
    roles = [str(r) for r in (roles or []) if r and r != "mentioned"]
    cats = {category_of_role(canonical_role(r) or r) for r in roles}
    carer_given = any(canonical_role(r) in CARER_ROLES or "carer" in r.lower() for r in roles)
    if "family" in cats or "household" in cats:
        return (roles if carer_given else [*roles, "kinship carer"]), "family"
    if any("friend" in r.lower() for r in roles):
        return (roles if carer_given else [*roles, "connected person"]), "friend_or_peer"
    return (roles if carer_given else [*roles, "foster carer"]), "professional"


def current_category(category: str | None, roles: list[str] | None = None) -> str | None:
    """A category as stored today: the retired ``carer`` reads by the member's roles
    (:func:`retired_carer`); any other is itself."""
    return retired_carer(roles)[1] if category in RETIRED_CATEGORIES else category
