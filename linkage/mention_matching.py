"""Mentions -> people: a scored name matcher, role resolution and clustering (no I/O).

Used by :mod:`linkage.stage_resolve`. Everything is per child: the child's *known people*
(:class:`Candidate`: the child, its siblings, its resolved adults -- and, at a lower tier,
adults recorded on a sibling's file who are on the shared side of the family -- its
allocated workers and the authors of its notes) and the PERSON/ROLE mentions found in its
notes and documents.

Matching a PERSON mention (``match_name``) is a gazetteer in the dedupe sense -- one side
is a fixed list of known people -- done with a scored comparator rather than a learned
model (no labelled mention/record pairs exist yet):

- the mention text is parsed (:func:`parse_name_form`) into title, name prefix ("Nana"),
  given name, family name or initials;
- each known person gets a score from ``linkage.normalise``: nickname-aware given names
  (Jon/Jonathan, Pat/Patricia), family names (double-barrelled parts, typos), initials
  (``JP`` = Jonathan Pickering), title + surname ("Ms Marsh"; the title's gender must fit);
- the role the text gives the mention ("Dave (mum's partner)") adds a bonus when it agrees
  with the known person's recorded relationship and halves the score when it contradicts;
- the best candidate is taken only when it is clearly ahead (a margin over the second best
  person); otherwise the mention stays unmatched and is clustered.

ROLE mentions resolve when the role is unambiguous in the child's network
(:func:`match_role`); role words in apposition to a name ("Danielle Marsh (mother)") take
the name's referent. Unmatched PERSON mentions are clustered within the child
(:func:`cluster_unmatched`): full names by family name + nickname-equivalent given name, a
first name alone joins the one compatible full name (or other first-name mentions of the
same name), title + surname joins the one full name with that surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kinscope import vocabulary as lexicon  # titles, name prefixes (base layer)
from linkage.normalise import (
    family_name_similarity,
    fold,
    given_name_similarity,
    nickname_equivalent,
    normalise_gender,
    normalise_relationship,
    relationship_distance,
)
from linkage.spelling_key import consonants, sounds_alike, spelling_key

TITLE_GENDER = lexicon.TITLE_GENDER
_TITLES = {t.lower() for t in lexicon.TITLES}
_PREFIXES = set(lexicon.NAME_PREFIXES)
_PRO_PREFIXES = {p.lower(): r for p, r in lexicon.PRO_PREFIXES.items()}
FAMILY_ROLES = lexicon.KIN_ROLE_BASES
ROLE_GENDER = {"mother": "f", "grandmother": "f", "aunt": "f", "sister": "f", "father": "m",
               "grandfather": "m", "uncle": "m", "brother": "m"}


# ----------------------------------------------------------------------------- name forms

@dataclass(frozen=True)
class NameForm:
    given: str | None = None       # normalised first token ("jon")
    family: str | None = None      # normalised last token(s) ("pickering")
    initials: str | None = None    # "jp" for "J.P." / "JP"
    title: str | None = None       # "mrs", "dc"
    prefix_role: str | None = None  # "grandmother" for "Nana Pat"
    generation: str | None = None   # "older" for "Dean Pryce Snr" / "Big Jack", "younger" for "Little Jack"

    @property
    def kind(self) -> str:
        if self.initials:
            return "initials"
        if self.given and self.family:
            return "full"
        if self.given:
            return "given"
        if self.family:
            return "title"
        return "none"

    @property
    def gender(self) -> str | None:
        return TITLE_GENDER.get(self.title or "")


_POSSESSIVE = re.compile(r"['\u2019]s$")
# a generation marker is part of who is meant, not noise: "Dean Pryce Snr" is not Dean Pryce Jnr
_GENERATION_SUFFIX = {"snr": "older", "sr": "older", "senior": "older", "jnr": "younger", "jr": "younger",
                      "junior": "younger"}
_GENERATION_PREFIX = {"big": "older", "old": "older", "little": "younger", "young": "younger", "wee": "younger"}
# lower-case words that begin family names ("de Souza", "van Dijk", "al Amin")
_PARTICLES = {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "le", "la", "al", "el",
              "bin", "ibn", "ap", "dos", "das"}


def parse_name_form(text: str) -> NameForm:
    """``"Mrs Okafor"`` -> title mrs, family okafor; ``"Nana Pat"`` -> given pat with prefix
    grandmother; ``"L.D."`` / ``"LD"`` -> initials ld; ``"Dave Hollis"`` -> given dave, family
    hollis; ``"Jon"`` -> given jon."""
    raw = _POSSESSIVE.sub("", " ".join((text or "").split()))
    tokens = raw.split()
    title = prefix = None
    while tokens:
        head = tokens[0].rstrip(".").lower()
        if head in _TITLES and len(tokens) > 1:
            title = head
            tokens = tokens[1:]
        elif head in _PREFIXES and len(tokens) > 1:
            prefix = lexicon.NAME_PREFIXES[head]
            tokens = tokens[1:]
        elif head in _PRO_PREFIXES and len(tokens) > 1 and tokens[0].isupper():
            prefix = _PRO_PREFIXES[head]
            tokens = tokens[1:]
        else:
            break
    if any(not t.isdigit() for t in tokens):
        tokens = [t for t in tokens if not t.isdigit()]  # "PC 4471 Lowe": a collar number
    generation = None
    if len(tokens) > 1 and tokens[-1].strip(".,()").lower() in _GENERATION_SUFFIX:
        generation = _GENERATION_SUFFIX[tokens[-1].strip(".,()").lower()]
        tokens = tokens[:-1]
    if len(tokens) > 1 and tokens[0].lower() in _GENERATION_PREFIX and tokens[1][:1].isupper():
        generation = _GENERATION_PREFIX[tokens[0].lower()]  # "Little Jack", "young Paddy", "Old Dean"
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[0][:1].islower() and tokens[0].lower() not in _PARTICLES \
            and any(t[:1].isupper() for t in tokens[1:]):
        tokens = tokens[1:]  # "encourage Sharon", "young Paddy": a word the extractor took in
    form = _form_of(tokens, title, prefix)
    return replace(form, generation=generation) if generation else form


def _form_of(tokens: list[str], title: str | None, prefix: str | None) -> NameForm:
    rest = " ".join(tokens)
    compact = re.sub(r"[.\s]", "", rest)
    if compact.isalpha() and compact.isupper() and 1 < len(compact) <= 3 and title is None:
        return NameForm(initials=compact.lower(), prefix_role=prefix)
    words = fold(rest).split()
    if not words:
        return NameForm(title=title, prefix_role=prefix)
    if all(len(w) == 1 for w in words) and len(words) > 1:
        return NameForm(initials="".join(words), title=title, prefix_role=prefix)
    # a hyphenated name is one name: "Ana-Maria" is a given name, not Ana of the Maria family
    parts = [p for p in (fold(t) for t in tokens) if p]
    if len(parts) == 1:
        if title:
            return NameForm(family=parts[0], title=title, prefix_role=prefix)
        return NameForm(given=parts[0], prefix_role=prefix)
    return NameForm(given=parts[0], family=" ".join(parts[1:]) if len(parts) == 2 else parts[-1],
                    title=title, prefix_role=prefix)


_OWNERS = {"my", "her", "his", "their", "our", "your"}


def kin_word(text: str) -> str | None:
    """The kin word of a mention written as a relative's name ("Abbu", "my Nani", "Dadi's"; the
    base vocabulary's ``KIN_NAMES``), else None: "Nani" alone is the maternal grandmother,
    "Nani Pat" is a name with a prefix (:func:`parse_name_form`)."""
    words = [w for w in (fold(t) for t in _POSSESSIVE.sub("", " ".join((text or "").split())).split()) if w]
    if words and words[0] in _OWNERS:
        words = words[1:]
    if len(words) == 2 and words[1] in ("ji", "jee"):
        words = words[:1]  # "Dada ji": a term of respect after the kin word
    return words[0] if len(words) == 1 and words[0] in lexicon.KIN_NAMES else None


def given_key_variants(given: str) -> set[str]:
    from linkage.normalise import name_variants
    return set(name_variants(given))


# ----------------------------------------------------------------------------- known people

@dataclass
class Candidate:
    """One known person of a child."""

    person_id: str
    kind: str                       # child, sibling, adult, worker, author, cluster
    names: list[tuple[str | None, str | None]] = field(default_factory=list)  # (given, family)
    roles: set[str] = field(default_factory=set)  # normalised relationships / roles
    gender: str | None = None
    tier: int = 1                   # 1 own, 2 via a sibling's file
    periods: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # workers

    def add_name(self, given: object, family: object) -> None:
        g = fold(given) or None
        f = fold(family) or None
        if g or f:
            pair = (g, f)
            if pair not in self.names:
                self.names.append(pair)


def role_key(role: str | None) -> str | None:
    """A role as recorded or as a mention's canonical role -> a comparable key
    (``normalise_relationship``: 'Mum' / 'mother' -> 'mother'; 'MGM' / 'maternal grandmother' ->
    'grandmother:maternal'; "mum's partner" / 'Step Father' -> 'partner of mother')."""
    if not role:
        return None
    r = normalise_relationship(role)
    if r in ("grandmother", "grandfather", "aunt", "uncle") and "maternal" in fold(role):
        r = f"{r}:maternal"
    return r


def is_professional(role: str | None) -> bool:
    r = fold(role)
    return bool(r) and any(w in r for w in lexicon.PROFESSIONAL_WORDS)


def _title_ok(form: NameForm, cand: Candidate) -> bool:
    g = form.gender
    return not g or not cand.gender or g == cand.gender


def name_score(form: NameForm, cand: Candidate) -> float:
    """How well a parsed mention name fits one known person, in [0, 1]."""
    best = 0.0
    kind = form.kind
    if kind == "none":
        return 0.0
    if kind == "title" and cand.kind in ("child", "sibling"):
        return 0.0  # "Ms Marsh" is an adult
    if not _title_ok(form, cand):
        return 0.0
    for g, f in cand.names:
        s = 0.0
        if kind == "given" and len(form.given or "") == 1:
            s = _kin_initial_score(form, cand, g)
        elif kind == "initials":
            ini = form.initials or ""
            gi = "".join(w[0] for w in (g or "").split()[:1])
            fi = (f or "").split()[-1][0] if f else ""
            if len(ini) >= 2 and gi and fi and ini[0] == gi and ini[-1] == fi:
                s = 0.65
            elif g and ini == g.split()[0]:
                s = 0.85  # letters as the name someone goes by: "PJ" (preferred name PJ)
        elif kind == "full":
            if g and f:
                first = g.split()[0]
                gs = given_name_similarity(form.given, g)
                fs = family_name_similarity(form.family, f)
                if gs < 0.8 and fs >= 0.9 and form.given == first:
                    gs = 0.8  # "Kerry Grant" / Kerry-Ann Grant: the first of two given names
                elif gs < 0.6 and fs >= 0.9 and (sounds_alike(form.given, first) or _shortened(form.given, first)
                                                  or short_form_of(form.given, first)):
                    gs = 0.6  # "Neve Doherty" / Niamh Doherty by ear, "Ste Hale" / Steven Hale shortened
                if gs >= 0.6 and fs >= 0.8:
                    s = 0.5 + 0.25 * gs + 0.25 * fs
            if g and " " in g and f"{form.given} {form.family}" == g:
                s = max(s, 0.85)  # "Kerry Ann" / Kerry-Ann: a double given name written as two words
        elif kind == "given":
            if g:
                first = g.split()[0]
                gs = given_name_similarity(form.given, g)
                if form.given == first or (gs >= 0.9):
                    s = 0.8 * gs + (0.05 if form.given == first else 0.0)
                elif gs >= 0.8 and len(form.given) >= 4:
                    s = 0.6  # one typo
                elif _shortened(form.given, first):
                    s = 0.7  # a shortened name: Igna / Ignacy, Nico / Nicola
                elif short_form_of(form.given, first):
                    s = 0.62  # Naz / Nasreen, Debs / Deborah, Nela / Ionela, Macey / Macie
                elif sounds_alike(form.given, first) and consonants(spelling_key(first)) >= 3:
                    s = 0.62  # Shivon / Siobhan, Yousef / Yusuf: spelt by ear (one known person fits)
            if f and form.given == f.split()[-1] and len(f) >= 4 and cand.kind in ("adult", "worker"):
                s = max(s, 0.65)  # a surname on its own ("Kobielsky was present")
        elif kind == "title":
            if f and family_name_similarity(form.family, f) >= 0.9:
                s = 0.8
            elif g and form.family == g.split()[0]:
                s = 0.6  # "Miss Nazia": title + first name
        best = max(best, s)
    return best


def _kin_initial_score(form: NameForm, cand: Candidate, given: str | None) -> float:
    """"Auntie B", "Nan J", "Uncle T": a kin word and an initial name the adult whose first name
    (any name recorded for them) begins with that letter and whose gender does not contradict the
    kin word's -- weak on its own: the matcher's margin keeps it to one such adult."""
    want = ROLE_GENDER.get((role_key(form.prefix_role) or "").split(":")[0])
    if not form.prefix_role or cand.kind != "adult" or not given or not given.startswith(form.given or "-"):
        return 0.0
    have = cand.gender or next((ROLE_GENDER[r.split(":")[0]] for r in sorted(cand.roles)
                                if r.split(":")[0] in ROLE_GENDER), None)
    return 0.0 if want and have and have != want else 0.65


def _shortened(a: str, b: str) -> bool:
    """One first name is the other cut short, both at least three letters (Igna / Ignacy, Ste / Steven)."""
    return min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))


_SPELT_ENDINGS = re.compile(r"(ey|ie|ee|y|i)$")


def short_form_of(short: str, full: str) -> bool:
    """A British short form or spelling of a first name that no nickname list holds: the first
    syllable with -z/-s/-o ("Naz" Nasreen, "Gaz" Gareth, "Debs" Deborah, "Deano" Dean), the end of
    the name ("Nela" Ionela, "Cinth" Hyacinth, "Preet" Harpreet) or another ending ("Macey" Macie).
    Weak evidence: the matcher takes it only when one known person fits."""
    if not short or not full or short == full or len(short) < 3:
        return False
    if short[-1] in "zso" and len(short) - 1 >= 2 and full.startswith(short[:-1]):
        return True
    if len(short) >= 4 and len(full) > len(short) and full.endswith(short):
        return True
    a, b = _SPELT_ENDINGS.sub("", short), _SPELT_ENDINGS.sub("", full)
    return len(a) >= 3 and a == b and short[-1] in "eiy" and full[-1] in "eiy"


def role_adjustment(mention_role: str | None, cand: Candidate) -> float:
    """Multiplier from the role the text gives the mention vs the known person's role."""
    base = (role_key(mention_role) or "").split(":")[0]
    if mention_role and cand.kind in ("child", "sibling") and not is_professional(mention_role) \
            and base in FAMILY_ROLES and not (cand.kind == "sibling" and base == "sibling"):
        # "Padraig McDonagh (paternal grandfather)": not the child, nor the brother, of that name
        return 0.4
    if not mention_role or not cand.roles:
        return 1.0
    mk = role_key(mention_role)
    if not mk:
        return 1.0
    if cand.kind in ("worker", "author"):
        # a kinship cue is not the worker; a word the lexicon does not know ("Chair: Margaret
        # Ellis", "chaired by") is no evidence either way
        return 1.1 if is_professional(mention_role) else 0.5 if base in FAMILY_ROLES else 1.0
    dists = [relationship_distance(mk, r) for r in cand.roles]
    d = min(dists)
    if d == 0:
        return 1.15
    if d >= 1.0 and mk.split(":")[0] in FAMILY_ROLES:
        return 0.5
    return 1.0


