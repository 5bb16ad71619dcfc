"""synthetic/ssd_writer.py: the synthetic council as SSD tables (`kinscope synth --format ssd`)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest

from convert import ssd_mapping as m
from convert.ssd import ConvertOptions, convert_ssd
from kinscope.errors import KinscopeError
from synthetic.council import generate_council
from synthetic.ssd_writer import OPEN_DATE, write_ssd_council

CHILDREN, SEED = 8, 11


@pytest.fixture(scope="module")
def ssd(tmp_path_factory):
    out = tmp_path_factory.mktemp("ssd") / "council"
    write_ssd_council(out, children=CHILDREN, seed=SEED, notes_per_child=(2, 4))
    return out


def rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k.lower(): v for k, v in r.items()} for r in csv.DictReader(fh)]


def test_every_table_the_converter_reads_with_the_spec_column_names(ssd):
    assert sorted(p.name for p in ssd.iterdir()) == sorted(f"{t.name}.csv" for t in m.TABLES)
    for table in m.TABLES:
        header = (ssd / f"{table.name}.csv").read_bytes().split(b"\r\n", 1)[0].decode("utf-8-sig", "replace")
        assert set(table.columns) <= {c.lower() for c in header.split(",")}, table.name


def test_extract_oddities(ssd):
    person_file = (ssd / "ssd_person.csv").read_bytes().decode("utf-8")
    assert person_file.splitlines()[0].split(",")[-1] == "pers_person_id"  # reordered columns
    assert "\r\n" in person_file and "etl_loaded_at" in person_file
    assert (ssd / "ssd_address.csv").read_text(encoding="utf-8").startswith("ADDR_")  # upper-case header
    involvements = rows(ssd / "ssd_involvements.csv")
    assert {i["invo_referral_id"] for i in involvements} == {"-1"}
    assert OPEN_DATE in {i["invo_involvement_end_date"] for i in involvements}
    assert all(i["invo_involvement_start_date"].endswith(" 00:00:00.000") for i in involvements)
    people = rows(ssd / "ssd_person.csv")
    assert len(people) == CHILDREN + 1  # one person listed twice


def test_same_council_as_the_contract_format(ssd, tmp_path):
    contract = tmp_path / "contract"
    generate_council(contract, children=CHILDREN, seed=SEED, notes_per_child=(2, 4), render_documents=False)
    children = {(r["child_id"], r["given_name"], r["family_name"], r["date_of_birth"])
                for r in rows(contract / "children.csv")}
    people = {(r["pers_person_id"], r["pers_forename"], r["pers_surname"], r["pers_dob"][:10])
              for r in rows(ssd / "ssd_person.csv")}
    assert people == children
    assert {r["allocation_id"] for r in rows(contract / "worker_allocations.csv")} == {
        r["invo_involvements_id"] for r in rows(ssd / "ssd_involvements.csv")}
    assert {r["relationship_id"] for r in rows(contract / "significant_adults.csv")} == {
        r["relationship_id"] for r in rows(ssd / "ssd_ext_person_relationship.csv")}


def test_converts_with_nothing_rejected_but_the_repeated_person(ssd, tmp_path):
    report = convert_ssd(ssd, tmp_path / "export", options=ConvertOptions(exported_at=datetime(2024, 6, 1, tzinfo=UTC)))
    assert report.fatal == []
    assert {n: dict(s.rejected) for n, s in report.tables.items() if s.rejected} == {
        "ssd_person": {"duplicate_identical": 1}}
    assert report.tables["ssd_ext_person_relationship"].rows_converted > CHILDREN
    assert report.written["children.csv"] == CHILDREN


def test_deterministic_and_refuses_a_foreign_folder(ssd, tmp_path):
    again = tmp_path / "again"
    write_ssd_council(again, children=CHILDREN, seed=SEED, notes_per_child=(2, 4))
    for table in m.TABLES:
        name = f"{table.name}.csv"
        assert (again / name).read_bytes() == (ssd / name).read_bytes(), name
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(KinscopeError):
        write_ssd_council(foreign, children=2, seed=1)
