"""SSD → contract conversion (convert/): reading, sentinels, dates, encodings, mapping, report,
increments. The fixtures are written by scripts/make_ssd_fixtures.py."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convert import ssd_mapping as m
from convert.read import decode, normalise_postcode, parse_ssd_date, read_table
from convert.report import ConversionReport
from convert.ssd import (
    ConversionError,
    ConvertOptions,
    address_line_from,
    convert_ssd,
    parse_ssd_timestamp,
    read_flag,
)
from graph_model.contract import TABLES_BY_NAME, Rejection, validate_row

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ssd"
T1 = datetime(2025, 1, 1, tzinfo=UTC)
T2 = datetime(2025, 1, 8, tzinfo=UTC)


def convert(tmp_path: Path, name: str = "full", *, source: Path | None = None, previous: Path | None = None,
            at: datetime = T1, **options) -> tuple[Path, ConversionReport]:
    out = tmp_path / f"export-{name}"
    report = convert_ssd(source or FIXTURES / name, out, previous=previous,
                         options=ConvertOptions(exported_at=at, **options))
    return out, report


def read_rows(export: Path, file_name: str) -> list[dict]:
    path = export / file_name
    if file_name.endswith(".jsonl"):
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by_id(rows: list[dict], key: str) -> dict[str, dict]:
    return {r[key]: r for r in rows}


# ----------------------------------------------------------------------------- reading


@pytest.mark.parametrize("text, expected", [
    ("2024-12-10 00:00:00.000", "2024-12-10"),
    ("2024-12-10T09:30:00", "2024-12-10"),
    ("2024-12-10", "2024-12-10"),
    ("10/12/2024", "2024-12-10"),
    ("1900-01-01 00:00:00.000", None),  # SSD's open / unknown date
    ("1900-01-01", None),
    ("9999-12-31", None),
])
def test_ssd_dates(text, expected):
    parsed = parse_ssd_date(text)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize("text", ["not known", "31/02/2024", "10th Dec", "2024-13-01 00:00:00.000"])
def test_unparseable_dates_raise(text):
    with pytest.raises(ValueError):
        parse_ssd_date(text)


def test_sql_server_timestamps():
    assert parse_ssd_timestamp("2024-11-03 16:20:00.000") == "2024-11-03T16:20:00Z"
    assert parse_ssd_timestamp("2024-11-03T16:20:00+01:00") == "2024-11-03T15:20:00Z"
    assert parse_ssd_timestamp(None) is None


@pytest.mark.parametrize("text, expected", [
    ("yo125ab", "YO12 5AB"), ("YO12  5AB", "YO12 5AB"), (" ls1 1aa ", "LS1 1AA"), ("SW1A1AA", "SW1A 1AA"),
    ("M11AE", "M1 1AE"), ("not a postcode", "NOT A POSTCODE"), ("", None), (None, None),
])
def test_postcodes_are_normalised(text, expected):
    assert normalise_postcode(text) == expected


def test_windows_1252_is_detected_and_read():
    assert decode("Zoë".encode("utf-8")) == ("Zoë", "utf-8")
    assert decode("\ufeffZoë".encode("utf-8")) == ("Zoë", "utf-8")
    assert decode("Zoë – café".encode("cp1252")) == ("Zoë – café", "windows-1252")


def test_columns_are_read_by_name_in_any_order_and_case(tmp_path):
    path = tmp_path / "ssd_involvements.csv"
    path.write_text(
        "EXTRA,INVO_PERSON_ID,invo_involvements_id,Invo_Professional_Id,invo_involvement_end_date\n"
        "x,1001,I1,PR1,1900-01-01 00:00:00.000\n"
        "y,-1,I2,NULL,2024-02-03 00:00:00.000\n", encoding="utf-8")
    tf = read_table(m.INVOLVEMENTS, path)
    assert tf.missing_required == []
    assert tf.ignored_columns == ["extra"]
    assert "invo_professional_role_id" in tf.missing_optional
    first, second = tf.rows
    assert first.get("invo_person_id") == "1001" and first.get("invo_involvement_end_date") is None
    assert second.get("invo_person_id") is None  # -1 sentinel
    assert second.get("invo_professional_id") is None  # NULL from a SQL dump
    assert second.get("invo_involvement_end_date") == "2024-02-03"
    assert (first.line, second.line) == (2, 3)


def test_address_json():
    assert address_line_from('{"FLAT": "", "HOUSE": "14", "STREET": "Filey Road", "TOWN": "Scarborough", '
                             '"POSTCODE": "yo125ab"}') == ("14 Filey Road, Scarborough", "yo125ab")
    assert address_line_from('[{"building": "Eastfield Court", "town": "Scarborough"}]') == (
        "Eastfield Court, Scarborough", None)
    assert address_line_from("3 Castle Walk,  Whitby") == ("3 Castle Walk, Whitby", None)
    assert address_line_from(None) == (None, None)


def test_restriction_flags_fail_closed(tmp_path):
    path = tmp_path / "ssd_person.csv"
    path.write_text("pers_person_id,pers_restricted,pers_sensitive\n1,N,\n2,Y,N\n3,maybe,\n4,,\n5,N,N\n",
                    encoding="utf-8")
    tf = read_table(m.PERSON, path)
    report = ConversionReport("s", "o")
    flags = [read_flag(report, "ssd_person", row, ["pers_restricted", "pers_sensitive"]) for row in tf.rows]
    assert flags == ["false", "true", "true", "", "false"]
    assert [i.reason for i in report.issues] == ["restricted_unreadable"]
    assert report.issues[0].value == "maybe"
    assert read_flag(report, "ssd_person", tf.rows[1], []) == ""  # no such column: unknown


# ----------------------------------------------------------------------------- conversion


def test_every_written_row_passes_the_contract(tmp_path):
    out, report = convert(tmp_path)
    assert report.fatal == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["contract_version"] == 1 and manifest["kind"] == "full"
    assert manifest["exported_at"] == "2025-01-01T00:00:00Z"
    for spec in TABLES_BY_NAME.values():
        assert (out / spec.file_name).is_file(), spec.file_name
        for row in read_rows(out, spec.file_name):
            result = validate_row(spec, row)
            assert not isinstance(result, Rejection), (spec.file_name, row, result)
            assert not [w for w in result.warnings if not w.reason.startswith("restricted_")], row


def test_children_mapping(tmp_path):
    out, _ = convert(tmp_path)
    children = by_id(read_rows(out, "children.csv"), "child_id")
    assert sorted(children) == ["1001", "1002", "1003", "1010", "1011"]  # 1012 has no forename
    kayden = children["1001"]
    assert (kayden["given_name"], kayden["family_name"], kayden["date_of_birth"], kayden["gender"]) == (
        "Kayden", "Marsh", "2015-06-14", "M")
    assert (kayden["postcode"], kayden["address_line"]) == ("YO12 5AB", "14 Filey Road, Scarborough")
    assert kayden["legal_status"] == "CP" and kayden["open_date"] == "2023-03-02" and kayden["close_date"] == ""
    assert children["1002"]["gender"] == "F"  # pers_gender blank: pers_sex
    assert children["1002"]["legal_status"] == "CIN"
    assert children["1010"]["legal_status"] == "LAC"
    assert children["1010"]["postcode"] == "YO11 3LZ"
    assert children["1011"]["date_of_birth"] == ""  # 1900-01-01 sentinel
    # restriction: N → false, maybe → true (fail closed), Y → true, blank → blank (the loader keeps
    # an earlier restriction)
    assert [children[c]["restricted"] for c in ("1001", "1002", "1003", "1010")] == ["false", "true", "true", ""]
    assert children["1002"]["restricted_to_teams"] == ""


def test_restricted_teams_from_allocations(tmp_path):
    out, _ = convert(tmp_path, restricted_teams_from_allocations=True)
    children = by_id(read_rows(out, "children.csv"), "child_id")
    assert children["1002"]["restricted_to_teams"] == "Scarborough Safeguarding"
    assert children["1001"]["restricted_to_teams"] == ""  # not restricted


def test_significant_adults_mapping(tmp_path):
    out, _ = convert(tmp_path)
    adults = by_id(read_rows(out, "significant_adults.csv"), "relationship_id")
    assert sorted((a["child_id"], a["person_ref"], a["relationship"], a[m.RELATIONSHIP_CODE_COLUMN])
                  for a in adults.values()) == [
        ("1001", "1002", "Sister", "SIS"),  # the extension table's sister: no family-member record
        ("1001", "9001", "Father", "FTH"),
        ("1002", "1001", "Family member", "FAMMEMB"),
        ("1002", "9001", "Dad", "FTH"),
        ("1010", "1011", "Child", "CHILD"),
        ("1010", "9002", "Maternal grandmother", "MGRMTH"),
        ("1010", "9003", "SGO carer", ""),
        ("1011", "1010", "Mother", "MTH"),
    ]
    mother = adults["SSD-MOTHER:1011:1010"]
    assert (mother["given_name"], mother["family_name"], mother["date_of_birth"], mother["postcode"]) == (
        "Chloe", "Dunn", "2007-03-02", "YO11 3LZ")
    assert adults["SSD-CHILD:1010:1011"]["date_of_birth"] == "2024-01-15"  # from moth_childs_dob


def test_relationship_extension_table(tmp_path):
    out, report = convert(tmp_path)
    adults = by_id(read_rows(out, "significant_adults.csv"), "relationship_id")
    father = adults["SSD-REL:PR-1"]  # an adult outside the SSD: details from the extension row
    assert (father["given_name"], father["family_name"], father["date_of_birth"], father["gender"],
            father["postcode"], father["address_line"], father["phone"], father["parental_responsibility"],
            father["start_date"], father["end_date"]) == (
        "Dean", "Marsh", "1988-02-11", "M", "YO12 5AB", "14 Filey Road, Scarborough", "07700 900123", "Y",
        "2015-06-14", "")
    assert adults["SSD-REL:PR-2"]["person_ref"] == "9001"  # the same person for the sister: one ref
    sister = adults["SSD-REL:PR-3"]  # an SSD person: details from her ssd_person row
    assert (sister["given_name"], sister["date_of_birth"], sister["postcode"]) == ("Ellie-Mae", "2012-09-30", "YO12 5AB")
    assert adults["SSD-REL:PR-4"]["start_date"] == ""  # 31/02/2023: unknown, named
    stats = report.tables["ssd_ext_person_relationship"]
    assert stats.rows_read == stats.rows_converted + stats.rows_rejected == 10
    assert stats.rejected == {"person_absent": 2, "duplicate_relationship": 1, "missing_required": 1, "duplicate_id": 1}
    issues = {(i.table, i.reason, i.column, i.value) for i in report.issues if i.table == "ssd_ext_person_relationship"}
    assert issues == {
        ("ssd_ext_person_relationship", "invalid_date", "start_date", "31/02/2023"),
        ("ssd_ext_person_relationship", "relationship_not_coded", "relationship_type", "SGO carer"),
        ("ssd_ext_person_relationship", "duplicate_relationship", "related_person_id", "1010"),
        ("ssd_ext_person_relationship", "person_absent", "person_id", "5555"),
        ("ssd_ext_person_relationship", "person_absent", "related_person_id", "9004"),
        ("ssd_ext_person_relationship", "missing_required", "related_person_id", "-1"),
        ("ssd_ext_person_relationship", "duplicate_id", "relationship_id", "PR-1"),
    }
    assert stats.ignored_columns == ["etl_source_system"] and stats.missing_optional_columns == ["related_email"]


@pytest.mark.parametrize("code, text, expected", [
    ("FTH", "Father", ("Father", "father", "FTH")),
    (None, "Dad", ("Dad", "father", "FTH")),  # text only: the code of the role it names
    ("mgrmth", None, ("Maternal grandmother", "maternal grandmother", "MGRMTH")),  # code only: its words
    ("MGM", None, ("maternal grandmother".capitalize(), "maternal grandmother", "MGRMTH")),  # a local code
    (None, "Step-father", ("Step-father", "mother's partner", "STPPRN")),
    ("SGO", "SGO carer", ("SGO carer", "kinship carer", None)),  # no Person Standard code
    ("X9", None, ("X9", "x9", None)),  # unknown: kept as given, no code
    (None, None, (None, None, None)),
])
def test_relationship_codes(code, text, expected):
    from convert.ssd import relationship_of

    assert relationship_of(code, text) == expected


def test_allocations_and_case_notes_mapping(tmp_path):
    out, _ = convert(tmp_path)
    allocations = by_id(read_rows(out, "worker_allocations.csv"), "allocation_id")
    assert sorted(allocations) == ["I1", "I2", "I3", "I4", "I6"]
    i1 = allocations["I1"]
    assert (i1["child_id"], i1["worker_id"], i1["worker_name"], i1["role"], i1["team"], i1["end_date"]) == (
        "1001", "PR1", "Priya Shah", "Social Worker", "Scarborough Safeguarding", "")
    assert allocations["I3"]["role"] == "Family Support Worker"  # no role: the job title
    assert allocations["I3"]["end_date"] == "2023-03-01"
    assert allocations["I4"]["worker_name"] == "" and allocations["I4"]["team"] == ""  # absent worker/team
    notes = by_id(read_rows(out, "case_notes.jsonl"), "note_id")
    assert sorted(notes) == ["CINV-V1", "CINV-V2", "CLAV-V9", "CPV-V1", "N-1", "N-2"]
    visit = notes["CINV-V1"]
    assert (visit["child_id"], visit["event_date"], visit["subject"], visit["body"]) == (
        "1002", "2024-12-10", "CIN visit", None)
    assert visit["restricted"] is True  # the child is restricted
    assert notes["CINV-V2"]["event_date"] is None  # unparseable date: unknown, named in the report
    assert "Zoë from the café" in notes["N-1"]["body"]  # Windows-1252 file
    assert notes["N-1"]["recorded_at"] == "2024-11-03T16:20:00Z"


def test_report_names_every_problem_and_drops_nothing(tmp_path):
    out, report = convert(tmp_path)
    data = json.loads((out / "conversion" / "report.json").read_text())
    tables = data["tables"]
    for name, stats in tables.items():
        if name in m.TABLES_BY_NAME:
            assert stats["rows_read"] == stats["rows_converted"] + stats["rows_rejected"], name
    assert tables["ssd_person"]["rejected"] == {
        "duplicate_identical": 1, "duplicate_id": 1, "missing_required": 1, "contract_missing_required": 1}
    assert tables["ssd_mother"]["rejected"] == {"person_absent": 1}
    assert tables["ssd_ext_case_notes"]["encoding"] == "windows-1252"
    assert "etl_loaded_at" in tables["ssd_person"]["ignored_columns"]
    issues = {(i["table"], i["reason"], i["column"], i["value"]) for i in data["issues"]}
    assert ("ssd_mother", "person_absent", "moth_person_id", "9999") in issues
    assert ("ssd_person", "invalid_date", "pers_dob", "not known") in issues
    assert ("ssd_cin_visits", "invalid_date", "cinv_cin_visit_date", "10th Dec") in issues
    assert ("ssd_person", "restricted_unreadable", "pers_restricted", "maybe") in issues
    assert ("lookup_codes", "unknown_table", None, "lookup_codes.csv") in issues
    assert ("ssd_contacts", "table_not_read", None, "ssd_contacts.csv") in issues
    assert ("ssd_ext_case_notes", "not_utf8", None, "ssd_ext_case_notes.csv") in issues
    quarantine = [json.loads(line) for line in (out / "conversion" / "quarantine.jsonl").read_text().splitlines()]
    assert len(quarantine) == report.rows_rejected
    mother = next(q for q in quarantine if q["table"] == "ssd_mother")
    assert mother["reason"] == "person_absent" and mother["row"]["moth_person_id"] == "9999"
    assert "person_absent" in (out / "conversion" / "report.txt").read_text()


def test_missing_required_column_rejects_the_table_not_the_run(tmp_path):
    source = tmp_path / "ssd"
    shutil.copytree(FIXTURES / "full", source)
    rows = list(csv.reader((source / "ssd_involvements.csv").open(encoding="utf-8", newline="")))
    drop = [c.lower() for c in rows[0]].index("invo_person_id")
    with (source / "ssd_involvements.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([r[:drop] + r[drop + 1:] for r in rows])
    out, report = convert(tmp_path, source=source)
    assert report.fatal == []
    stats = report.tables["ssd_involvements"]
    assert stats.rejected == {"missing_required_column": stats.rows_read}
    assert read_rows(out, "worker_allocations.csv") == []
    assert len(read_rows(out, "children.csv")) == 5


def test_no_person_table_is_fatal_and_writes_no_export(tmp_path):
    source = tmp_path / "ssd"
    shutil.copytree(FIXTURES / "full", source)
    (source / "ssd_person.csv").unlink()
    out, report = convert(tmp_path, source=source)
    assert report.fatal
    assert not (out / "manifest.json").exists()
    assert (out / "conversion" / "report.json").is_file()


def test_output_folder_must_be_new_or_empty(tmp_path):
    (tmp_path / "export-full").mkdir()
    (tmp_path / "export-full" / "x").write_text("x")
    with pytest.raises(ConversionError):
        convert(tmp_path)
    with pytest.raises(ConversionError):
        convert(tmp_path, name="other", previous=tmp_path / "export-full")


def test_content_hashes_are_stable_across_runs(tmp_path):
    first, _ = convert(tmp_path, "full")
    second = tmp_path / "again"
    convert_ssd(FIXTURES / "full", second, options=ConvertOptions(exported_at=T2))
    state = lambda p: [(r["table"], r["id"], r["content_hash"])  # noqa: E731
                       for r in json.loads((p / "conversion" / "state.json").read_text())["rows"]]
    assert state(first) == state(second)
    # the same tables against themselves: an empty increment
    third = tmp_path / "third"
    report = convert_ssd(FIXTURES / "full", third, previous=first, options=ConvertOptions(exported_at=T2))
    assert sum(report.written.values()) == 0 and report.deletions == {}
    assert read_rows(third, "deletions.csv") == []


def test_increment_against_the_previous_conversion(tmp_path):
    first, _ = convert(tmp_path, "full", at=T1)
    second, report = convert(tmp_path, "changed", previous=first, at=T2)
    manifest = json.loads((second / "manifest.json").read_text())
    assert manifest["kind"] == "increment" and manifest["since"] == "2025-01-01T00:00:00Z"
    children = by_id(read_rows(second, "children.csv"), "child_id")
    assert sorted(children) == ["1001", "1004"]  # Kayden moved; Leo is new
    assert children["1001"]["postcode"] == "YO11 3LZ"
    assert all(c["updated_at"] == "2025-01-08T00:00:00Z" for c in children.values())
    allocations = by_id(read_rows(second, "worker_allocations.csv"), "allocation_id")
    assert sorted(allocations) == ["I3"] and allocations["I3"]["worker_name"] == "Tom Hardcastle"
    notes = by_id(read_rows(second, "case_notes.jsonl"), "note_id")
    assert sorted(notes) == ["CINV-V3"]
    deletions = {(d["table"], d["id"]) for d in read_rows(second, "deletions.csv")}
    assert deletions == {("children", "1003"), ("worker_allocations", "I2"), ("worker_allocations", "I6"),
                         ("case_notes", "CINV-V2")}
    assert all(d["deleted_at"] == "2025-01-08T00:00:00Z" for d in read_rows(second, "deletions.csv"))
    # the state carries unchanged rows with the time they last changed, for the next increment
    state = {(r["table"], r["id"]): r for r in json.loads((second / "conversion" / "state.json").read_text())["rows"]}
    assert state[("children", "1002")]["updated_at"] == "2025-01-01T00:00:00Z"
    assert state[("children", "1001")]["updated_at"] == "2025-01-08T00:00:00Z"
    assert ("children", "1003") not in state
    assert report.unchanged["children.csv"] == 3


def test_increment_refuses_a_missing_table(tmp_path):
    first, _ = convert(tmp_path, "full")
    source = tmp_path / "ssd"
    shutil.copytree(FIXTURES / "changed", source)
    (source / "ssd_involvements.csv").unlink()
    out, report = convert(tmp_path, "changed", source=source, previous=first, at=T2)
    assert any("ssd_involvements" in f for f in report.fatal)
    assert not (out / "deletions.csv").exists()


def test_cli_convert_ssd(tmp_path):
    from kinscope.cli import app

    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["convert", "ssd", str(FIXTURES / "full"), "--out", str(out),
                                      "--exported-at", "2025-01-01T00:00:00Z"])
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file()
    result = CliRunner().invoke(app, ["convert", "ssd", str(FIXTURES / "changed"), "--out", str(tmp_path / "inc"),
                                      "--previous", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "inc" / "manifest.json").read_text())["kind"] == "increment"


def test_an_unreadable_file_is_named_not_a_crash(tmp_path):
    source = tmp_path / "ssd"
    shutil.copytree(FIXTURES / "full", source)
    (source / "ssd_cp_visits.csv").write_text('cppv_cp_visit_id,cppv_person_id\n"V1,1001\n', encoding="utf-8")
    long_text = "x" * 300_000  # longer than the csv module's default field limit
    with (source / "ssd_ext_case_notes.csv").open("a", encoding="cp1252", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerow(["N-3", "1001", "2024-11-05", "", "", long_text, "", "", ""])
    out, report = convert(tmp_path, source=source)
    assert report.fatal == []
    assert report.tables["ssd_cp_visits"].rejected == {"unreadable_file": 1}
    assert any(i.reason == "unreadable_file" and i.value == "ssd_cp_visits.csv" for i in report.issues)
    notes = by_id(read_rows(out, "case_notes.jsonl"), "note_id")
    assert "CPV-V1" not in notes and len(notes["N-3"]["body"]) == 300_000


def test_bad_cells_are_named_and_the_rows_kept(tmp_path):
    """A SQL Server datetime that is not a date, an unreadable timestamp, a column given twice and
    a row with more cells than the header: each named (table, line, column, value), never a crash."""
    source = tmp_path / "ssd"
    shutil.copytree(FIXTURES / "full", source)
    (source / "ssd_ext_case_notes.csv").write_text(
        "casenote_id,person_id,casenote_date,recorded_at,casenote_text,casenote_text\r\n"
        "N-1,1001,2024-13-01 00:00:00.000,yesterday 4pm,Visited Kayden.,second text\r\n"
        "N-2,1002,2024-12-10 00:00:00.000,2024-12-10 16:20:00.000,Saw Ellie-Mae.,,surplus\r\n", encoding="utf-8")
    out, report = convert(tmp_path, source=source)
    assert report.fatal == []
    issues = {(i.reason, i.line, i.column, i.value) for i in report.issues if i.table == "ssd_ext_case_notes"}
    assert ("invalid_date", 2, "casenote_date", "2024-13-01 00:00:00.000") in issues
    assert ("invalid_timestamp", 2, "recorded_at", "yesterday 4pm") in issues
    assert ("duplicate_column", None, "casenote_text", None) in issues
    assert ("extra_cells", 3, None, "surplus") in issues
    stats = report.tables["ssd_ext_case_notes"]
    assert (stats.rows_read, stats.rows_converted, stats.rows_rejected) == (2, 2, 0)
    notes = by_id(read_rows(out, "case_notes.jsonl"), "note_id")
    assert (notes["N-1"]["event_date"], notes["N-1"]["recorded_at"], notes["N-1"]["body"]) == (
        None, None, "Visited Kayden.")  # the first column of that name is read
    assert notes["N-2"]["recorded_at"] == "2024-12-10T16:20:00Z"
