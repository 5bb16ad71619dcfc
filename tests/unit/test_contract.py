"""Row validation against the source contract (pure logic)."""

from datetime import UTC, date, datetime

import pytest

from graph_model import contract
from graph_model.contract import (
    CASE_NOTES,
    CHILDREN,
    DELETIONS,
    DOCUMENTS,
    MAX_KEY_CHARS,
    MAX_TEXT_CHARS,
    SIGNIFICANT_ADULTS,
    WORKER_ALLOCATIONS,
    Rejection,
    ValidatedRow,
    check_header,
    parse_bool,
    parse_partial_date,
    parse_restricted,
    parse_teams,
    parse_timestamp,
    read_restriction,
    validate_row,
)


def child_row(**overrides):
    row = {
        "child_id": "C-1", "given_name": "Kayden", "family_name": "Marsh", "preferred_name": "",
        "date_of_birth": "2015-06-14", "gender": "Male", "postcode": "YO12 5AB", "address_line": "14 Filey Road",
        "legal_status": "CP", "open_date": "2023-03-02", "close_date": "", "restricted": "false",
        "restricted_to_teams": "", "updated_at": "2024-01-20T09:00:00Z",
    }
    row.update(overrides)
    return row


def test_valid_child_row_is_typed():
    out = validate_row(CHILDREN, child_row(restricted="true", restricted_to_teams="Team A; Team B"))
    assert isinstance(out, ValidatedRow)
    v = out.values
    assert v["open_date"] == date(2023, 3, 2)
    assert v["close_date"] is None
    assert v["restricted"] is True
    assert v["restricted_to_teams"] == ["Team A", "Team B"]
    assert v["updated_at"] == datetime(2024, 1, 20, 9, 0, tzinfo=UTC)
    assert v["preferred_name"] is None
    assert out.warnings == []


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"child_id": ""}, "missing_required"),
        ({"family_name": "   "}, "missing_required"),
        ({"updated_at": "yesterday"}, "invalid_timestamp"),
        ({"updated_at": "2024-13-01T00:00:00Z"}, "invalid_timestamp"),
    ],
)
def test_required_problems_reject_the_row(overrides, reason):
    out = validate_row(CHILDREN, child_row(**overrides))
    assert isinstance(out, Rejection)
    assert out.reason == reason


def test_invalid_optional_value_keeps_row_and_raw_value():
    out = validate_row(CHILDREN, child_row(open_date="02/03/2023", restricted="maybe", restricted_to_teams="Team A"))
    assert isinstance(out, ValidatedRow)
    assert out.values["open_date"] is None
    assert out.values["open_date_raw"] == "02/03/2023"
    # ...but an unreadable restriction flag fails closed: restricted, raw value kept
    assert out.values["restricted"] is True and out.values["restricted_raw"] == "maybe"
    assert out.restriction is not None and not out.restriction.explicit
    assert sorted(w.reason for w in out.warnings) == ["invalid_open_date", "restricted_unreadable"]


@pytest.mark.parametrize("value", ["1990", "1990-07", "1990-07-21"])
def test_partial_dates_of_birth_are_accepted(value):
    assert parse_partial_date(value) == value


@pytest.mark.parametrize("value", ["1990-13", "1990-02-30", "21/07/1990", "90"])
def test_impossible_partial_dates_are_refused(value):
    with pytest.raises(ValueError):
        parse_partial_date(value)


def test_timestamps_are_normalised_to_utc():
    assert parse_timestamp("2024-01-20T10:00:00+01:00") == datetime(2024, 1, 20, 9, tzinfo=UTC)
    assert parse_timestamp("2024-01-20T09:00:00") == datetime(2024, 1, 20, 9, tzinfo=UTC)


def test_json_values_of_other_types():
    note = {
        "note_id": 17, "child_id": "C-1", "event_date": "2023-09-12", "recorded_at": "2023-09-13T08:40:00Z",
        "body": {"nested": "object"}, "restricted": True, "updated_at": "2023-09-13T08:40:00Z",
    }
    out = validate_row(CASE_NOTES, note)
    assert isinstance(out, ValidatedRow)
    assert out.values["note_id"] == "17"
    assert out.values["restricted"] is True
    assert out.values["body"] is None and [w.reason for w in out.warnings] == ["invalid_body"]


def test_hostile_strings_are_just_values():
    name = "'}) DETACH DELETE n //"
    out = validate_row(SIGNIFICANT_ADULTS, {"relationship_id": "R-1", "child_id": "C-1", "given_name": name,
                                            "updated_at": "2024-01-01T00:00:00Z"})
    assert isinstance(out, ValidatedRow) and out.values["given_name"] == name


def test_nul_bytes_are_removed():
    out = validate_row(CHILDREN, child_row(given_name="Kay\x00den"))
    assert out.values["given_name"] == "Kayden"


def test_deletions_must_name_a_contract_table():
    bad = validate_row(DELETIONS, {"table": "users", "id": "1", "deleted_at": "2024-01-01T00:00:00Z"})
    assert isinstance(bad, Rejection) and bad.reason == "unknown_table"
    ok = validate_row(DELETIONS, {"table": "case_notes", "id": "N-1", "deleted_at": "2024-01-01T00:00:00Z"})
    assert isinstance(ok, ValidatedRow)