@dataclass
class Match:
    person_id: str
    score: float
    method: str


def match_name(form: NameForm, mention_role: str | None, candidates: list[Candidate], *,
               threshold: float = 0.6, margin: float = 0.1) -> Match | None:
    """The known person a PERSON mention names, or None when no one fits clearly."""
    scored: dict[str, float] = {}
    for c in candidates:
        s = name_score(form, c)
        if s <= 0:
            continue
        adjust = role_adjustment(mention_role, c)
        cue_gender = ROLE_GENDER.get((role_key(mention_role) or "").split(":")[0])
        if form.kind == "full" and s >= 0.95 and cue_gender and c.gender and cue_gender != c.gender:
            # the exact full name of a known man with a "mother" cue: the extractor's misreading
            # ("mum's boyfriend Lee Barr" read as "mum"), not a namesake -- a same-gender cue of
            # another generation (grandfather / father of one name) still counts against
            adjust = max(adjust, 0.8)
        s *= adjust
        if c.tier > 1:
            s *= 0.95
        scored[c.person_id] = max(scored.get(c.person_id, 0.0), s)
    if not scored:
        return None
    if form.generation:
        _prefer_generation(scored, form.generation, candidates)
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    pid, best = ranked[0]
    if best < threshold:
        return None
    if len(ranked) > 1 and ranked[1][1] > best - margin:
        tied = {p for p, sc in ranked if sc > best - margin}
        own = {c.person_id for c in candidates if c.person_id in tied and c.tier == 1}
        if len(own) == 1 and len(tied) > 1 and all(
                c.tier > 1 for c in candidates if c.person_id in tied - own):
            # the child's own record beats a sibling's record of (probably) the same person
            p = next(iter(own))
            return Match(p, min(scored[p], 1.0) * 0.9, "gazetteer")
        # "Ms Marsh" when mother and grandmother share a surname: formal notes call the
        # parent by title + surname; take the parent of the title's gender if exactly one.
        if form.kind == "title":
            parent = "mother" if form.gender == "f" else "father" if form.gender == "m" else None
            tied = [p for p, s in ranked if s > best - margin]
            parents = [c.person_id for c in candidates if c.person_id in tied and parent in c.roles]
            if parent and len(set(parents)) == 1:
                return Match(parents[0], 0.6, "gazetteer")
        return None
    return Match(pid, min(best, 1.0), "gazetteer")


