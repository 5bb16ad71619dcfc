"""Plain words on the data-quality and audit pages (dashboards.plain_words)."""

from __future__ import annotations

import json

from dashboards import plain_words as pw


def test_reason_codes_read_as_words():
    assert pw.reason_words("unknown_child") == "The child is not known"
    assert pw.reason_words("invalid_date_of_birth") == "Not a valid date of birth"
    assert pw.reason_words("something_new") == "Something new"
    assert pw.reason_words(None) == "—"


def test_parser_messages_lose_exception_names():
    assert pw.detail_words("dob: Invalid isoformat string: '31/02/20'") == \
        "dob: not a date written as YYYY-MM-DD: '31/02/20'"
    assert pw.detail_words("ValueError: invalid literal for int() with base 10: 'x'") == "not a whole number: 'x'"
    assert pw.detail_words("[Errno 2] No such file") == "No such file"


def test_audit_detail_is_not_json():
    detail = json.dumps({"format": "print", "family": True, "people": 12, "children": ["C-1", "C-2"],
                         "person": None, "filters": {"min_rank": 3}})
    assert pw.audit_detail(detail) == "format: print · family: yes · people: 12 · children: C-1, C-2 · filters: min rank 3"
    assert "{" not in pw.audit_detail(detail) and '"' not in pw.audit_detail(detail)
    assert pw.audit_detail("not json") == "not json"
    assert pw.audit_detail(None) == ""
