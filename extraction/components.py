"""Registered spaCy components of the Kinscope mention pipeline.

Every factory carries its version in its name (spaCy allows no "." in factory names, hence
``_v1``); a changed behaviour is a new version, so a trained pipeline's ``config.cfg`` says
which rules it was evaluated with. The pattern lists are registered functions
(``@misc = "kinscope.role_patterns.v1"``, ``"kinscope.abbreviation_patterns.v1"``).

===============================  ========================================================
factory (pipe name)              does
===============================  ========================================================
``kinscope_role_ruler_v1``       SpanRuler, case-insensitive phrases: role words ("mum",
(``kinscope_role_ruler``)        "maternal grandmother", "mum's partner", "foster carer")
``kinscope_abbreviation_ruler_   SpanRuler, case-sensitive: abbreviations ("MGM", "M.G.M.",
v1`` (``kinscope_abbr_ruler``)   "HV", "PA"), title + surname ("Mrs Okafor", "DC Ward"), name
                                 prefixes ("Nana Pat", "HV Sarah")
``kinscope_regex_v1``            regular expressions over the text: POSTCODE, PHONE, EMAIL,
(``kinscope_regex``)             DATE, ADDRESS, ORG, PLACE
``kinscope_names_v1``            capitalised known first names (:mod:`extraction.name_model`),
(``kinscope_names``)             optionally with a capitalised surname: PERSON at low
                                 confidence
``kinscope_phrases_v1``          people, groups and places as prose writes them
(``kinscope_phrases``)           (:mod:`extraction.phrases`)
``kinscope_linker_v1``           merges NER entities and rule spans into
(``kinscope_linker``)            ``doc.spans["mentions"]`` (no overlaps), sets ``Span._.role``,
                                 ``relation_to``, ``confidence``, ``source``, ``agency`` and
                                 links roles to names
===============================  ========================================================

All rule spans go to ``doc.spans["kinscope_rules"]`` with ``span.id_ = "<rule>|<role>"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from extraction import court_lines, lexicon, name_model, place_word_names, review_noise
from extraction.name_model import given_names, unlikely_name, word_frequency, word_kind
from extraction.patterns import REGEX_RULES, RULE_CONFIDENCE, address_ok, phone_ok
from extraction.phrases import defined_acronyms

RULES_KEY = "kinscope_rules"
MENTIONS_KEY = "mentions"

for _name, _default in (("role", None), ("relation_to", None), ("confidence", None),
                        ("source", None), ("rule", None), ("agency", None), ("place_type", None),
                        ("alias_of", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

# which candidate wins where spans overlap (higher first; then the longer span)
PRIORITY = {
    ("rule", "EMAIL"): 100, ("rule", "PHONE"): 95, ("rule", "POSTCODE"): 95,
    ("rule", "ADDRESS"): 85, ("rule", "DATE"): 85,
    ("rule", "PERSON"): 80,          # title + surname, prefix + name
    ("rule", "ORG"): 70, ("rule", "PLACE"): 66, ("rule", "SETTING"): 66,
    ("rule", "GROUP"): 64,           # "the children", "her school friends" (extraction.phrases)
    ("rule", "ROLE"): 62,            # role words and abbreviations ("MGM" is never a name)
    ("rule", "PLACE_TOWN"): 61,      # "in Stanley", "moved to Lagos": no known first name
    ("ner", "PERSON"): 60,
    ("rule", "PLACE_TOWN_WEAK"): 56,  # "in Shirley": a first name after "in" (NER names win)
    ("rule", "ROLE_GENERIC"): 52,    # "friend", "carer", "partner"
    ("ner", "ROLE"): 50,
    ("ner", "ORG"): 45, ("ner", "PLACE"): 44, ("ner", "OTHER"): 40,
    ("gazetteer", "PERSON"): 35,
}

# NER confidence when the model ships no calibration (see training.calibrate)
DEFAULT_NER_CONFIDENCE = {"PERSON": 0.85, "ROLE": 0.8}


# ---- regex component ------------------------------------------------------------------
@Language.component("kinscope_regex_v1")
def regex_component(doc: Doc) -> Doc:
    text = doc.text
    spans = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
    for label, rule, rx in REGEX_RULES:
        for m in rx.finditer(text):
            s, e = m.span()
            if label == "PHONE" and not phone_ok(m.group()):
                continue
            if label == "ADDRESS" and not address_ok(m.group()):
                continue
            sp = doc.char_span(s, e, label=label, alignment_mode="expand")
            if sp is None or len(sp) == 0:
                continue
            sp.id_ = f"{rule}|"
            spans.append(sp)
    doc.spans[RULES_KEY] = spans
    return doc


# ---- the two span rulers: patterns from registered, versioned functions ------------------
class _CodeRuler(SpanRuler):
    """A SpanRuler whose patterns come from code (its registered pattern function), never
    from a model folder: a trained pipeline always runs the rules of the version it names.
    Phrase patterns are only tokenised (they match on LOWER/ORTH), never run through the pipes
    before the ruler: an untrained NER cannot process them."""

    def add_patterns(self, patterns: list[dict]) -> None:
        for entry in patterns:
            label = repr((entry["label"], entry.get("id", "")))
            self._match_label_id_map[self.nlp.vocab.strings.as_int(label)] = {
                "label": entry["label"], "id": entry.get("id", "")}
            if isinstance(entry["pattern"], str):
                self.phrase_matcher.add(label, [self.nlp.make_doc(entry["pattern"])])
            else:
                self.matcher.add(label, [entry["pattern"]])
            self._patterns.append(entry)

    def to_disk(self, path, *, exclude=tuple()) -> None:  # noqa: B006 - spaCy's signature
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=tuple()):  # noqa: B006 - spaCy's signature
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:  # noqa: B006 - spaCy's signature
        return b""

    def from_bytes(self, bytes_data, *, exclude=tuple()):  # noqa: B006 - spaCy's signature
        return self


@Language.factory("kinscope_role_ruler_v1",
                  default_config={"patterns": {"@misc": "kinscope.role_patterns.v1"}})
def make_role_ruler(nlp: Language, name: str, patterns: Callable[[], list[dict]]) -> SpanRuler:
    ruler = _CodeRuler(nlp, name, spans_key=RULES_KEY, phrase_matcher_attr="LOWER", overwrite=True,
                       validate=False)
    ruler.add_patterns(patterns())
    return ruler


@Language.factory("kinscope_abbreviation_ruler_v1",
                  default_config={"patterns": {"@misc": "kinscope.abbreviation_patterns.v1"}})
def make_abbreviation_ruler(nlp: Language, name: str, patterns: Callable[[], list[dict]]) -> SpanRuler:
    ruler = _CodeRuler(nlp, name, spans_key=RULES_KEY, overwrite=False, validate=False)
    ruler.add_patterns(patterns())
    return ruler


# ---- first-name gazetteer ---------------------------------------------------------------
first_names = name_model.gazetteer_names  # the names the gazetteer and the phrase rules know


class NameGazetteer:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        titled = sorted({n.title() for n in first_names()})
        # a first name in capitals only before a surname ("KIRSTY TOWNSEND"): alone, capitals are
        # abbreviations far more often ("CAIT", "ABE", "EDD")
        upper = sorted({n.upper() for n in first_names()} | set(titled))
        surname = {"TEXT": {"REGEX": r"^[A-Z\u00C0-\u00DE][\w'\u2019\-]+$"},
                   "LOWER": {"NOT_IN": sorted(lexicon.NOT_NAMES | lexicon.AMBIGUOUS_NAMES
                                              | set(lexicon.ROLE_PHRASES))}}
        self.matcher.add("gazetteer_full", [[{"ORTH": {"IN": upper}}, surname]])
        self.matcher.add("gazetteer_name", [[{"ORTH": {"IN": titled}}]])
        # an initial before a surname, as British notes sign and minute people ("Discussed with
        # M Pugh", "Signed: K Lewis", "T.R. Bowen"); the surname is checked by the name model
        initial = {"TEXT": {"REGEX": r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,3})$"}}
        self.matcher.add("initial_surname", [[initial, surname], [initial, initial, surname]])

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
        for match_id, s, e in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            if rule == "initial_surname" and not initial_and_surname(doc[s:e]):
                continue
            sp = Span(doc, s, e, label="PERSON")
            sp.id_ = f"{rule}|"
            spans.append(sp)
        doc.spans[RULES_KEY] = spans
        return doc


def initial_and_surname(span: Span) -> bool:
    """"M Pugh", "T.R. Bowen": initials, then a word the name model reads as a name (not a common
    word, a place or an abbreviation: "A Level", "B Wing", "D Block"). A bare "A" or "I" is an
    article or a pronoun ("I Think", "A Lewis"), and a letter after a label or a title belongs to
    that ("Adult B", "Plan B", "Mrs G Morgan" is the title rule's)."""
    doc, first, last = span.doc, span[0], span[-1]
    if first.text in ("A", "I") or (len(span) == 3 and span[1].text in ("A", "I")) or not last.is_title:
        return False
    if first.i > 0:
        before = doc[first.i - 1]
        low = before.text.rstrip(".").lower()
        if before.text[:1].isupper() and low.isalpha() and low not in _INITIAL_MAY_FOLLOW \
                and low not in lexicon.NOTE_VERBS:
            return False  # "Plan B Meeting", "Adult C Jones", "Mrs G Morgan", "Vitamin D Tablets"
    if "\n" in first.whitespace_ or (len(span) == 3 and "\n" in span[1].whitespace_):
        return False
    word = last.text
    if len(word) < 3 or word.isupper() or word.lower() in name_model.place_names():
        return False
    if span[-2].text.endswith(".") and word.lower() in given_names() and word.lower() not in name_model.surnames():
        return False  # "Didn't mention T. Tash will ...": a sentence ends at the letter
    kind, rare = word_kind(word), word_frequency(word.lower()) < RARE_SURNAME_ZIPF
    # a listed surname may be a word ("Bowen", "Davies"), unless a common one ("D Block", "J May")
    return (kind == "name" and rare) or (word.lower() in name_model.surnames() and (kind == "name" or rare))


# capitalised words an initial and surname may follow: a heading's or list's own words
_INITIAL_MAY_FOLLOW = frozenset({"signed", "present", "attendees", "by", "cc", "from", "to", "and"})


@Language.factory("kinscope_names_v1")
def make_names(nlp: Language, name: str) -> NameGazetteer:
    return NameGazetteer(nlp, name)


# ---- the linker -----------------------------------------------------------------------
def _extend_cut_surnames(cands: list["_Cand"]) -> None:
    """A first name the NER ended one word before the surname the gazetteer reads on ("Reece" of
    "Kayden said Reece Lund picked him up"; "Reece Harper" it keeps whole): the NER's mention to
    the gazetteer's end, when that word is name-like and rare as a word (not "Said", "Police")."""
    full = {c.tok_start: c for c in cands if c.rule == "gazetteer_full" and c.label == "PERSON"}
    for c in cands:
        g = full.get(c.tok_start)
        if c.source != "ner" or c.label != "PERSON" or g is None or c.tok_end - c.tok_start != 1 \
                or g.tok_end != c.tok_end + 1 or g.start != c.start:
            continue
        word = g.text_after(c)
        if word and word_kind(word) == "name" and word_frequency(word.lower()) < RARE_SURNAME_ZIPF:
            c.end, c.tok_end = g.end, g.tok_end


RARE_SURNAME_ZIPF = 4.5  # a surname the extension may add is rarer than this as an English word


class _Cand:
    __slots__ = ("start", "end", "label", "source", "rule", "role", "confidence", "tok_start",
                 "tok_end", "sources", "doc")

    def __init__(self, span: Span, label: str, source: str, rule: str | None, role: str | None,
                 confidence: float) -> None:
        self.doc = span.doc
        self.start, self.end = span.start_char, span.end_char
        self.tok_start, self.tok_end = span.start, span.end
        self.label, self.source, self.rule, self.role, self.confidence = label, source, rule, role, confidence
        self.sources = {source}

    def text_after(self, other: "_Cand") -> str:
        """The text of this span after ``other`` ends (``other`` a prefix of it), stripped."""
        return self.doc.text[other.end:self.end].strip()


_GAP_ROLE_AFTER = re.compile(r"^\s*(?:\(|,|-|\u2013|:)?\s*$")       # "Danielle Marsh (mother"
_GAP_NAME_AFTER_ROLE = re.compile(r"^\s*(?:\(|-|\u2013|:)?\s*[\"'\u2018\u201c]?$")  # "MGM Pat", "Mum (Danielle"
_GAP_COMMA = re.compile(r"^\s*,\s*$")
_GAP_INTRODUCED = re.compile(
    r"^[^.;\n]{0,40}?\b(?:introduced as|known as|called|named|who is|whose name is)\s*[\"'\u2018\u201c]?$",
    re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:her|his|their|the|a|an|my|our|your)|'s|\u2019s)\s*$", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"^(?:'s|\u2019s|')\s+$")
_PAREN_CLOSE_AHEAD = re.compile(r"^\s*[),]")
_FIELD_LABEL_AFTER = re.compile(r"^\s*(?:\([^)\n]{0,40}\)\s*)?:")  # "The second respondent (father to J):"
_QUOTED_NAME_AFTER = re.compile(
    r"[ \t]+[\"'\u2018\u201c]([A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]{1,15}(?: [A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF]{1,15})?)"
    r"[\"'\u2019\u201d](?![\w'\u2019])")
# a copula (or "as") and the determiner and modifiers of a predicate noun phrase, up to the role
# ("there was a man", "it was a girl" introduce someone: not predicates)
_PREDICATE_BEFORE = re.compile(
    r"(?:(?<![\w'\u2019])(?<![Tt]here )(?<![Ii]t )(?<![Tt]his )(?<![Tt]hat )(?<![Hh]ere )(?<![Tt]here's )"
    r"(?:is|was|are|were|be|been|being|am)\s+(?:a|an)\s+"
    r"|(?<![\w'\u2019])(?:(?<!such )(?<!well )(?<!referred to )(?<!known )[Aa]s|become|becomes|became|becoming)\s+(?:(?:a|an|the|[A-Z][a-z]+['\u2019]s)\s+)?"
    r"|\bI\s+(?:was|am|have\s+been)\s+(?:a|an|the)\s+"
    r"|\b(?:you|we|they|I)['\u2019](?:re|m)\s+(?:a|an)\s+)"
    r"(?:(?!(?:with|to|for|by|from|of|in|at|on|and|or|that|who|not|between|against|about|after|before|under|"
    r"over|than|into|through|among|amongst)\b)[a-z][\w-]*\s+){0,3}$")

_HOME_VISIT = re.compile(r"(?:\b(?:[Ww]ill|[Uu]nannounced|[Aa]nnounced|[Jj]oint|[Pp]lanned|[Nn]ext|[Ll]ast)\s+HV\b"
                         r"|\bHV\s+(?:\d{1,2}[:.]\d{2}|this\s+[ap]m|completed|done|booked))")

# a case or file number, not a person: "P018/09", "AD12/14"
_CASE_NUMBER = re.compile(r"\d/\d")
# a firm's name, not a person: "(Burton & Co)", "Smith Partners LLP", "Langleys Solicitors"
_FIRM_AFTER = re.compile(r"[ \t]*(?:&\s*Co\b|LLP\b|Solicitors\b|Chambers\b)")  # same line only

# a capitalised word before one of these names a place or service: "Rosewood children's home",
# "Calder Foyer", "Stonebridge Family Hub"
_PREMISES_AFTER = re.compile(r"\s+(?:children['\u2019]s\s+home|Foyer|Hub|youth\s+centre|family\s+centre|Lodge|Academy)\b")


# "His mother", "Her twin sister": a possessive pronoun before a kin word (two words between at most)
_PRONOUN_BEFORE = re.compile(r"\b([Hh]is|[Hh]er)\s+(?:[a-z][\w-]*\s+){0,2}$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _pronoun_adult(text: str, ms: list["_Cand"], i: int) -> str | None:
    """The adult a "his"/"her" before a kin word is said of, when the text shows it: "Mr Price has
    not engaged. His mother, Lorraine Price, ..." -> "Mr Price"; "Ms Griffiths has separated from
    Mr Price. Her twin sister, Tracey, ..." -> "Ms Griffiths". The nearest person of the pronoun's
    gender before it, in the same paragraph and at most two sentences back, written with a title
    (an adult: a child is not "Mr"); any other person between them, or none, leaves the kin word
    said of the child (None)."""
    c = ms[i]
    m = _PRONOUN_BEFORE.search(text, max(0, c.start - 40), c.start)
    base = (lexicon.normalise_relationship(c.role) or "").split(":")[0]
    if m is None or base not in lexicon.KIN_ROLE_BASES:
        return None
    gender = "m" if m.group(1).lower() == "his" else "f"
    for j in range(i - 1, -1, -1):
        p = ms[j]
        between = text[p.end:m.start()]
        if _PARAGRAPH_BREAK.search(between) or len(re.findall(r"[.!?](?:\s|$)", between)) > 1 or len(between) > 240:
            return None
        if p.label != "PERSON":
            continue
        words = text[p.start:p.end].split()
        title = words[0].rstrip(".").lower() if len(words) > 1 else ""
        if lexicon.TITLE_GENDER.get(title) == gender:
            return text[p.start:p.end]
        if title not in lexicon.TITLE_GENDER:
            return None  # "Ms Griffiths took Ruby to school. Her mother ...": Ruby's, perhaps
    return None


def _not_person_context(text: str, c: "_Cand") -> bool:
    """A one-word PERSON candidate that the words around it show is no one: after a lower-case
    "the" ("the Foyer", "the Leon": names take no article) or before a premises word."""
    if c.tok_end - c.tok_start != 1 or c.rule in ("labelled", "initials", "title_name", "prefix_name"):
        return False
    if _PREMISES_AFTER.match(text, c.end):
        return True
    return text[max(0, c.start - 4):c.start] == "the " and not text[c.start:c.end].endswith("s")


# a definite predicate that ranks its subject among kin: "was the younger brother of Child 3",
# "was the fifth child of the family", "was their third child"
_RELATIONAL_BEFORE = re.compile(
    r"(?<![\w'\u2019])(?<![Ii]t )(?<![Tt]his )(?<![Tt]hat )(?<![Tt]here )(?:is|was|are|were|be|been)\s+(?:not\s+)?"
    r"(?:the|his|her|their)\s+((?:[a-z][\w-]*\s+){0,3})$")
_RANK_WORDS = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|only|eldest|oldest|youngest|"
                         r"elder|older|younger|biological|birth)\b")
_BARE_AS = re.compile(r"(?<![\w'\u2019])[Aa]s\s+$")
_AS_POSSESSIVE = re.compile(r"(?<![\w'\u2019])[Aa]s\s+(?:her|his|their|my|our|your)\s+$")


def is_predicate(sp: Span, text: str | None = None) -> bool:
    """A role noun phrase after a copula or "as" (its own determiner read with what precedes),
    or a definite one relating its subject to someone ("was the younger brother of Child 3")."""
    end = sp[1].idx if len(sp) > 1 and sp[0].lower_ in ("a", "an", "the") else sp.start_char
    text = sp.doc.text if text is None else text  # Doc.text joins every token: pass it in
    before = text[max(0, sp.start_char - 60):end]
    if _PREDICATE_BEFORE.search(before) and not (_AS_POSSESSIVE.search(before) or (
            sp[0].lower_ in ("her", "his", "their", "my", "our", "your") and _BARE_AS.search(before))):
        return True  # ("ill as her mum's health worsened": "as" the conjunction)
    det = len(sp) > 1 and sp[0].lower_ in ("the", "his", "her", "their")
    m = _RELATIONAL_BEFORE.search(text[max(0, sp.start_char - 60):sp[1].idx if det else sp.start_char])
    if not m:
        return False
    mods = m.group(1) + " " + " ".join(t.lower_ for t in sp[:-1])
    if re.match(r"\s+[A-Z][a-z]", text[sp.end_char:sp.end_char + 3]):
        return False  # "the focus had been the second eldest child Martin": the name follows
    return bool(_RANK_WORDS.search(mods))  # ("the second respondent is the father of B" names a party)


_LINE_START_BEFORE = re.compile(r"(?:^|\n|\.\s|-\s?|\*\s?|\u2022\s?|\b[ivx]{1,4}\)\s?)\s*$")  # "ii) The first respondent:"
# a representation line's label before a party: "Counsel for the 1st Respondent:", "Solicitor for the mother:"
_LABEL_LEAD = re.compile(r"[ \t]*(?:[A-Za-z]+[ \t]+){0,3}(?:for|of|to|by)[ \t]+", re.IGNORECASE)


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS) | {"tv", "dogs", "missing", "team", "hub", "saw", "it", "to"}


