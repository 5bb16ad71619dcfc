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