def generation_rank(cand: Candidate) -> int:
    """0 the child's generation (the child, a sibling), 2 a grandparent, 1 anyone else."""
    if cand.kind in ("child", "sibling"):
        return 0
    return 2 if any(r.split(":")[0] in ("grandmother", "grandfather") for r in cand.roles) else 1


def _prefer_generation(scored: dict[str, float], generation: str, candidates: list[Candidate]) -> None:
    """"Little Jack" among the child Jack and his father Jack: the younger; "Dean Pryce Snr"
    among a father and a grandfather Dean Pryce: the older. Those of another generation than the
    marker's lose ground, so the one that fits is clearly ahead (or none is)."""
    ranks = {c.person_id: generation_rank(c) for c in candidates if c.person_id in scored}
    if len(set(ranks.values())) < 2:
        return
    target = min(ranks.values()) if generation == "younger" else max(ranks.values())
    for pid, rank in ranks.items():
        if rank != target:
            scored[pid] *= 0.6


# ----------------------------------------------------------------------------- roles

_SIBLING_ROLES = {"brother": "m", "sister": "f", "half-brother": "m", "half-sister": "f"}


def match_role(role: str | None, record_date: str | None, candidates: list[Candidate]) -> Match | None:
    """The one known person holding this role in the child's network, or None.

    Family roles compare normalised relationships ("mum" -> the adult recorded as Mother;
    "MGM" -> the maternal grandmother; "nan" -> the only grandmother when the side is not
    said); professional roles match workers allocated in that role at the note's date
    ("SW" -> the social worker allocated then); "brother"/"sister" match a sibling of that
    gender. Several holders (two grandmothers for "nan") leave the mention unresolved.
    """
    if not role:
        return None
    if is_professional(role):
        want = fold(role)
        hits = set()
        for c in candidates:
            if c.kind != "worker":
                continue
            for start, end, r in c.periods:
                if fold(r) != want:
                    continue
                if record_date and start and record_date < start:
                    continue
                if record_date and end and record_date > end:
                    continue
                hits.add(c.person_id)
        if len(hits) == 1:
            return Match(hits.pop(), 0.8, "role")
        return None
    if role in _SIBLING_ROLES:
        g = _SIBLING_ROLES[role]
        hits = {c.person_id for c in candidates if c.kind == "sibling" and c.gender == g}
        if len(hits) == 1:
            return Match(hits.pop(), 0.7, "role")
        return None
    rk = role_key(role)
    if not rk:
        return None
    exact = {c.person_id: c for c in candidates if c.kind in ("adult", "cluster") and rk in c.roles}
    if exact:
        own = {p for p, c in exact.items() if c.tier == 1}
        pool = own or set(exact)
        if len(pool) == 1:
            c = exact[next(iter(pool))]
            return Match(c.person_id, 0.85 if c.kind == "adult" and c.tier == 1 else 0.65, "role")
        return None
    base = rk.split(":")[0]
    if ":" not in rk and base in ("grandmother", "grandfather", "aunt", "uncle"):
        sided = {c.person_id for c in candidates if c.kind in ("adult", "cluster")
                 and any(r.split(":")[0] == base for r in c.roles)}
        if len(sided) == 1:
            return Match(sided.pop(), 0.6, "role")
    return None