_STOP = _stop_words()
_EXTRA_ROLE_FORMS = {"unborn baby", "the unborn", "unborn", "older male", "older males",
                     "older associate", "next door neighbour", "friend of mum's", "baby"}


# the words between a name and another name for the same person: "Jordan Haigh, known as
# 'Tiny'", "Kyle (K-Dog)", "'Whitey' -- real name Ryan Whiteley", "Police believe this is Kyle"
_ALIAS_AFTER = re.compile(
    r"^\s*[,;(\-\u2013]?\s*(?:(?:also|better|commonly|now)\s+)?(?:known\s+as|called|aka|a\.k\.a\.?|goes\s+by|"
    r"who\s+goes\s+by|nicknamed|street\s+name|street\s+name\s+is|calls\s+(?:him|her|them)self|uses\s+the\s+name|"
    r"who\s+is\s+known\s+as|alias)?\s*:?\s*[\"'\u2018\u201c(]?\s*$", re.IGNORECASE)
_ALIAS_BEFORE = re.compile(
    r"^\s*[\"'\u2019\u201d)]?\s*[,;(.\-\u2013]?\s*(?:(?:whose\s+)?real\s+name(?:\s+is)?|believed\s+to\s+be|"
    r"(?:police\s+)?believe(?:s|d)?\s+(?:this|him|her|that\s+this)\s+(?:is|to\s+be|was)|identified\s+as|"
    r"now\s+(?:known\s+to\s+be|identified\s+as)|is\s+in\s+fact)\s*:?\s*$", re.IGNORECASE)