def test_header_check_names_missing_columns():
    problem = check_header(CHILDREN, ["child_id", "given_name"])
    assert problem.reason == "missing_columns" and "family_name" in problem.detail
    assert check_header(CHILDREN, None).reason == "empty_file"
    assert check_header(CHILDREN, CHILDREN.column_names) is None


# -- the restriction flag fails closed ----------------------------------------------------------

RESTRICTED_SPELLINGS = [
    "true", "TRUE", "True", " true ", "t", "T", "yes", "Yes", "YES", "y", "Y", "1", "1.0", "1.00",
    "Restricted", "RESTRICTED", "restricted", "  Restricted  ",
]
NOT_RESTRICTED_SPELLINGS = [
    "false", "FALSE", "False", " false ", "f", "F", "no", "No", "NO", "n", "N", "0", "0.0", "0.00",
    "Not restricted", "NOT RESTRICTED", "not  restricted", "Not-Restricted", "not_restricted",
    "Unrestricted", "UNRESTRICTED", " unrestricted ", "Non-restricted",
]
UNREADABLE_SPELLINGS = ["maybe", "R", "2", "-1", "-0", "0-", "_1", "0.5", "10", "yes please", "restricted?", "?", "null", "nan"]


@pytest.mark.parametrize("value", RESTRICTED_SPELLINGS)
def test_restricted_spellings(value):
    assert parse_restricted(value) is True


@pytest.mark.parametrize("value", NOT_RESTRICTED_SPELLINGS)
def test_not_restricted_spellings(value):
    assert parse_restricted(value) is False


@pytest.mark.parametrize("value", UNREADABLE_SPELLINGS)
def test_unreadable_restricted_values_raise(value):
    with pytest.raises(ValueError):
        parse_restricted(value)


@pytest.mark.parametrize("spec, row", [
    (CHILDREN, child_row()),
    (CASE_NOTES, {"note_id": "N-1", "child_id": "C-1", "updated_at": "2024-01-01T00:00:00Z"}),
    (DOCUMENTS, {"document_id": "D-1", "child_id": "C-1", "file_name": "a.txt", "updated_at": "2024-01-01T00:00:00Z"}),
])
@pytest.mark.parametrize("value, expected", [
    *[(v, True) for v in RESTRICTED_SPELLINGS], *[(v, False) for v in NOT_RESTRICTED_SPELLINGS],
    (True, True), (False, False), (1, True), (0, False), (1.0, True), (0.0, False),
])
def test_every_spelling_is_an_explicit_boolean_in_every_table(spec, row, value, expected):
    out = validate_row(spec, {**row, "restricted": value})
    assert isinstance(out, ValidatedRow)
    assert out.values["restricted"] is expected
    assert out.restriction.explicit is True and "restricted_raw" not in out.values
    if spec is CHILDREN and expected:
        assert [w.reason for w in out.warnings] == ["restricted_without_teams"]
    else:
        assert out.warnings == []


@pytest.mark.parametrize("spec, row", [
    (CHILDREN, child_row()),
    (CASE_NOTES, {"note_id": "N-1", "child_id": "C-1", "updated_at": "2024-01-01T00:00:00Z"}),
    (DOCUMENTS, {"document_id": "D-1", "child_id": "C-1", "file_name": "a.txt", "updated_at": "2024-01-01T00:00:00Z"}),
])
@pytest.mark.parametrize("value", [*UNREADABLE_SPELLINGS, 2, 0.5, -1, ["true"], {"v": 1}, float("nan")])
def test_unreadable_restricted_value_means_restricted(spec, row, value):
    out = validate_row(spec, {**row, "restricted": value})
    assert isinstance(out, ValidatedRow)
    assert out.values["restricted"] is True
    assert out.values["restricted_raw"]
    assert out.restriction.explicit is False
    assert "restricted_unreadable" in [w.reason for w in out.warnings]


@pytest.mark.parametrize("value", ["", "   ", None])
def test_blank_restricted_is_not_restricted_but_not_explicit(value):
    out = validate_row(CASE_NOTES, {"note_id": "N-1", "child_id": "C-1", "restricted": value,
                                    "updated_at": "2024-01-01T00:00:00Z"})
    assert out.values["restricted"] is False  # an explicit boolean, never null
    assert out.restriction.explicit is False  # ...that cannot lift an earlier restriction
    assert out.warnings == []


def test_a_missing_restricted_key_is_blank():
    out = validate_row(CASE_NOTES, {"note_id": "N-1", "child_id": "C-1", "updated_at": "2024-01-01T00:00:00Z"})
    assert out.values["restricted"] is False and out.restriction.explicit is False


def test_blank_restricted_with_teams_means_restricted():
    out = validate_row(CHILDREN, child_row(restricted="", restricted_to_teams="Safeguarding"))
    assert out.values["restricted"] is True and out.values["restricted_to_teams"] == ["Safeguarding"]
    assert out.restriction.explicit is False
    assert [w.reason for w in out.warnings] == ["restricted_from_teams"]


