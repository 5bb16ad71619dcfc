"""Words of published reviews that look like people or places and are neither.

Case reviews and their summaries carry a front matter and a scholarly apparatus that notes do
not: an author's post-nominal letters ("Jane Doe MA, RGN, HV"), citations of research ("Smith,
J. (2014)", "(Brandon et al., 2013)"), the partnership or council that published the review
("Westshire and Eastley Safeguarding Children Board"), and the review's own name ("a Child
Safeguarding Practice Review"). The linker drops a PERSON, ROLE or place candidate that lies
inside one of these (:func:`noise_spans`, :func:`is_noise`); the words themselves are left out by
the annotation guidelines (citations, organisations, qualifications are no one).
"""

from __future__ import annotations

import re
from functools import lru_cache

# letters after a name that are degrees, registrations, honours: never a role of their own
_POSTNOMINAL = (r"(?:MA|MSc|MSW|MBA|MPhil|BA|BSc|BNSc|BEd|PhD|DPhil|LLB|LLM|RN|RM|RGN|RSCN|RMN|RHV|RNLD|HV|SCPHN|"
                r"OBE|MBE|CBE|QPM|CQSW|DipSW|Dip\.?\s?(?:SW|Crim|Soc|Ed)|Dip|CertEd|PGCE|FRCPCH|MRCPCH|FRCP|"
                r"MRCGP|MBChB|MBBS|Hons|\(Hons\.?\)|Cert|Crim)")
_POSTNOMINAL_RUN = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:[-'\u2019][A-Z][a-z]+)?((?:[ \t]*,)?[ \t]+" + _POSTNOMINAL + r"\.?(?:[ \t]*,?[ \t]+(?:\([A-Z][A-Za-z .]{1,20}\)|"
                              + _POSTNOMINAL + r")\.?)*)(?![\w])")
# post-nominals that are also the role abbreviations of notes ("Jo Bloggs, HV, visited"): letters
# of a qualification only in a run of two or more
_ALSO_ROLES = {"HV", "RN", "RM", "MA", "BA", "Dip", "Cert"}
_SURNAME = r"[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)?"
# "Fox, J. (2014)", "Windibank, O. (2014)", "Reder, P. and Duncan, S. (1999)"
# "(Brandon et al., 2013)", "(Reder and Duncan 1999)", "(Tunstill, Aldgate and Hughes, 2007)"
# "Munro (2011)", "Brandon et al. (2020)"
_CITATION = re.compile(
    r"(?<![\w-])" + _SURNAME + r",\s+(?:[A-Z]\.\s?){1,3}(?:(?:,|and|&)\s+" + _SURNAME + r",\s+(?:[A-Z]\.\s?){1,3})*\s*\(\d{4}[a-z]?\)"
    r"|\((?:" + _SURNAME + r"(?:\s+et\s+al\.?)?(?:\s*(?:,|and|&)\s*" + _SURNAME + r")*),?\s+(?:19|20)\d{2}[a-z]?"
    r"(?:[;,]\s*(?:p\.?\s*\d+|" + _SURNAME + r"(?:\s+et\s+al\.?)?,?\s+(?:19|20)\d{2}[a-z]?))*\)"
    r"|(?<![\w-])" + _SURNAME + r"(?:\s+et\s+al\.?|\s+(?:and|&)\s+" + _SURNAME + r")?\s+\((?:19|20)\d{2}[a-z]?\)"
    r"|(?<![\w-])" + _SURNAME + r"\s+et\s+al\b\.?")
# a publisher, council or partnership whose name opens with a town: "Northamptonshire and Milton
# Keynes Safeguarding Children Boards", "Bedford Borough Safeguarding Children Board (BBSCB)",
# "Dudley Metropolitan Borough Council"
_PLACE_WORD = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
_ORG = re.compile(
    r"(?<![\w-])(?:" + _PLACE_WORD + r"(?:\s+and\s+|\s+&\s+))?" + _PLACE_WORD
    + r"\s+(?:(?:Metropolitan\s+)?(?:Borough|County|City|District)\s+)?"
    r"(?:(?:Local\s+)?Safeguarding\s+(?:Children(?:['\u2019]s)?|Adults)\s+(?:Boards?|Partnerships?|Panel)"
    r"|Safeguarding\s+(?:Boards?|Partnerships?)|Children(?:['\u2019]s)?\s+(?:Services|Trust|Partnership)"
    r"|(?:Borough|County|City|District)?\s*Council|Clinical\s+Commissioning\s+Group|Constabulary)\b")
