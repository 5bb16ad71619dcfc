"""Header lines of court papers, read line by line (issue 9, the fifth real-text dev extension).

Scottish and Northern Irish judgments open with lines a name model misreads:

- the bench and the judge who wrote the opinion ("Lord Reed", "delivered by LADY SMITH",
  "JUDGMENT of Sheriff Kenneth A Ross", "GILLEN J", "Before: Girvan LJ, Coghlin LJ") -- the
  author, left out like the judge after "Before:" (docs/annotation_guidelines.md);
- a party's designation on its own line ("Pursuer and Appellant;", "First Respondent and
  Reclaimer;") -- a label, no one;
- representation lines "Label: Counsel, QC, Junior; Firm" and "Label: Name, Firm, Town" --
  counsel are people, the firm after the semicolon ("Allan MacDougall", "Morton Fraser") and the
  firm and town after a solicitor ("Primrose & Gordon, Dumfries") are not;
- "(instructed by Quigley, Grant & Kyle solicitors)": a firm, whatever its words look like.

Pure text functions over character offsets; ``extraction.components.Linker`` applies them.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TITLE = (r"(?:lord\s+justice|lord|lady|sheriff\s+principal|sheriff|(?:his|her)\s+honour\s+judge|"
          r"district\s+judge|judge|recorder|(?:mr|mrs|ms)\s+justice)")
_NAME = r"[A-Z][\w'\u2019.-]*(?:[ \t]+(?:[A-Z][\w'\u2019.-]*|of|de|van|von))*"
_LEAD = (r"(?:(?i:(?:opinion|judgment|judgement|note|decision)(?:[ \t]+of[ \t]+the[ \t]+court)?[ \t]+(?:of|by)"
         r"|delivered[ \t]+by|of|by)[ \t]+)?")
_AFTER = r"(?:,?[ \t]+(?:QC|KC|Q\.C\.))?(?:,[ \t]+the[ \t].*|[ \t]+(?i:in[ \t]+the)[ \t].*|[ \t]*\(.*\)|[ \t]*:)?"
# "Lord Reed", "delivered by LADY DORRIAN, the LORD JUSTICE CLERK", "of SHERIFF X, QC in the Petition of"
_TITLED_JUDGE = re.compile(r"[ \t]*" + _LEAD + r"(?:the[ \t]+)?(?i:" + _TITLE + r")(?:[ \t]+" + _NAME + r")?"
                           + _AFTER + r"[ \t]*")
# "GILLEN J", "McFARLAND J", "GILLEN LJ (giving the judgment of the court)", "JudgeKeegan J"
_SUFFIXED_JUDGE = re.compile(r"[ \t]*" + _NAME + r"[ \t]+(?:J|LJ|JA|LCJ)(?:[ \t]*\(.*\))?[ \t]*:?[ \t]*")
_BEFORE_LINE = re.compile(r"[ \t]*(?i:before)[ \t]*:")
_NAME_ONLY = re.compile(r"[ \t]*" + _NAME + r"[ \t]*")
_ENDS_WITH_TITLE = re.compile(r"(?i:\b" + _TITLE + r")[ \t]*$")

_PARTY = (r"(?:pursuers?|defenders?|petitioners?|respondents?|appellants?|reclaimers?|applicants?|plaintiffs?|"
          r"defendants?|interven[eo]rs?)")
_ORD = r"(?:(?:first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)[ \t]+(?:(?:and|&)[ \t]+)?)*"
DESIGNATION_LINE = re.compile(r"[ \t]*(?i:" + _ORD + _PARTY + r"(?:[ \t]*(?:and|&|/)[ \t]*" + _ORD + _PARTY + r")*)"
                              r"[ \t]*[;:.,]?[ \t]*")

# a representation line: its label (a party or Act/Alt, a bracket allowed) and the value
_REP_LINE = re.compile(r"(?m)^[ \t]*(?i:act|alt|mother|father|guardian|curator(?:[ \t]+ad[ \t]+litem)?|"
                       + _ORD + _PARTY + r"(?:[ \t]+(?:and|&)[ \t]+" + _ORD + _PARTY + r")*)"
                       r"(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*:[ \t]*(\S[^\n]*)$")
_NOT_COUNSEL = {"qc", "q.c.", "kc", "k.c.", "advocate", "solicitor", "solicitor advocate", "party", "counsel",
                "of counsel", "in person"}
_FIRMISH = re.compile(r"&|\b(?i:llp|solicitors?|legal|law|council|advocates?|partners|associates|ltd|co)\b")
_TITLE_WORDS = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}
_COUNSEL_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+)?(?:[A-Z]\.?[ \t]+){0,2}"
                           r"(?:Mc|Mac|O['\u2019])?[A-Z][a-z'\u2019-]+(?:[ \t]+(?:Mc|Mac|O['\u2019])?[A-Z][a-z'\u2019-]+){0,2}")
_INSTRUCTED = re.compile(r"\((?i:instructed[ \t]+by)[^)]{0,160}\)")


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    return ls, len(text) if le < 0 else le


def _previous_line(text: str, ls: int) -> str:
    """The nearest non-blank line above the one starting at `ls`."""
    end = ls - 1
    while end > 0:
        ps = text.rfind("\n", 0, end) + 1
        line = text[ps:end]
        if line.strip():
            return line
        end = ps - 1
    return ""


def judge_line(text: str, start: int) -> bool:
    """The candidate at `start` is on a line that names the bench or the judge writing."""
    ls, le = _line_bounds(text, start)
    line = text[ls:le]
    if _BEFORE_LINE.match(line) or _TITLED_JUDGE.fullmatch(line) or _SUFFIXED_JUDGE.fullmatch(line):
        return True
    # "JUDGMENT OF SHERIFF PRINCIPAL\n\nB A LOCKHART": the name on the line below its title
    return bool(_NAME_ONLY.fullmatch(line) and _ENDS_WITH_TITLE.search(_previous_line(text, ls)))


def designation_line(text: str, start: int) -> bool:
    """The candidate is on a line that only designates a party ("Pursuer and Appellant;")."""
    ls, le = _line_bounds(text, start)
    return bool(DESIGNATION_LINE.fullmatch(text, ls, le))


def _counsel_in(piece: str, offset: int) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for part in piece.split(","):
        s = pos + len(part) - len(part.lstrip())
        word = part.strip()
        pos += len(part) + 1
        for suffix in (" QC", " KC", " Q.C.", " BL"):
            if word.endswith(suffix):
                word = word[:-len(suffix)].rstrip()
        if not word or word.lower() in _NOT_COUNSEL or word in _TITLE_WORDS:
            continue
        if _COUNSEL_NAME.fullmatch(word):
            out.append((offset + s, offset + s + len(word)))
    return out


@lru_cache(maxsize=64)  # the linker asks once per candidate, for the same text
def representation(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """(counsel spans, value ranges) of the representation lines in `text`: every person-like
    word in a value range other than the counsel is a firm, a town or a label."""
    counsel: list[tuple[int, int]] = []
    ranges: list[tuple[int, int]] = []
    if ":" not in text:
        return (), ()
    for m in _REP_LINE.finditer(text):
        value, vs = m.group(1), m.start(1)
        if ";" in value:
            head = value.split(";", 1)[0]
        else:
            pieces = value.split(",")
            if len(pieces) < 2 or not any(_FIRMISH.search(p) for p in pieces[1:]):
                continue  # "Mother: Karen Owen (present)": a minute's line, not representation
            head = pieces[0]
        ranges.append((m.start(), m.end(1)))  # the label too: "Alt (First Reclaimer):" is no one
        counsel.extend(_counsel_in(head, vs))
    for m in _INSTRUCTED.finditer(text):
        ranges.append(m.span())
    return tuple(counsel), tuple(ranges)


def in_ranges(ranges: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in ranges)
