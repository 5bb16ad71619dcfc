"""Names written in capitals on court papers' title and party lines (issue 9, fifth dev extension).

"IN THE MATTER OF SAM AND LEAH (MINORS)", "ROSE SMITH\nFirst Respondent", "STEPHEN BLACKWOOD v.
KARYN ELAINE McCRIMMON": the name model reads case by the letters' shape, and in capitals every
word looks like an abbreviation or a heading. On a line written in capitals each word is read in
title case instead ("SAM" -> "Sam") and judged as a name:

- a run of capitalised words that starts with a given name and holds no heading or function
  word ("ROSE SMITH") is a person;
- a single given name is a person only where a party is named: after "MATTER OF", beside another
  name ("SAM AND LEAH"), alone on its line, or written in ordinary case elsewhere in the text
  (document-level consistency: "SAM" in the title, "Sam" in the body).

Offsets are the text's own: nothing is rewritten, only read.
"""

from __future__ import annotations

import re

from extraction import name_model

_WORD = re.compile(r"(?:Mc|Mac)?[A-Z][A-Z'\u2019-]+")
_LOWER_RUN = re.compile(r"(?<!M)(?<!Ma)[a-z]{3,}")
# words of titles and headings that never continue or make a name in capitals
_HEADING = frozenset("""
in the matter of and between v vs versus for to by at on a an with re or under from
court council trust order orders act acts child children minor minors family division high justice
health social care services service judgment judgement appeal appeals application petition case
residence contact declaration interim adoption freeing care supervision local authority applicant
respondent respondents appellant appellants petitioner petitioners pursuer defender reclaimer
mother father parents guardian executive summary serious review report introduction background
learning conclusion conclusions recommendations northern ireland scotland england wales county
borough city district sheriff sheriffdom lord lady judge honour majesty her his their its number
section part schedule article board partnership safeguarding neutral citation ref delivered
approved editorial corrections subject anonymised male female aged years year born boy girl
""".split())
_PARTY_BEFORE = re.compile(r"(?:\bOF|\bAND|&|,|\bv\.?|\bV\.?|\bBETWEEN:?)[ \t]*$")
_PARTY_AFTER = re.compile(r"[ \t]*(?:AND\b|&|,|\(|v\.|V\.|\bv\b|$)")


def _caps_line(line: str) -> bool:
    return bool(_WORD.search(line)) and not _LOWER_RUN.search(line)


def _given(word: str) -> bool:
    return word.replace("\u2019", "'").lower() in name_model.given_names()


def _runs(line: str) -> list[list[re.Match]]:
    """Maximal runs of capitalised words separated by single spaces, split at heading words."""
    runs: list[list[re.Match]] = []
    cur: list[re.Match] = []
    last_end = None
    for m in _WORD.finditer(line):
        w = m.group().lower()
        if w in _HEADING or (cur and line[last_end:m.start()] not in (" ", "\t")):
            if cur:
                runs.append(cur)
            cur = [] if w in _HEADING else [m]
        else:
            cur.append(m)
        last_end = m.end()
    if cur:
        runs.append(cur)
    return runs


def caps_party_names(text: str) -> list[tuple[int, int]]:
    """Character spans of the names written in capitals on lines of capitals."""
    if not any(c.isupper() for c in text[:4000]):
        return []
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        ls, pos = pos, pos + len(line) + 1
        if not _caps_line(line):
            continue
        runs = [r for r in _runs(line) if _given(r[0].group())]
        for i, r in enumerate(runs):
            s, e = r[0].start(), r[-1].end()
            if len(r) > 4:
                continue
            if len(r) == 1:
                word = r[0].group()
                party = (_PARTY_BEFORE.search(line[:s]) and _PARTY_AFTER.match(line, e)) or not line[:s].strip(" \t(") \
                    and not line[e:].strip(" \t;:.,")
                elsewhere = re.search(r"(?<![\w.])" + re.escape(word.title()) + r"(?![\w])", text) is not None
                if not (party or elsewhere) or len(word) < 3:
                    continue
            out.append((ls + s, ls + e))
    return out


_WITH_AGE = re.compile(r"(?<![\w'\u2019-])([A-Z]{3,})(?=,?\s+\(?(?:now\s+)?aged\s+\d|\s*\(\d{1,2}\))")


def caps_names_with_age(text: str) -> list[tuple[int, int]]:
    """A given name in capitals with an age after it, on any line: "concerns HOPE, aged 4"."""
    return [m.span(1) for m in _WITH_AGE.finditer(text) if _given(m.group(1)) and m.group(1).lower() not in _HEADING]