def _aliases(text: str, ms: list[_Cand]) -> dict[int, int]:
    """Index of a PERSON mention -> start of the mention it is another name for, where the text
    says so between them (bare brackets too: "Darren (Daz)"). Only the nearer name is linked."""
    people = sorted((i for i, c in enumerate(ms) if c.label == "PERSON"), key=lambda i: ms[i].start)
    out: dict[int, int] = {}
    for a, b in zip(people, people[1:]):
        between = text[ms[a].end:ms[b].start]
        if len(between) > 60 or "\n" in between:
            continue
        if _ALIAS_AFTER.match(between) and (between.strip() or text[ms[b].end:ms[b].end + 1] in ")\"'\u2019\u201d"):
            if between.strip() in ("", ",", ";", "-"):
                continue  # "Jo, Kasia": a list, not another name
            out[b] = ms[a].start
        elif _ALIAS_BEFORE.match(between):
            out[a] = ms[b].start
    return out


_NOT_A_LABEL_AFTER = {"part", "section", "schedule", "paragraph", "para", "appendix", "annex", "class",
                      "category", "grade", "type", "plan", "option", "level", "form", "tier", "stage", "block"}


def _label_elsewhere(tok) -> bool:
    """An initial that is something else here: the article "A" before a word, "Part B", "B-road"."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    prev = tok.nbor(-1) if tok.i > 0 else None
    if tok.text == "A" and nxt is not None and (nxt.text[:1].islower() or (nxt.text.isupper() and len(nxt.text) >= 3)):
        return True  # the article: "A boy", "A COUNCIL"
    if len(tok.text) == 1 and nxt is not None and len(nxt.text) == 1 and nxt.text.islower():
        return True  # letter-spaced type: "B e f o r e"
    if len(tok.text) <= 3 and tok.text.isupper() and nxt is not None and nxt.text in ("-", "&", "/", "."):
        return nxt.text == "." and nxt.i + 1 < len(tok.doc) and tok.doc[nxt.i + 1].text[:1].islower()
    return prev is not None and prev.lower_ in _NOT_A_LABEL_AFTER


_FIRM_WORDS = {"solicitors", "solicitor's", "llp", "chambers", "partners", "associates", "lawyers",
               "law", "legal", "ltd", "limited", "plc", "co", "company", "firm"}


# the judge of a judgment after its "Before:" heading ("Before: HHJ Vincent", "B e f o r e :\n\nHIS
# HONOUR JUDGE WILLANS"): the author, left out (guidelines)
_BEFORE_HEADING = re.compile(r"(?:^|\n)[ \t]*(?:B\s?e\s?f\s?o\s?r\s?e|BEFORE)[ \t]*:[ \t\n]*(?:[A-Z][\w.'\u2019]*[ \t]+){0,4}$")


_JUDGE_LINE = re.compile(r"[ \t]*(?i:(?:his|her)\s+honour\s+judge|hhj|district\s+judge|(?:mr|mrs|ms)\s+justice|"
                         r"recorder)\s+[A-Za-z'\u2019 .-]{2,40}?[ \t]*:[ \t]*")


def after_before_heading(text: str, start: int, end: int | None = None) -> bool:
    """The name follows a judgment's "Before:" heading, or heads the judgment's body on a line of
    its own ("Her Honour Judge Hesford :"): the judge who wrote it."""
    if _BEFORE_HEADING.search(text[max(0, start - 80):start]):
        return True
    if end is None or ":" not in text[end:end + 4]:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return bool(_JUDGE_LINE.fullmatch(text, line_start, len(text) if line_end < 0 else line_end))


# nouns an abbreviated role modifies ("HV helpline", "SW contact"): a service, not a person
_ABBR_MODIFIES = {"helpline", "contact", "contacts", "clinic", "visits", "role", "service", "caseload"}
_ROLE_OF_BEFORE = re.compile(r"\b(?:role|roles|duties|work)\s+of\s+(?:the|a|an)\s+$")
_BEFORE_BRACKET = re.compile(r"((?:[A-Za-z'\u2019-]+\s+){1,3})\($")


def _defines_abbreviation(text: str, sp: Span) -> bool:
    """An abbreviation in brackets right after the role words it stands for ("the health
    visitor (HV)"): the words are the mention, the brackets define a term."""
    if text[sp.end_char:sp.end_char + 1] != ")":
        return False
    m = _BEFORE_BRACKET.search(text, max(0, sp.start_char - 48), sp.start_char)
    if m is None:
        return False
    words = m.group(1).split()
    want = lexicon.ABBREVIATIONS.get(sp.text)
    return any(lexicon.role_of_text(" ".join(words[-n:])) == want for n in range(1, len(words) + 1))


def _firm_name(ent: Span) -> bool:
    """A law firm or company written like a name: its last word is a firm word ("Freeman
    Solicitors", "Hunter Law") or "& ... Partners" follows it ("Creighton & Partners")."""
    if ent[-1].lower_ in _FIRM_WORDS and len(ent) > 1:
        return True
    doc = ent.doc
    nxt = ent.end
    while nxt < len(doc) and nxt - ent.end < 4 and (doc[nxt].is_title or doc[nxt].text == "&"):
        nxt += 1
    if nxt < len(doc) and doc[nxt].lower_ in ("solicitors", "llp"):
        return True  # "instructed by Reeds solicitors", "Bastian Lloyd Morris solicitors"
    if ent.start >= 2 and doc[ent.start - 2].lower_ == "instructed" and doc[ent.start - 1].lower_ == "by":
        return True  # (token look-behind: Doc.text would join every token on each call)
    if ent.end + 1 < len(doc) and doc[ent.end].text == "&":
        return any(t.lower_ in _FIRM_WORDS for t in doc[ent.end + 1: ent.end + 4])
    return False


def _defined_term(ent: Span) -> bool:
    """Capitalised words that a bracketed acronym of their initials follows: a term being
    defined ("Attention Deficit Hyperactivity Disorder (ADHD)"), not a person."""
    if len(ent) < 2 or any(t.lower_ in given_names() for t in ent):
        return False  # "Karen Owen (KO)": a person and her initials
    m = re.match(r"\s*\(([A-Z]{2,})\)", ent.doc.text[ent.end_char:ent.end_char + 16])
    initials = "".join(t.text[0] for t in ent if t.text[:1].isupper())
    return bool(m) and len(initials) >= 2 and m.group(1).startswith(initials[:2]) and len(m.group(1)) >= len(ent) - 1


_MONTH_NAMES = {"may", "june", "april", "august"}
# a month is a date after these ("in May", "April and May", "since June") or before a number
_MONTH_DATE_BEFORE = {"in", "of", "on", "since", "until", "till", "by", "during", "from", "last", "next",
                      "early", "late", "mid", "end", "before", "after", "this", "that", "each", "every",
                      "between", "to", "through", "and", "or", "the", "a", "throughout", "following"}
# ... and a person before these ("May said", "May didn't know")
_SPEECH_AFTER = {"said", "says", "told", "tells", "asked", "asks", "explained", "disclosed", "reported",
                 "didn't", "didn\u2019t", "knew", "thought", "wanted", "felt", "agreed", "replied"}


def _month_is_date(tok) -> bool:
    prev = tok.doc[tok.i - 1] if tok.i else None
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in ("'s", "\u2019s") and not (prev is not None and prev.lower_ in (
            "last", "next", "this", "early", "late", "mid", "in", "during")):
        return False  # "been to May's house": a person's, not a month's
    return ((prev is not None and (prev.lower_ in _MONTH_DATE_BEFORE or prev.like_num))
            or (nxt is not None and (nxt.like_num or nxt.text[:1].isdigit())))


def _month_names_as_people(doc: Doc, ms: list["_Cand"]) -> list["_Cand"]:
    """Given names that are months ("May", "April") where the words around say a person: a
    speech verb after it, "told May", an apposition after a role ("a female friend, May,"),
    a possessive before a dwelling ("May's house"). The rest of the document follows
    (``Linker._propagate``), dates excepted."""
    covered = {i for c in ms for i in range(c.tok_start, c.tok_end)}
    role_ends = {c.tok_end for c in ms if c.label == "ROLE"}
    out = []
    for t in doc:
        if t.lower_ not in _MONTH_NAMES or not t.is_title or t.i in covered or _month_is_date(t):
            continue
        prev = doc[t.i - 1] if t.i else None
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        after2 = doc[t.i + 2].lower_ if t.i + 2 < len(doc) else ""
        if ((nxt is not None and nxt.lower_ in _SPEECH_AFTER)
                or (prev is not None and prev.lower_ in ("told", "asked", "informed"))
                or (nxt is not None and nxt.lower_ in ("'s", "\u2019s") and lexicon.PLACE_HEADS.get(after2) == "home")
                or (prev is not None and prev.text == "," and t.i - 1 in role_ends
                    and nxt is not None and nxt.text in (",", "who"))):
            out.append(_Cand(doc[t.i:t.i + 1], "PERSON", "rule", "month_name", None, RULE_CONFIDENCE["propagated"]))
    return out


# the judge writing the judgment, after the heading's label (the guidelines leave the author out)
_JUDGE_LABEL = re.compile(r"(?:^|\n)[ \t]*(?:judgment\s+of|judgement\s+of|before|judge|coram)[ \t]*:[ \t]*$", re.IGNORECASE)


# an event's name, not a person's: "Young Carers Action Day", "Refugee Week"
_EVENT_HEADS = {"Day", "Week"}


def _event_name(doc: Doc, c: "_Cand") -> bool:
    last = doc[c.tok_end - 1]
    if last.text not in _EVENT_HEADS:
        return False
    prev = doc[c.tok_end - 2] if c.tok_end - c.tok_start > 1 else (doc[c.tok_start - 1] if c.tok_start else None)
    return prev is not None and prev.is_title and prev.lower_ not in given_names()


# "custody" of a court's orders, not the police station's: "the custody of her children", "in
# her custody", "awarded custody"
_LEGAL_CUSTODY_BEFORE = re.compile(
    r"(?:\b(?:award(?:ed|ing|s)?|sole|joint|shared|legal|physical|residential|granted|grant|seeking|seeks|sought|"
    r"regain(?:ed)?|lost|retain(?:ed)?|her|his|their|its|whose)\s+)$", re.IGNORECASE)


def _legal_custody(text: str, c: "_Cand") -> bool:
    if not text[c.start:c.end].lower().endswith("custody"):
        return False
    head = c.end - len("custody")
    return bool(re.match(r"\s+of\b", text[c.end:c.end + 4]) or _LEGAL_CUSTODY_BEFORE.search(text[max(0, head - 30):head]))
_SENTENCE_BREAK = {".", "!", "?", ":", ";", "-", "\u2013", "\u2022", "*", "\"", "'", "\u2018", "\u201c", "(", ")"}


def _mid_sentence_word(tok) -> bool:
    """Capitalised inside running text: not after a sentence break, not in a run of capitals
    (a heading "Building Hope Together")."""
    if tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    if prev.is_space or "\n" in prev.whitespace_ or prev.text in _SENTENCE_BREAK or prev.text[:1].isupper():
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is None or not (nxt.text[:1].isupper() and nxt.is_alpha)


def _ambiguous_names_read_as_names(doc: Doc) -> set[str]:
    """Given names that are also words ("Sam", "Grace", "Will") that this document uses as
    names: the NER tagged one as PERSON in running text, capitalised mid-sentence, where the
    word would be lower case. One sense per document: its other mentions (a sentence's first
    word, "Sam often slept") are names too. Months ("May") never count."""
    out: set[str] = set()
    for ent in doc.ents:
        if (ent.label_ == "PERSON" and len(ent) == 1 and ent.text.istitle()
                and ent.text.lower() in lexicon.AMBIGUOUS_NAMES and ent.text.lower() not in _MONTH_NAMES
                and _mid_sentence_word(ent[0])):
            out.add(ent.text)
    return out


class Linker:
    def __init__(self, nlp: Language, name: str, ner_confidence: dict[str, float] | None = None,
                 use_gazetteer: bool = True) -> None:
        self.name = name
        self.ner_confidence = dict(DEFAULT_NER_CONFIDENCE)
        if ner_confidence:
            self.ner_confidence.update(ner_confidence)
        self.use_gazetteer = use_gazetteer

    # candidates from NER and rules
    def _candidates(self, doc: Doc) -> list[_Cand]:
        text = doc.text
        cands: list[_Cand] = []
        names_here = _ambiguous_names_read_as_names(doc)
        # letters a strong rule read as a person here ("in respect of KK, born ..."): the same
        # letters are that person wherever the NER finds them ("KK therefore is aged two")
        labels_here = {sp.text for sp in doc.spans.get(RULES_KEY, []) if sp.label_ == "PERSON"
                       and sp.text.isupper() and sp.text.isalpha() and len(sp.text) <= 3
                       and not sp.id_.startswith(("guessed_name", "gazetteer"))}
        for ent in doc.ents:
            ent = self._trim(ent)
            if ent is not None and ent.label_ == "PERSON":
                ent = not_a_person_filter(ent)
                if ent is not None and (_firm_name(ent) or _defined_term(ent)):
                    continue  # "Freeman Solicitors", "Attention Deficit Disorder (ADHD)": no person
                if (ent is not None and ent.text not in labels_here
                        and unlikely_name(ent.text, ambiguous_ok=ent.text in names_here)
                        and not self._rule_span(doc, ent)):
                    continue  # a heading, a town, a common word: not a name (extraction.name_model)
            if ent is None or not self._ner_ok(ent):
                continue
            if ent.label_ == "PERSON" and after_before_heading(text, ent.start_char, ent.end_char):
                continue
            if ent.label_ == "ROLE" and not self._role_ok(doc, ent, text):
                continue
            label = ent.label_
            conf = self.ner_confidence.get(label, 0.7)
            role = lexicon.role_of_text(ent.text) if label == "ROLE" else None
            if label == "ROLE" and role is None:
                role = "unknown"
            cands.append(_Cand(ent, label, "ner", None, role, conf))
        for sp in doc.spans.get(RULES_KEY, []):
            rule, _, role = sp.id_.partition("|")
            source = "gazetteer" if rule.startswith("gazetteer") else "rule"
            if source == "gazetteer" and not self.use_gazetteer:
                continue
            conf = RULE_CONFIDENCE.get(rule, 0.6)
            role = role or None
            if rule == "role_pa" or (rule == "prefix_name" and role == "personal advisor"):
                role, conf_pa = lexicon.resolve_pa(text, sp.start_char, sp.end_char)
                conf = min(conf, conf_pa) if rule == "role_pa" else conf
            if sp.label_ == "ROLE" and not self._role_ok(doc, sp, text):
                continue
            if sp.label_ == "PERSON" and after_before_heading(text, sp.start_char, sp.end_char):
                continue
            if sp.label_ == "PERSON" and rule == "title_name":
                sp = _without_trailing_labels(sp)  # "Dr Rahman - GP" -> "Dr Rahman"
            if sp.label_ == "PERSON" and rule in ("gazetteer_name", "gazetteer_full", "guessed_name"):
                sp = not_a_person_filter(sp)
                if sp is None or (rule == "guessed_name" and unlikely_name(sp.text, ambiguous_ok=True)):
                    continue
                if _firm_name(sp) or _defined_term(sp):
                    continue
            cands.append(_Cand(sp, sp.label_, source, rule, role, conf))
        return cands

    @staticmethod
    def _trim(ent: Span) -> Span | None:
        """"Lynda told" -> "Lynda": drop trailing lower-case words and punctuation after a
        capitalised name (names written in lower case, "dale", are left alone)."""
        if ent.label_ != "PERSON" or len(ent) < 2:
            return ent
        for t in ent[:-1]:  # a name ends at a line break ("Ms Mayes\nSolicitors for ...")
            if "\n" in t.whitespace_ or t.is_space:
                ent = Span(ent.doc, ent.start, t.i + (0 if t.is_space else 1), label=ent.label_)
                break
        if len(ent) < 2 or ent[0].is_lower:
            return ent if len(ent) else None
        end = ent.end
        while end - ent.start > 1 and (ent.doc[end - 1].is_lower or ent.doc[end - 1].is_punct):
            end -= 1
        return ent if end == ent.end else Span(ent.doc, ent.start, end, label=ent.label_)

    @staticmethod
    def _rule_span(doc: Doc, ent: Span) -> bool:
        """A strong rule (title + surname, name prefix, a label) also found this span."""
        return any(sp.start_char == ent.start_char and sp.end_char == ent.end_char and sp.label_ == "PERSON"
                   and not sp.id_.startswith(("guessed_name", "gazetteer"))
                   for sp in doc.spans.get(RULES_KEY, []))

    @staticmethod
    def _ner_ok(ent: Span) -> bool:
        """Drop NER noise: a lone stop word or pronoun as PERSON/ROLE ("It", "To", "her")."""
        if len(ent) == 1 and ent[0].lower_ in _STOP and ent.label_ in ("PERSON", "ROLE"):
            return ent.label_ == "ROLE" and ent.text in ("M", "F")
        if not any(ch.isalpha() for ch in ent.text):
            return False
        if ent.label_ == "ROLE":
            # a role must look like one: a lexicon role, an abbreviation-shaped token ("M", "HB"),
            # or a known role-only form; "told worker", "'m worried" are noise
            t = ent.text.replace(".", "")
            return (lexicon.role_of_text(ent.text) is not None or (t.isupper() and len(t) <= 4)
                    or ent.text.lower() in _EXTRA_ROLE_FORMS)
        return True

    @staticmethod
    def _role_ok(doc: Doc, sp: Span, text: str) -> bool:
        """Drop role words used as something else: "partner agencies", "the GP surgery", and
        predicates that describe rather than refer ("Grace is a nurse", "to become a foster
        carer", "I was the allocated social worker": the guidelines leave them out)."""
        if is_predicate(sp, text):
            return False
        nxt = doc[sp.end].lower_ if sp.end < len(doc) else ""
        low = sp.text.lower()
        if low == "partner" and nxt in {"agency", "agencies", "organisation", "organisations", "services"}:
            return False
        if sp.text in lexicon.ABBREVIATIONS and nxt in {"surgery", "practice", "team", "service",
                                                        "services", "appointment", "records",
                                                        "referral", "involvement", "report",
                                                        "assessment", "plan", "meeting"}:
            return False  # "GP surgery", "SW team": a service, not a person
        if sp.text in lexicon.SERVICE_ABBREVIATIONS:
            return False  # "CAMHS" alone is a service (ORG), "CAMHS worker" a role
        if sp.text == "HV" and _HOME_VISIT.search(text[max(0, sp.start_char - 14):sp.end_char + 12]):
            return False  # the author's home visit ("Will HV this pm", "Unannounced HV 15:30")
        if sp.text in lexicon.ABBREVIATIONS and (nxt in _ABBR_MODIFIES or _defines_abbreviation(text, sp)):
            return False  # "the local HV helpline", "an antenatal HV contact"; "health visitor (HV)"
        if _ROLE_OF_BEFORE.search(text, max(0, sp.start_char - 16), sp.start_char):
            return False  # "the role of the health visitor": the job in general
        if re.match(r"[\s'\u2019]+(?:s\s+)?(?:contact|assessment|assessments|arrangements|programme|group)\b",
                    text[sp.end_char:sp.end_char + 16]):
            return False  # "sibling contact", "a parent assessment"
        return True

    def _select(self, cands: list[_Cand]) -> list[_Cand]:
        def prio(c: _Cand) -> int:
            if c.source == "rule" and c.rule == "role_generic":
                return PRIORITY[("rule", "ROLE_GENERIC")]
            if c.rule in ("place_town", "place_town_weak"):
                return PRIORITY[("rule", c.rule.upper())]
            if c.rule in ("guessed_name", "initials"):
                return PRIORITY[("gazetteer", "PERSON")]
            return PRIORITY.get((c.source, c.label), PRIORITY.get((c.source, "OTHER"), 40))

        _extend_cut_surnames(cands)
        # identical spans from different sources: merge (agreement raises confidence)
        by_key: dict[tuple[int, int, str], _Cand] = {}
        for c in cands:
            k = (c.start, c.end, c.label)
            if k in by_key:
                o = by_key[k]
                if prio(c) > prio(o):
                    c.sources |= o.sources
                    c.confidence = 1 - (1 - c.confidence) * (1 - o.confidence)
                    c.role = c.role if c.role not in (None, "unknown") else o.role
                    by_key[k] = c
                else:
                    o.sources |= c.sources
                    o.confidence = 1 - (1 - c.confidence) * (1 - o.confidence)
                    o.role = o.role if o.role not in (None, "unknown") else c.role
            else:
                by_key[k] = c
        ordered = sorted(by_key.values(), key=lambda c: (-prio(c), -(c.end - c.start), c.start))
        taken: list[_Cand] = []
        used = bytearray(max((c.tok_end for c in ordered), default=0) + 1)
        for c in ordered:
            if any(used[c.tok_start:c.tok_end]):
                continue
            for i in range(c.tok_start, c.tok_end):
                used[i] = 1
            taken.append(c)
        taken.sort(key=lambda c: c.start)
        for c in taken:
            c.confidence = round(min(c.confidence, 0.99), 3)
        return taken

    def _link(self, text: str, ms: list[_Cand]) -> dict[int, dict]:
        """Role-name links between neighbouring mentions. Returns extra attributes by index."""
        extra: dict[int, dict] = {i: {} for i in range(len(ms))}
        for i, c in enumerate(ms):
            if c.label == "ROLE":
                # "Tia's older brother" -> relation_to Tia
                if i > 0 and ms[i - 1].label == "PERSON" and _POSSESSIVE_AFTER.match(text[ms[i - 1].end:c.start]):
                    extra[i]["relation_to"] = text[ms[i - 1].start:ms[i - 1].end]
                elif (adult := _pronoun_adult(text, ms, i)) is not None:
                    extra[i]["relation_to"] = adult
        for i in range(len(ms) - 1):
            a, b = ms[i], ms[i + 1]
            gap = text[a.end:b.start]
            if len(gap) > 60:
                continue
            if a.label == "PERSON" and b.label == "ROLE" and b.role not in (None, "unknown") and "\n" not in gap:
                # "Danielle Marsh (mother)", "Dave (mum's partner)", "Reece, Tia's brother"
                if _GAP_ROLE_AFTER.match(gap) and (gap.strip() != "," or _PAREN_CLOSE_AHEAD.match(text[b.end:])
                                                   or text[b.end:b.end + 1] in ("", ".", ";", "\n")):
                    self._give_role(extra, i, b, extra[i + 1].get("relation_to"))
                    continue
                if gap.strip() == "," or gap.strip() == "":
                    # "Reece, Tia's older brother,"  (role with its own possessor)
                    if extra[i + 1].get("relation_to"):
                        self._give_role(extra, i, b, extra[i + 1]["relation_to"])
                        continue
            if a.label == "ROLE" and b.label == "PERSON" and a.role not in (None, "unknown"):
                before = text[max(0, a.start - 20):a.start]
                if _GAP_NAME_AFTER_ROLE.match(gap) or _GAP_INTRODUCED.match(gap) or (
                        _GAP_COMMA.match(gap) and (_DETERMINER_BEFORE.search(before)
                                                   or extra[i].get("relation_to"))):
                    if "role" not in extra[i + 1] and b.role is None:
                        self._give_role(extra, i + 1, a, extra[i].get("relation_to"))
        # a professional's agency: "Mrs Okafor (class teacher, St Peter's Primary)"
        for i, c in enumerate(ms):
            if c.label != "PERSON":
                continue
            j = i + 1
            while j < len(ms) and j <= i + 3:
                gap = text[ms[j - 1].end:ms[j].start]
                if not re.fullmatch(r"\s*[(,\-\u2013]?\s*", gap):
                    break
                if ms[j].label == "ORG":
                    extra[i]["agency"] = text[ms[j].start:ms[j].end]
                    break
                if ms[j].label != "ROLE":
                    break
                j += 1
        return extra

    @staticmethod
    def _possessors(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """"Tia's older brother": a capitalised possessor of a role word is a person."""
        out = []
        for c in cands:
            if c.label != "ROLE" or c.tok_start < 2:
                continue
            pos, name = doc[c.tok_start - 1], doc[c.tok_start - 2]
            if pos.lower_ in ("'s", "\u2019s") and name.is_title and name.is_alpha \
                    and name.lower_ not in _STOP and lexicon.role_of_text(name.text) is None \
                    and name.lower_ not in lexicon.NOT_NAMES:
                out.append(_Cand(doc[name.i:name.i + 1], "PERSON", "rule", "possessor", None,
                                 RULE_CONFIDENCE["possessor"]))
        return out

    @staticmethod
    def _place_word_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """A given name before a place-word surname ("Kieran Lodge", "Keeley Brook") is one
        PERSON or one PLACE as its context says (extraction.place_word_names): the other
        reading's candidates over it go."""
        for i in range(len(doc) - 1):
            if not (doc[i + 1].is_title and place_word_names.is_pair(doc, i)):
                continue
            label = place_word_names.reading(doc, i)
            s, e = i, i + 2
            if s > 0 and (doc[s - 1].text in lexicon.TITLES or (label == "PLACE" and doc[s - 1].like_num)):
                s -= 1  # "Ms Grace Lane", "4 Keeley Brook"

            def inside(c: _Cand) -> bool:
                return c.tok_start < e and c.tok_end > s

            if label == "PERSON":
                if any(c.label == "PERSON" and c.tok_start <= s and c.tok_end >= e for c in cands):
                    cands = [c for c in cands if not (inside(c) and c.label in ("PLACE", "SETTING", "ADDRESS"))]
                    continue
                cands = [c for c in cands if not (inside(c) and (c.label in ("PLACE", "SETTING", "ADDRESS")
                                                                 or (c.label == "PERSON" and c.tok_start >= s)))]
                cands.append(_Cand(doc[s:e], "PERSON", "rule", "place_word_name", None,
                                   RULE_CONFIDENCE.get("place_word_name", 0.7)))
            else:
                cands = [c for c in cands if not (inside(c) and c.label == "PERSON" and c.tok_start >= s
                                                  and c.tok_end <= e)]
                if not any(inside(c) and c.label in ("PLACE", "SETTING", "ADDRESS") for c in cands):
                    kind = "address" if doc[s].like_num else "public"
                    cands.append(_Cand(doc[s:e], "PLACE", "rule", "place_word_name", kind,
                                       RULE_CONFIDENCE.get("place_word_name", 0.7)))
        return cands

    @staticmethod
    def _quoted_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """"Reece's mate 'Zee'": a quoted capitalised word (or two) right after a role word is a
        person -- nicknames are written in quotes and are in no name list."""
        out = []
        text = doc.text
        for c in cands:
            if c.label != "ROLE":
                continue
            m = _QUOTED_NAME_AFTER.match(text, c.end)
            if not m:
                continue
            name = m.group(1)
            if name.lower() in _STOP or name.lower() in lexicon.NOT_NAMES or lexicon.role_of_text(name):
                continue
            sp = doc.char_span(m.start(1), m.end(1), alignment_mode="strict")
            if sp is None:
                continue
            out.append(_Cand(sp, "PERSON", "rule", "quoted_name", None, RULE_CONFIDENCE["quoted_name"]))
        return out

    @staticmethod
    def _propagate(doc: Doc, ms: list[_Cand]) -> list[_Cand]:
        """A one-word name found once (by NER or a rule) is a name wherever else it appears."""
        names = {doc[c.tok_start].text for c in ms if c.label == "PERSON" and c.tok_end - c.tok_start == 1
                 and (doc[c.tok_start].is_title or c.rule == "initials") and doc[c.tok_start].text != "I"}
        if not names:
            return []
        covered = set()
        for c in ms:
            covered.update(range(c.tok_start, c.tok_end))
        # a letter label before a full stop is one token ("sibling to C."): the label is its text
        return [_Cand(doc[t.i:t.i + 1], "PERSON", "rule", "propagated", None, RULE_CONFIDENCE["propagated"])
                for t in doc if (t.text in names or (len(t.text) == 2 and t.text[1] == "." and t.text[0] in names
                                                     and t.i + 1 < len(doc) and not t.nbor(1).text[:1].islower()))
                and t.i not in covered and not _label_elsewhere(t)
                and not (t.lower_ in _MONTH_NAMES and _month_is_date(t))]

    @staticmethod
    def _court_lines(doc: Doc, text: str, cands: list[_Cand]) -> list[_Cand]:
        """Court papers' header lines (extraction.court_lines): no one on the bench's or a
        designation's line, only the counsel on a representation line."""
        counsel, _ = court_lines.representation(text)
        out = _off_court_lines(text, cands)
        for s, e in counsel:
            sp = doc.char_span(s, e, alignment_mode="contract")
            if sp is not None and len(sp):
                out.append(_Cand(sp, "PERSON", "rule", "labelled", None, RULE_CONFIDENCE["labelled"]))
        return out

    @staticmethod
    def _give_role(extra: dict[int, dict], i: int, role_cand: _Cand, relation_to: str | None) -> None:
        extra[i].setdefault("role", role_cand.role)
        if relation_to:
            extra[i].setdefault("relation_to", relation_to)

    def __call__(self, doc: Doc) -> Doc:
        cands = self._candidates(doc)
        text = doc.text
        cands = self._court_lines(doc, text, cands)
        cands = [c for c in cands if c.label != "PERSON" or not (_FIRM_AFTER.match(text, c.end)
                                                                  or _CASE_NUMBER.search(text, c.start, c.end)
                                                                  or _not_person_context(text, c)
                                                                  or _event_name(doc, c))]
        cands = [c for c in cands if c.label not in ("PLACE", "SETTING") or not _legal_custody(text, c)]
        # a review's front matter and apparatus: post-nominal letters, citations, the publishing
        # partnership or council, the review's own name (extraction.review_noise)
        cands = [c for c in cands if c.label not in ("PERSON", "ROLE", "GROUP", "PLACE", "SETTING")
                 or not review_noise.is_noise(text, c.start, c.end, c.label)]
        jobs = [(c.start, c.end) for c in cands if c.rule == "whole_job"]
        if jobs:  # "the Chair of the Westshire Safeguarding Children Board": its board is no mention
            cands = [c for c in cands if c.rule == "whole_job"
                     or not any(s <= c.start and c.end <= e and (c.start, c.end) != (s, e) for s, e in jobs)]
        cands = [c for c in cands if c.label != "PERSON" or not _JUDGE_LABEL.search(text[max(0, c.start - 30):c.start])]
        acronyms = defined_acronyms(text)
        if acronyms:  # "Serious Case Review (SCR)": "SCR" is no one's initials in this text
            cands = [c for c in cands if c.label != "PERSON"
                     or not all(t.text in acronyms or t.text in lexicon.TITLES or not t.text.isupper()
                                for t in doc[c.tok_start:c.tok_end])
                     or not any(t.text in acronyms for t in doc[c.tok_start:c.tok_end])]
        cands += self._possessors(doc, cands)
        cands += self._quoted_names(doc, cands)
        cands = self._place_word_names(doc, cands)
        ms = self._select(cands)
        months = _month_names_as_people(doc, ms)
        if months:
            ms = self._select(ms + months)
        extra_names = _off_court_lines(text, self._propagate(doc, ms))
        if extra_names:
            ms = self._select(ms + extra_names)
        extra = self._link(text, ms)
        aliases = _aliases(text, ms)
        out = []
        for i, c in enumerate(ms):
            if c.label in ("ROLE", "GROUP") and _FIELD_LABEL_AFTER.match(text[c.end:c.end + 48]) and (
                    (c.label == "ROLE" and _LINE_START_BEFORE.search(text[max(0, c.start - 4):c.start]))
                    or _LABEL_LEAD.fullmatch(text[text.rfind("\n", 0, c.start) + 1:c.start])):
                continue  # a form's field label ("Social worker: Priya Shah"): used for linking only
            sp = Span(doc, c.tok_start, c.tok_end, label=c.label)
            ex = extra[i]
            role = ex.get("role") or (c.role if c.role != "unknown" else None)
            sp._.role = role
            sp._.relation_to = ex.get("relation_to")
            sp._.agency = ex.get("agency")
            if c.label in ("PLACE", "ADDRESS", "SETTING"):
                sp._.place_type = role or ("address" if c.label == "ADDRESS" else None)
                sp._.role = None
            sp._.confidence = c.confidence
            sp._.source = "+".join(sorted("rule" if s == "gazetteer" else s for s in c.sources))
            sp._.rule = c.rule
            sp._.alias_of = aliases.get(i)
            out.append(sp)
        doc.spans[MENTIONS_KEY] = out
        return doc


@Language.factory("kinscope_linker_v1", default_config={"ner_confidence": {}, "use_gazetteer": True})
def make_linker(nlp: Language, name: str, ner_confidence: dict, use_gazetteer: bool) -> Linker:
    return Linker(nlp, name, ner_confidence, use_gazetteer)


def _off_court_lines(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Without the people-like candidates of a bench, designation or representation line."""
    if not cands:
        return cands
    _, ranges = court_lines.representation(text)
    return [c for c in cands if c.label not in ("PERSON", "ROLE", "GROUP") or not (
        court_lines.in_ranges(ranges, c.start, c.end) or court_lines.designation_line(text, c.start)
        or court_lines.designation_line(text, c.end - 1) or (c.label == "PERSON" and court_lines.judge_line(text, c.start)))]


# ---- not a person -----------------------------------------------------------------------
_KEEP_LEADS = {t.lower() for t in lexicon.TITLES} | set(lexicon.NAME_PREFIXES) | {p.lower() for p in lexicon.PRO_PREFIXES}


def _not_name_lead(tok, span_start: int) -> bool:
    """A first word glued to a name that is no part of it: a role word or determiner before
    the name ("Her partner Jamie"), or a common word opening the sentence -- a verb of a terse
    note ("Put Pauline") -- but never a title or a kin word used as part of the name ("Mrs
    Okafor", "Nana Pat", "HV Sarah") and never a short first name ("Jo Bloggs")."""
    doc = tok.doc
    if tok.lower_ in _KEEP_LEADS or tok.i + 1 >= len(doc) or not doc[tok.i + 1].text[:1].isupper():
        return False
    if tok.lower_ in _STOP or (tok.lower_ in lexicon.ROLE_PHRASES and tok.lower_ not in lexicon.NAME_PREFIXES):
        return True
    opens_sentence = tok.i == 0 or doc[tok.i - 1].is_punct or "\n" in doc[tok.i - 1].text_with_ws
    return (tok.i == span_start and opens_sentence and name_model.word_kind(tok.text) == "word"
            and not name_model.is_short_given_name(tok.text))


def _trailing_label(tok) -> bool:
    return tok.is_punct or tok.text in lexicon.ABBREVIATIONS or tok.text in lexicon.PRO_PREFIXES


def _without_trailing_labels(span: Span) -> Span:
    doc, end = span.doc, span.end
    while end - span.start > 1 and _trailing_label(doc[end - 1]):
        end -= 1
    if end == span.end:
        return span
    out = Span(doc, span.start, end, label=span.label_)
    out.id_ = span.id_
    return out


def not_a_person_filter(span: Span) -> Span | None:
    """A PERSON span without the words that are not part of a name, or None when nothing of a
    name is left: "Saw Jo" -> "Jo", "Reports Jo Bloggs" -> "Jo Bloggs"; "Saturday", "YP",
    "DV", "Discussed", a heading word -> None (lexicon.NOTE_VERBS, lexicon.NOT_NAMES)."""
    doc, start, end = span.doc, span.start, span.end
    while end - start > 1 and (doc[start].lower_ in lexicon.NOTE_VERBS or _not_name_lead(doc[start], start)):
        start += 1
    while end - start > 1 and (doc[end - 1].lower_ in lexicon.NOT_NAMES or _trailing_label(doc[end - 1])):
        end -= 1
    words = [t for t in doc[start:end] if any(ch.isalpha() for ch in t.text)]  # "Lily-Mae" too
    if not words or all(t.lower_ in lexicon.NOT_NAMES or t.lower_ in lexicon.NOTE_VERBS for t in words):
        return None
    if (start, end) == (span.start, span.end):
        return span
    out = Span(doc, start, end, label=span.label_)
    out.id_ = span.id_
    return out
