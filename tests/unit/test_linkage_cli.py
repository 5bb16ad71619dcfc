"""`kinscope link` on any CSV of person records, and `kinscope eval`'s wipe guard."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from kinscope.cli import app
from linkage.cli_helpers import read_person_csv

ROWS = """record_id,given_name,family_name,date_of_birth,address_line,postcode,phone,source
a1,Jonathan,Pickering,1990-07-21,3 Castle Walk,YO21 1AA,,x
a2,Jon,Pickering,1990-21-07,"3 Castle Walk, Whitby",YO21 1AA,,y
a3,Danielle,Marsh,1993-02-11,14 Filey Road,YO12 5AB,07700 900123,
a4,Danielle,Marsh,1993-11-02,14 Filey Rd,YO12 5AB,07700900123,
a5,Priya,Shah,1985-01-30,1 High Street,LS1 1AA,,
"""


def test_read_person_csv_keeps_known_columns(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(ROWS)
    rows = read_person_csv(path)
    assert rows[0] == {"record_id": "a1", "given_name": "Jonathan", "family_name": "Pickering",
                       "date_of_birth": "1990-07-21", "address_line": "3 Castle Walk",
                       "postcode": "YO21 1AA", "phone": None}
    (tmp_path / "bad.csv").write_text("name,dob\nx,1990\n")
    with pytest.raises(ValueError, match="record_id"):
        read_person_csv(tmp_path / "bad.csv")


def test_link_writes_clusters(tmp_path):
    path, out = tmp_path / "p.csv", tmp_path / "out" / "clusters.csv"
    path.write_text(ROWS)
    result = CliRunner().invoke(app, ["link", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["record_id"] for r in rows] == ["a1", "a2", "a3", "a4", "a5"]
    cluster = {r["record_id"]: r["cluster_id"] for r in rows}
    assert cluster["a1"] == cluster["a2"] and cluster["a3"] == cluster["a4"]
    assert len({cluster["a1"], cluster["a3"], cluster["a5"]}) == 3
    assert all(0 < float(r["confidence"]) <= 1 for r in rows)


def test_eval_refuses_to_wipe_without_permission(tmp_path, monkeypatch):
    monkeypatch.delenv("KINSCOPE_TEST_GRAPH_MAY_BE_WIPED", raising=False)
    result = CliRunner().invoke(app, ["eval", "--export", str(tmp_path)])
    assert result.exit_code == 2
    assert "--wipe" in result.output


# --------------------------------------------------------------------------- bad input


def _issues(out):
    path = out.with_name(out.stem + ".issues.csv")
    with open(path, newline="", encoding="utf-8") as f:
        return {r["line"]: r for r in csv.DictReader(f)}


def test_bad_rows_are_quarantined_with_a_reason(tmp_path):
    from linkage.cli_helpers import read_person_csv_checked

    path = tmp_path / "p.csv"
    path.write_bytes(
        b"record_id,given_name,family_name,date_of_birth,postcode\n"
        b"a1,Jonathan,Pickering,25/03/2002,YO21 1AA\n"
        b"a2,Jon,Pickering,2002-3-25,YO21 1AA\n"
        b"a3,Danielle,Marsh,March 2002,YO12 5AB\n"
        b"a1,Someone,Else,1990-01-01,LS1 1AA\n"          # duplicate id
        b",Nobody,Known,1990-01-01,LS1 1AA\n"            # empty id
        b"a6,,,1990-01-01,LS1 1AA\n"                     # no name
        b"a7,Ren\xe9e,Dubois,1990-01-01,LS1 1AA\n"       # Latin-1 byte
        b"a8,Priya,Shah,the fifth of never,LS1 1AA\n"     # not a date
        b"\n"
        b"a9,Zoe,Rogers,1970-05-19,BY1 4AU\n")
    rows, issues = read_person_csv_checked(path)
    assert [r["record_id"] for r in rows] == ["a1", "a2", "a3", "a8", "a9"]
    assert rows[3]["date_of_birth"] is None
    reasons = {q["line"]: q["reason"] for q in issues.quarantined}
    assert "duplicate record_id (first on line 2)" in reasons[5]
    assert reasons[6] == "empty record id"
    assert reasons[7] == "no given or family name"
    assert "not UTF-8" in reasons[8] and "given_name" in reasons[8]
    assert [w["record_id"] for w in issues.warnings] == ["a8"]
    # every data row is either linked or listed: nothing silently dropped
    assert len(rows) + len(issues.quarantined) == 9


def test_a_quote_left_open_or_a_shifted_row_is_listed_not_swallowed(tmp_path):
    """An open quote makes the csv reader read the rest of the file as one value, and an
    unquoted comma shifts a row's values into the wrong columns: either would link wrong
    records or drop rows without a word. Both are quarantined with the lines they cover; a
    row with fewer values than the header is linked and said so."""
    from linkage.cli_helpers import read_person_csv_checked

    path = tmp_path / "p.csv"
    path.write_text("record_id,given_name,family_name,date_of_birth,address_line\n"
                    "b1,Zoe,Rogers,1970-05-19,\"4 Bay View\nFiley\"\n"          # quoted address on two lines: fine
                    "b2,Priya,Shah,1985-01-30,1 High Street, Leeds\n"           # unquoted comma
                    "b3,Danielle,Marsh\n"                                       # fewer values
                    "b4,\"Jon,Pickering,1990-07-21,3 Castle Walk\n"              # quote never closed
                    "b5,Jonathan,Pickering,1990-07-21,3 Castle Walk\n", encoding="utf-8")
    rows, issues = read_person_csv_checked(path)
    assert [r["record_id"] for r in rows] == ["b1", "b3"]
    assert rows[0]["address_line"] == "4 Bay View\nFiley"
    reasons = {q["record_id"]: q["reason"] for q in issues.quarantined}
    assert "6 values where the header has 5" in reasons["b2"]
    assert "from line 6 to line 7" in reasons["b4"]  # b5's line is named, not lost
    assert [(w["record_id"], w["line"]) for w in issues.warnings] == [("b3", 5)]
    assert "3 values where the header has 5" in issues.warnings[0]["reason"]


def test_link_reports_quarantine_and_never_crashes(tmp_path):
    path, out = tmp_path / "p.csv", tmp_path / "clusters.csv"
    path.write_bytes(ROWS.encode() + b"a1,Dup,Licate,,,,\n" + b"a6,\xff\xfe,Marsh,,,,\n"
                     + b"a7,Danielle,Marsh,11 February 1993,14 Filey Road,YO12 5AB,,\x00\n")
    result = CliRunner().invoke(app, ["link", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert '"quarantined": 2' in result.output
    issues = _issues(out)
    assert {r["record_id"] for r in issues.values() if r["action"].startswith("quarantined")} \
        == {"a1", "a6"}
    # 1990-21-07 is no date: linked without it, and said so
    assert [r["record_id"] for r in issues.values() if r["action"].startswith("linked")] == ["a2"]
    with open(out, newline="") as f:
        cluster = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(f)}
    assert cluster["a7"] == cluster["a3"]  # month-name date, same person


@pytest.mark.parametrize("content,message", [
    (b"name,dob\nx,1990\n", "record_id"),
    (b"record_id,colour\n1,blue\n", "none of the columns"),
    (b"record_id,date_of_birth\n1,1990-01-01\n", "given_name or family_name"),
    (b"record_id,given\xe9name\n1,x\n", "not UTF-8"),
    (b"", "record_id"),
    (b"record_id;given_name;family_name\n1;Ann;Lee\n", "separated by ';'"),
])
def test_unusable_files_are_clear_errors(tmp_path, content, message):
    path, out = tmp_path / "p.csv", tmp_path / "clusters.csv"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["link", str(path), "--out", str(out)])
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_link_train_on_this(tmp_path):
    """--train-on-this refits on the file (or, with too few confident pairs, keeps the
    shipped model) and still writes every record."""
    path, out = tmp_path / "p.csv", tmp_path / "clusters.csv"
    lines = ["record_id,given_name,family_name,date_of_birth,address_line,postcode"]
    first = ["Amy", "Ben", "Cara", "Dev", "Ella", "Finn", "Gita", "Hugo", "Isla", "Jack",
             "Kira", "Liam", "Maya", "Noah", "Orla", "Pete", "Rosa", "Sam", "Tara", "Umar"]
    for i, g in enumerate(first):
        lines.append(f"{i}a,{g},Walker{i},19{70 + i}-0{1 + i % 9}-1{i % 10},{i} Mill Lane,YO{i} 1AA")
        lines.append(f"{i}b,{g},Walker{i},19{70 + i}-0{1 + i % 9}-1{i % 10},{i} Mill Ln,yo{i}1aa")
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(app, ["link", str(path), "--out", str(out), "--train-on-this"])
    assert result.exit_code == 0, result.output
    with open(out, newline="") as f:
        cluster = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(f)}
    assert len(cluster) == 40
    assert all(cluster[f"{i}a"] == cluster[f"{i}b"] for i in range(20))
    assert len(set(cluster.values())) == 20