# ----------------------------------------------------------------------------- clustering

class UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, items) -> dict:
        out: dict = {}
        for x in items:
            out.setdefault(self.find(x), []).append(x)
        return out


def _given_compatible(a: str, b: str) -> bool:
    return a == b or nickname_equivalent(a, b) or given_name_similarity(a, b) >= 0.8


_PARTNER_WORDS = {"partner", "boyfriend", "girlfriend"}


def _partner_like(role: str) -> str:
    """'boyfriend' beside "mum's partner": in a child's notes the one word names a parent's
    partner as often as not -- both read as a partner when fitting a bare surname."""
    return "partner" if role in _PARTNER_WORDS or role.startswith("partner of") else role


def _fits(cues: set[str], roles: set[str], exact: bool) -> bool:
    if not cues or not roles:
        return False
    d = min(relationship_distance(a, b) for a in cues for b in roles)
    if d == 0:
        return True
    if {_partner_like(a) for a in cues} & {_partner_like(b) for b in roles} & {"partner"}:
        return True
    return not exact and d < 1.0


def one_given_for_initial(fulls: list[NameForm], a: NameForm, b: NameForm) -> bool:
    """"Dr T Mahmood" and "Dr Tariq Mahmood": one given name is an initial that the other begins
    with, and no other full name of that family (``fulls``) has another first name with it."""
    if a.family != b.family or not a.given or not b.given or (len(a.given) == 1) == (len(b.given) == 1):
        return False
    initial, name = (a.given, b.given) if len(a.given) == 1 else (b.given, a.given)
    if not name.startswith(initial):
        return False
    return all(f.given == name or len(f.given or "") == 1 or not (f.given or "").startswith(initial)
               for f in fulls if f.kind == "full" and f.family == a.family)


