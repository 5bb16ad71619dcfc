"""Plain words for what the data-quality and audit pages used to show raw: reason codes,
parser messages and the audit events' JSON details (pure helpers)."""

from __future__ import annotations

import json
import re
from typing import Any

REASON_WORDS = {
    "missing_required": "A required value is empty",
    "missing_columns": "The file lacks required columns",
    "empty_file": "The file has no header row",
    "unknown_table": "Not one of the agreed tables",
    "too_large": "A value is too long",
    "duplicate_id": "The same id as an earlier row",
    "unknown_child": "The child is not known",
    "unsafe_path": "The file name points outside the documents folder",
    "unreadable_path": "The file could not be opened",
    "unreadable": "The row could not be read",
    "write_failed": "The row could not be saved",
    "invalid_type": "A value has the wrong type",
    "invalid_date": "Not a date",
    "invalid_datetime": "Not a date and time",
    "invalid_int": "Not a whole number",
    "invalid_float": "Not a number",
    "invalid_bool": "Not yes or no",
    "restricted_unreadable": "Unclear whether restricted: kept as restricted",
    "restricted_from_teams": "Restricted left blank, but teams are named",
    "restricted_without_teams": "Restricted, with no team that may see it",
}

_MESSAGES = [  # Python's and the parsers' phrases -> what they mean to a reader
    (re.compile(r"Invalid isoformat string: ?", re.I), "not a date written as YYYY-MM-DD: "),
    (re.compile(r"invalid literal for int\(\) with base 10: ?", re.I), "not a whole number: "),
    (re.compile(r"could not convert string to float: ?", re.I), "not a number: "),
    (re.compile(r"\b(?:ValueError|TypeError|KeyError|UnicodeDecodeError|OSError|FileNotFoundError)\b:? ?"), ""),
    (re.compile(r"'utf-8' codec can't decode byte.*", re.I), "the file is not plain UTF-8 text"),
    (re.compile(r"\[Errno \d+\] ?"), ""),
]


def reason_words(reason: str | None) -> str:
    """A quarantine reason code in words (``invalid_<column>`` names the column)."""
    if not reason:
        return "—"
    if reason in REASON_WORDS:
        return REASON_WORDS[reason]
    if reason.startswith("invalid_"):
        return f"Not a valid {reason[len('invalid_'):].replace('_', ' ')}"
    return reason.replace("_", " ").capitalize()


def detail_words(detail: str | None) -> str:
    """A parser's message without exception names and codes: "dob: Invalid isoformat string:
    '31/02/20'" -> "dob: not a date written as YYYY-MM-DD: '31/02/20'"."""
    text = str(detail or "")
    for pattern, words in _MESSAGES:
        text = pattern.sub(words, text)
    return " ".join(text.split())


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(_value(x) for x in v) or "none"
    if isinstance(v, dict):
        return "; ".join(f"{str(k).replace('_', ' ')} {_value(x)}" for k, x in v.items())
    return str(v)


def audit_detail(detail: str | None) -> str:
    """An audit event's JSON detail as "format: print · family: yes · people: 12" (not JSON);
    empty values left out; text that is not a JSON object is returned as it is."""
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except (TypeError, ValueError):
        return str(detail)
    if not isinstance(data, dict):
        return _value(data)
    return " · ".join(f"{str(k).replace('_', ' ')}: {_value(v)}" for k, v in data.items()
                      if v not in (None, "", [], {}))