# a review named by its kind: "a Child Safeguarding Practice Review", "the Welsh Child Practice
# Review model": the "practice" of a review is no GP practice
_REVIEW_NAME = re.compile(r"(?i:(?:(?:child|safeguarding|national|local|extended|concise|multi-agency|welsh)\s+)+"
                          r"practice\s+reviews?(?:\s+panel)?|practice\s+reviews?|safeguarding\s+practice\b|"
                          r"(?:good|best|poor|professional|social\s+work|their|our|your|in)\s+practice\b)")
# a service's provision, no place: "her health provision", "the nursery's safeguarding provision"
_SERVICE_PROVISION = re.compile(r"(?i:(?:health|healthcare|safeguarding|service|support|medical|care|therapeutic|"
                                r"nursing|mental\s+health|social\s+care)\s+provision)")
# not a person: a vitamin's letter, a syndrome's or disease's eponyms, a police operation
_NOT_PERSON = re.compile(r"(?<![\w-])(?:[Vv]itamin\s+[A-Z]\d?\b"
                         r"|(?:[A-Z][a-z]+\s+){1,3}(?:Syndrome|Disease|Disorder|Palsy)\b"
                         r"|Operation\s+[A-Z][a-z]+\b)")


_ONE_WORD = re.compile(r"[A-Za-z]+\s+")
# a word each of these patterns must hold (lower case): most notes hold none, and skip the scan
_ORG_WORDS = ("safeguarding", "council", "services", "trust", "partnership", "commissioning", "constabulary")
_NOT_PERSON_WORDS = ("vitamin", "syndrome", "disease", "disorder", "palsy", "operation")


@lru_cache(maxsize=64)
def noise_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of the stretches of `text` that hold no person (kinds: "postnominal",
    "citation", "org", "review_name", "not_person")."""
    out: list[tuple[int, int, str]] = []
    for m in _POSTNOMINAL_RUN.finditer(text):
        letters = re.findall(r"[A-Za-z]+", m.group(1))
        if len(letters) >= 2 or letters[0] not in _ALSO_ROLES:
            out.append((m.start(1), m.end(1), "postnominal"))
    lower = text.lower()
    for kind, rx, needs in (("citation", _CITATION, ("19", "20", "et al")), ("org", _ORG, _ORG_WORDS),
                            ("review_name", _REVIEW_NAME, ("practice",)),
                            ("review_name", _SERVICE_PROVISION, ("provision",)),
                            ("not_person", _NOT_PERSON, _NOT_PERSON_WORDS)):
        if any(w in lower for w in needs):  # a note without the word cannot match: its scan is skipped
            out += [(m.start(), m.end(), kind) for m in rx.finditer(text)]
    return tuple(out)


def is_noise(text: str, start: int, end: int, label: str) -> bool:
    """A candidate of `label` at [start, end) that ends inside a stretch holding no one (and
    starts in it or one word before it): a post-nominal letter (PERSON or ROLE), a citation
    (PERSON or ROLE), a publisher's or council's name (PERSON, GROUP or place), a review's name (ROLE,
    GROUP or place: "the Welsh Child" of "the Welsh Child Practice Review"), a vitamin, a
    syndrome, an operation (PERSON)."""
    for s, e, kind in noise_spans(text):
        if not (s < end <= e and (start >= s or _ONE_WORD.fullmatch(text, start, s))):
            continue  # inside it, or one word before it ("the Welsh Child Practice", "their safeguarding practice")
        if kind == "postnominal" and label in ("PERSON", "ROLE"):
            return True
        if kind == "citation" and label in ("PERSON", "ROLE"):  # "J." of "Fox, J. (2014)" read as a role too
            return True
        if kind == "not_person" and label == "PERSON":
            return True
        if kind == "org" and label in ("PERSON", "GROUP", "PLACE", "SETTING"):
            return True
        if kind == "review_name" and label in ("ROLE", "GROUP", "PLACE", "SETTING"):
            return True
    return False