def _other_spelling_of_a_written_name(given: str, full_given: str | None, forms: list[NameForm]) -> bool:
    """"Helen" beside "Ellen Marsden" when the same notes also write "Ellen" alone: a variant
    spelling (neither a short form of the other) of a first name the notes write as it is is
    another person's name (the team manager Helen, the CAMHS worker Ellen), not that full name's."""
    if not full_given or given == full_given or full_given.startswith(given) or given.startswith(full_given):
        return False
    return any(x.kind == "given" and x.given == full_given for x in forms)


def _one_initial_for(given: str, fulls: list[NameForm], unique_full) -> int | None:
    """"Oliver" beside "O. Banner" and no other full name of this child's notes that "Oliver"
    could be: the one full name whose given name is the initial it begins with (not when another
    full name has a first name with that letter)."""
    if any(x.given and len(x.given) > 1 and x.given[0] == given[0] for x in fulls):
        return None
    return unique_full(lambda x: x.given is not None and len(x.given) == 1 and x.given == given[0])


def cluster_unmatched(forms: list[NameForm], roles: list[set[str]] | None = None) -> list[list[int]]:
    """Group unmatched PERSON mentions of one child (indexes into ``forms``) into people.

    Full names group by family name + compatible given name; a first name alone joins the
    single compatible full name, else other first-name mentions of a compatible name; title +
    surname joins the single full name with that surname (title gender permitting), else
    others with the same title gender and surname; initials join the single full name they
    fit, else the same initials. Mentions with nothing usable stay alone.

    ``roles`` (role keys the text gives each mention, optional): a surname on its own that two
    full names carry ("Barraclough (mum's partner)" beside Lee and Craig Barraclough) joins the
    one whose roles fit its own exactly, when no other holder's roles come near; with no role,
    or two holders that fit, it stays apart.
    """
    roles = roles if roles is not None else [set() for _ in forms]
    uf = UnionFind()
    idx = list(range(len(forms)))
    full = [i for i in idx if forms[i].kind == "full"]
    # full names: same family, compatible given
    for a_pos, i in enumerate(full):
        for j in full[a_pos + 1:]:
            fi, fj = forms[i], forms[j]
            if family_name_similarity(fi.family, fj.family) >= 0.9 and (
                    _given_compatible(fi.given, fj.given)
                    or one_given_for_initial([forms[k] for k in full], fi, fj)):
                uf.union(i, j)
    full_groups = uf.groups(full)

    def unique_full(pred) -> int | None:
        roots = {root for root, members in full_groups.items() if any(pred(forms[m]) for m in members)}
        return next(iter(roots)) if len(roots) == 1 else None

    singles: dict[str, list[int]] = {}
    bare_surnames: list[int] = []
    for i in idx:
        f = forms[i]
        if f.kind == "given":
            root = unique_full(lambda x, f=f: _given_compatible(f.given, x.given)
                               and not _other_spelling_of_a_written_name(f.given, x.given, forms))
            if root is None and len(f.given) >= 3:
                root = _one_initial_for(f.given, [forms[k] for k in full], unique_full)
            if root is None and len(f.given) >= 4 and not unique_full(lambda x, f=f: x.given == f.given):
                # a surname on its own ("Barraclough came round") joins the one full name
                # with that surname
                root = unique_full(lambda x, f=f: x.family == f.given)
                if root is None and not any(x.given == f.given for x in forms if x.kind == "full") \
                        and any(x.family == f.given for x in forms if x.kind == "full"):
                    bare_surnames.append(i)
            if root is not None:
                uf.union(root, i)
            else:
                singles.setdefault("given", []).append(i)
        elif f.kind == "title":
            # "Mrs Whitaker" with "Mrs Sandra Whitaker" and "Mr Pete Whitaker": the title's gender
            root = unique_full(lambda x, f=f: family_name_similarity(f.family, x.family) >= 0.9
                               and (not f.gender or not x.gender or f.gender == x.gender))
            if root is not None:
                uf.union(root, i)
            else:
                singles.setdefault("title", []).append(i)
        elif f.kind == "initials":
            root = unique_full(lambda x, f=f: len(f.initials) >= 2 and x.given and x.family
                               and x.given[0] == f.initials[0] and x.family[0] == f.initials[-1])
            if root is not None:
                uf.union(root, i)
            else:
                singles.setdefault("initials", []).append(i)
    given = singles.get("given", [])
    for a_pos, i in enumerate(given):
        for j in given[a_pos + 1:]:
            if forms[i].given == forms[j].given or nickname_equivalent(forms[i].given, forms[j].given):
                uf.union(i, j)
    _join_bare_surnames(forms, roles, uf, full_groups, bare_surnames)
    titled = singles.get("title", [])
    for a_pos, i in enumerate(titled):
        for j in titled[a_pos + 1:]:
            if forms[i].family == forms[j].family and (forms[i].gender == forms[j].gender):
                uf.union(i, j)
    inits = singles.get("initials", [])
    for a_pos, i in enumerate(inits):
        for j in inits[a_pos + 1:]:
            if forms[i].initials == forms[j].initials:
                uf.union(i, j)
    _initials_of_a_named_worker(forms, roles, uf, inits, given)
    usable = [i for i in idx if forms[i].kind != "none"]
    return [sorted(g) for g in uf.groups(usable).values()]


