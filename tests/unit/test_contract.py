"""Row validation against the source contract (pure logic)."""

from datetime import date, datetime, timezone

import pytest

from graph_model.contract import (
    CASE_NOTES,
    CHILDREN,
    DELETIONS,
    SIGNIFICANT_ADULTS,
    Rejection,
    ValidatedRow,
    check_header,
    parse_partial_date,
    parse_timestamp,
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
    assert v["updated_at"] == datetime(2024, 1, 20, 9, 0, tzinfo=timezone.utc)
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
    out = validate_row(CHILDREN, child_row(open_date="02/03/2023", restricted="maybe"))
    assert isinstance(out, ValidatedRow)
    assert out.values["open_date"] is None
    assert out.values["open_date_raw"] == "02/03/2023"
    assert out.values["restricted"] is None
    assert sorted(w.reason for w in out.warnings) == ["invalid_open_date", "invalid_restricted"]


@pytest.mark.parametrize("value", ["1990", "1990-07", "1990-07-21"])
def test_partial_dates_of_birth_are_accepted(value):
    assert parse_partial_date(value) == value


@pytest.mark.parametrize("value", ["1990-13", "1990-02-30", "21/07/1990", "90"])
def test_impossible_partial_dates_are_refused(value):
    with pytest.raises(ValueError):
        parse_partial_date(value)


def test_timestamps_are_normalised_to_utc():
    assert parse_timestamp("2024-01-20T10:00:00+01:00") == datetime(2024, 1, 20, 9, tzinfo=timezone.utc)
    assert parse_timestamp("2024-01-20T09:00:00") == datetime(2024, 1, 20, 9, tzinfo=timezone.utc)


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