@pytest.mark.parametrize("value", ["false", "No", "Unrestricted", "0"])
def test_not_restricted_with_teams_named_is_contradictory_and_stays_restricted(value):
    out = validate_row(CHILDREN, child_row(restricted=value, restricted_to_teams="Safeguarding"))
    assert out.values["restricted"] is True and out.restriction.explicit is False
    assert [w.reason for w in out.warnings] == ["restricted_contradicts_teams"]


def test_restricted_with_no_team_is_still_restricted_and_warned():
    out = validate_row(CHILDREN, child_row(restricted="Y", restricted_to_teams=" ; ;; "))
    assert out.values["restricted"] is True and out.values["restricted_to_teams"] == []
    assert [w.reason for w in out.warnings] == ["restricted_without_teams"]


def test_restriction_is_read_even_from_a_row_that_is_otherwise_invalid():
    raw = child_row(given_name="", restricted="R", updated_at="yesterday")
    assert isinstance(validate_row(CHILDREN, raw), Rejection)
    r = read_restriction(CHILDREN, raw)
    assert r.restricted is True and r.raw == "R"
    assert read_restriction(SIGNIFICANT_ADULTS, {"restricted": "true"}) is None


@pytest.mark.parametrize("value, teams", [
    ("Team A; Team B", ["Team A", "Team B"]),
    ("Team A;;Team B;", ["Team A", "Team B"]),
    (" ; Team A ; ; ", ["Team A"]),
    ("Team A;Team A; Team A ", ["Team A"]),
    ("Team A,Team B", ["Team A", "Team B"]),
    ("Team A | Team B", ["Team A", "Team B"]),
    ("Team A\nTeam B\r\nTeam C", ["Team A", "Team B", "Team C"]),
    ("Team   A;\tTeam\u00a0B", ["Team A", "Team B"]),
    ("\ufeffTeam\u200b A", ["Team A"]),
    ("Team A;team a", ["Team A", "team a"]),  # teams are matched exactly: case kept
    (";;", []),
])
def test_team_lists_are_normalised(value, teams):
    assert parse_teams(value) == teams


@pytest.mark.parametrize("value, expected", [("Y", True), ("n", False), ("1.0", True), ("0.0", False), ("T", True)])
def test_other_flags_accept_the_same_spellings(value, expected):
    assert parse_bool(value) is expected


def test_restricted_words_are_only_for_the_restriction_flag():
    with pytest.raises(ValueError):
        parse_bool("Restricted")


# -- length limits on indexed values --------------------------------------------------------------

@pytest.mark.parametrize("spec, row, column", [
    (CHILDREN, child_row(), "family_name"),
    (CHILDREN, child_row(), "child_id"),
    (CHILDREN, child_row(), "given_name"),
    (CHILDREN, child_row(), "preferred_name"),
    (SIGNIFICANT_ADULTS, {"relationship_id": "R-1", "child_id": "C-1", "updated_at": "2024-01-01T00:00:00Z"}, "family_name"),
    (WORKER_ALLOCATIONS, {"allocation_id": "A-1", "child_id": "C-1", "worker_id": "W-1",
                          "updated_at": "2024-01-01T00:00:00Z"}, "team"),
    (CASE_NOTES, {"note_id": "N-1", "child_id": "C-1", "updated_at": "2024-01-01T00:00:00Z"}, "author_worker_id"),
    (DOCUMENTS, {"document_id": "D-1", "child_id": "C-1", "file_name": "a.txt",
                 "updated_at": "2024-01-01T00:00:00Z"}, "document_type"),
    (DELETIONS, {"table": "case_notes", "id": "N-1", "deleted_at": "2024-01-01T00:00:00Z"}, "id"),
])
def test_over_long_indexed_values_are_too_large(spec, row, column):
    assert isinstance(validate_row(spec, {**row, column: "x" * MAX_KEY_CHARS}), ValidatedRow)
    out = validate_row(spec, {**row, column: "x" * (MAX_KEY_CHARS + 1)})
    assert isinstance(out, Rejection) and out.reason == "too_large" and column in out.detail


def test_the_300000_character_family_name_is_too_large():
    out = validate_row(CHILDREN, child_row(family_name="A" * 300_000))
    assert isinstance(out, Rejection) and out.reason == "too_large"
    assert "300,000" in out.detail and len(out.detail) < 200


def test_free_text_keeps_the_large_limit():
    note = {"note_id": "N-1", "child_id": "C-1", "updated_at": "2024-01-01T00:00:00Z"}
    assert isinstance(validate_row(CASE_NOTES, {**note, "body": "x" * 100_000}), ValidatedRow)
    out = validate_row(CASE_NOTES, {**note, "body": "x" * (MAX_TEXT_CHARS + 1)})
    assert isinstance(out, Rejection) and out.reason == "too_large"


def test_limits_are_read_at_call_time(monkeypatch):
    monkeypatch.setattr(contract, "MAX_KEY_CHARS", 5)
    assert validate_row(CHILDREN, child_row(family_name="Marshall")).reason == "too_large"