def _initials_of_a_named_worker(forms: list[NameForm], roles: list[set[str]], uf: UnionFind,
                                inits: list[int], given: list[int]) -> None:
    """"HC" and "Helen" in one child's notes, both given the same professional role ("supervision
    with Helen", "TM: HC"): the one first name of that role whose letter the initials begin with.
    Not for family roles (two relatives share a role: two uncles), not with two such names."""
    for i in inits:
        pro = {r for r in roles[i] if is_professional(r)}
        if not pro:
            continue
        roots = {uf.find(j) for j in given if roles[j] & pro and (forms[j].given or "")[:1] == forms[i].initials[:1]}
        if len(roots) == 1:
            uf.union(roots.pop(), i)


def _join_bare_surnames(forms: list[NameForm], roles: list[set[str]], uf: UnionFind,
                        full_groups: dict, bare: list[int]) -> None:
    """A surname alone with several full-name holders joins the one whose roles fit (the
    mentions of that surname grouped first: one text, one person within the child)."""
    by_root: dict = {}
    for i in bare:
        by_root.setdefault(uf.find(i), []).append(i)
    for members in by_root.values():
        surname = forms[members[0]].given
        cues = set().union(*(roles[i] for i in members))
        holders = {root: set().union(*(roles[m] for m in ms)) for root, ms in full_groups.items()
                   if any(forms[m].family == surname for m in ms)}
        exact = [root for root, rs in holders.items() if _fits(cues, rs, exact=True)]
        near = [root for root, rs in holders.items() if _fits(cues, rs, exact=False)]
        if len(exact) == 1 and near == exact:
            uf.union(exact[0], members[0])


def gender_of(value: object) -> str | None:
    return normalise_gender(value)


def same_name_referents(matched: list[tuple[str, str]]) -> dict[str, str]:
    """Folded mention text -> the one known person that every matched mention with that text
    names, from ``(text, person key)`` pairs of one child's matched mentions.

    One name, one person within a child's records: "Chi" that the matcher could not place
    (Chiamaka the mother or Chidubem the child?) is the Chi another note names as mum; a text
    matched to two different people names neither."""
    seen: dict[str, set[str]] = {}
    for text, key in matched:
        seen.setdefault(fold(text), set()).add(key)
    return {t: next(iter(keys)) for t, keys in seen.items() if t and len(keys) == 1}


def one_professional_holder(full_names: list[tuple[str, str, set[str]]]) -> bool:
    """Every full name given with this first name across the council's mention-only people
    is one person's -- ``(given, family, roles)`` triples with one family name -- and that
    person is named in a professional role: "Marcus" in one child's notes is the youth worker
    Marcus Bentley whom other children's notes name in full. Professionals work across many
    children and are written by first name; family members are not shared that way."""
    families = sorted({fold(f) for _, f, _ in full_names if f})
    # one family name, or one with a typo ("Rowlands" / "Rowland")
    if not families or any(family_name_similarity(families[0], f) < 0.9 for f in families[1:]):
        return False
    return any(is_professional(r) for _, _, roles in full_names for r in roles)
