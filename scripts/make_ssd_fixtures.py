#!/usr/bin/env python3
"""Write the small SSD fixture folders under tests/fixtures/ssd/ (deterministic).

    .venv/bin/python scripts/make_ssd_fixtures.py            # (re)write the fixtures
    .venv/bin/python scripts/make_ssd_fixtures.py --check-spec PATH/data_objects_specification.csv

Table and column names come from the converter's declarations (convert/ssd_mapping.py), which
follow the SSD specification (data-to-insight/ssd-data-model); `--check-spec` checks every SSD
column written here against that specification's CSV. The rows are invented, with the oddities
real extracts have: `-1` ids and `1900-01-01` open end dates, SQL Server datetimes, postcodes
without spaces, missing optional columns, duplicated people, reordered and upper-case headers,
extra columns, a Windows-1252 file, a restriction column with an unreadable value, and rows that
reference people who are absent; and both of Kinscope's extension tables (case-note text, person
relationships: codes only, text only, a code with no Person Standard equivalent, a pair already
in ssd_mother, a nameless adult outside the SSD).

`full/` is a council's SSD on day one; `changed/` the same tables a week later (an address
moved, a worker renamed, an allocation removed, a child gone, a child and a visit
added), for increments.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from convert import ssd_mapping as m  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "ssd"
DT = " 00:00:00.000"  # SQL Server datetime tail
OPEN = "1900-01-01" + DT

# person id -> row; None values are written as empty cells
PERSONS = [
    {"pers_person_id": "1001", "pers_forename": "Kayden", "pers_surname": "Marsh", "pers_sex": "M",
     "pers_gender": "M", "pers_ethnicity": "WBRI", "pers_dob": "2015-06-14" + DT,
     "pers_common_child_id": "9434765919", "pers_upn_unknown": None, "pers_restricted": "N"},
    {"pers_person_id": "1002", "pers_forename": "Ellie-Mae", "pers_surname": "Marsh", "pers_sex": "F",
     "pers_gender": None, "pers_ethnicity": "WBRI", "pers_dob": "2012-09-30" + DT,
     "pers_common_child_id": None, "pers_upn_unknown": "UN1", "pers_restricted": "maybe"},
    {"pers_person_id": "1003", "pers_forename": "Tyler", "pers_surname": "Okoro", "pers_sex": "M",
     "pers_gender": "M", "pers_ethnicity": "BAFR", "pers_dob": "2010-01-20" + DT,
     "pers_common_child_id": None, "pers_upn_unknown": None, "pers_restricted": "Y"},
    {"pers_person_id": "1010", "pers_forename": "Chloe", "pers_surname": "Dunn", "pers_sex": "F",
     "pers_gender": "F", "pers_ethnicity": "WIRI", "pers_dob": "2007-03-02" + DT,
     "pers_common_child_id": None, "pers_upn_unknown": None, "pers_restricted": None},
    {"pers_person_id": "1011", "pers_forename": "Mason", "pers_surname": "Dunn", "pers_sex": "M",
     "pers_gender": "M", "pers_ethnicity": "WIRI", "pers_dob": OPEN,  # sentinel: DOB unknown
     "pers_common_child_id": None, "pers_upn_unknown": None, "pers_restricted": None},
    {"pers_person_id": "1012", "pers_forename": None, "pers_surname": "Unnamed", "pers_sex": "U",
     "pers_gender": None, "pers_ethnicity": None, "pers_dob": "not known",  # unparseable date
     "pers_common_child_id": None, "pers_upn_unknown": None, "pers_restricted": None},
]
PERSON_DUPLICATES = [
    dict(PERSONS[0]),  # the same row twice (a join fan-out in the extract)
    {**PERSONS[2], "pers_forename": "Tayla"},  # same id, different values
    {**PERSONS[0], "pers_person_id": "-1", "pers_forename": "Ghost"},  # sentinel id
]
ADDRESSES = [
    {"addr_table_id": "A1", "addr_person_id": "1001", "addr_address_type": "Home",
     "addr_address_json": '{"FLAT": "", "HOUSE": "14", "STREET": "Filey Road", "TOWN": "Scarborough", "UPRN": "10023"}',
     "addr_address_start_date": "2020-01-01" + DT, "addr_address_end_date": OPEN, "addr_address_postcode": "yo125ab"},
    {"addr_table_id": "A2", "addr_person_id": "1001", "addr_address_type": "Home",
     "addr_address_json": '{"HOUSE": "3", "STREET": "Castle Walk", "TOWN": "Whitby"}',
     "addr_address_start_date": "2015-06-14" + DT, "addr_address_end_date": "2019-12-31" + DT,
     "addr_address_postcode": "YO21 1AA"},
    {"addr_table_id": "A3", "addr_person_id": "1002", "addr_address_type": "Home",
     "addr_address_json": '{"HOUSE": "14", "STREET": "Filey Road", "TOWN": "Scarborough"}',
     "addr_address_start_date": "2020-01-01" + DT, "addr_address_end_date": None, "addr_address_postcode": "YO12  5AB"},
    {"addr_table_id": "A4", "addr_person_id": "1010", "addr_address_type": "Placement",
     "addr_address_json": '{"FLAT": "Flat 2", "BUILDING": "Eastfield Court", "TOWN": "Scarborough"}',
     "addr_address_start_date": "2023-05-01" + DT, "addr_address_end_date": OPEN, "addr_address_postcode": "yo11 3LZ"},
    {"addr_table_id": "A5", "addr_person_id": "8888", "addr_address_type": "Home",
     "addr_address_json": "{}", "addr_address_start_date": None, "addr_address_end_date": None,
     "addr_address_postcode": "LS1 1AA"},  # person absent
]
FAMILY = [
    {"fami_table_id": "F1", "fami_family_id": "FAM10", "fami_person_id": "1001"},
    {"fami_table_id": "F2", "fami_family_id": "FAM10", "fami_person_id": "1002"},
    {"fami_table_id": "F3", "fami_family_id": "FAM10", "fami_person_id": "1002"},  # repeated
    {"fami_table_id": "F4", "fami_family_id": "FAM20", "fami_person_id": "7777"},  # absent
]
MOTHERS = [
    {"moth_table_id": "M1", "moth_person_id": "1010", "moth_childs_person_id": "1011",
     "moth_childs_dob": "2024-01-15" + DT},
    {"moth_table_id": "M2", "moth_person_id": "9999", "moth_childs_person_id": "1001",
     "moth_childs_dob": None},  # mother id with no person row
]
PROFESSIONALS = [
    {"prof_professional_id": "PR1", "prof_professional_name": "Priya Shah",
     "prof_social_worker_registration_no": "SW123456", "prof_professional_job_title": "Social Worker",
     "prof_professional_department": "Scarborough Safeguarding"},
    {"prof_professional_id": "PR2", "prof_professional_name": "Tom Hardcastel",
     "prof_social_worker_registration_no": None, "prof_professional_job_title": "Family Support Worker",
     "prof_professional_department": "Scarborough Early Help"},
]
DEPARTMENTS = [
    {"dept_team_id": "T1", "dept_team_name": "Scarborough Safeguarding", "dept_team_parent_id": "-1",
     "dept_team_parent_name": None},
    {"dept_team_id": "T2", "dept_team_name": "Scarborough Early Help", "dept_team_parent_id": "-1",
     "dept_team_parent_name": None},
]
INVOLVEMENTS = [
    {"invo_involvements_id": "I1", "invo_professional_id": "PR1", "invo_professional_role_id": "Social Worker",
     "invo_professional_team": "T1", "invo_involvement_start_date": "2023-03-02" + DT,
     "invo_involvement_end_date": OPEN, "invo_person_id": "1001", "invo_referral_id": "R1"},
    {"invo_involvements_id": "I2", "invo_professional_id": "PR1", "invo_professional_role_id": "Social Worker",
     "invo_professional_team": "T1", "invo_involvement_start_date": "2023-03-02" + DT,
     "invo_involvement_end_date": None, "invo_person_id": "1002", "invo_referral_id": "R2"},
    {"invo_involvements_id": "I3", "invo_professional_id": "PR2", "invo_professional_role_id": None,
     "invo_professional_team": "T2", "invo_involvement_start_date": "2022-09-01" + DT,
     "invo_involvement_end_date": "2023-03-01" + DT, "invo_person_id": "1001", "invo_referral_id": "-1"},
    {"invo_involvements_id": "I4", "invo_professional_id": "PR9", "invo_professional_role_id": "Personal Advisor",
     "invo_professional_team": "T9", "invo_involvement_start_date": "2024-02-01" + DT,
     "invo_involvement_end_date": None, "invo_person_id": "1010", "invo_referral_id": None},  # absent worker, team
    {"invo_involvements_id": "I5", "invo_professional_id": "PR1", "invo_professional_role_id": "Social Worker",
     "invo_professional_team": "T1", "invo_involvement_start_date": "2024-02-01" + DT,
     "invo_involvement_end_date": None, "invo_person_id": "5555", "invo_referral_id": None},  # absent child
    {"invo_involvements_id": "I6", "invo_professional_id": "PR1", "invo_professional_role_id": "Social Worker",
     "invo_professional_team": "T1", "invo_involvement_start_date": "2024-02-01" + DT,
     "invo_involvement_end_date": None, "invo_person_id": "1003", "invo_referral_id": None},
    {"invo_involvements_id": "I7", "invo_professional_id": "PR2", "invo_professional_role_id": "Social Worker",
     "invo_professional_team": "T2", "invo_involvement_start_date": "2024-02-01" + DT,
     "invo_involvement_end_date": None, "invo_person_id": "1012", "invo_referral_id": None},  # nameless child
]
LINKED = [
    {"link_table_id": "L1", "link_person_id": "1001", "link_identifier_type": "Unique Pupil Number",
     "link_identifier_value": "A123456789012", "link_valid_from_date": OPEN, "link_valid_to_date": OPEN},
]
LEGAL = [
    {"lega_legal_status_id": "LS1", "lega_person_id": "1010", "lega_legal_status": "C2",
     "lega_legal_status_start_date": "2023-05-01" + DT, "lega_legal_status_end_date": OPEN},
]
CIN_EPISODES = [
    {"cine_referral_id": "R2", "cine_person_id": "1002", "cine_referral_date": "2023-03-02" + DT, "cine_close_date": OPEN},
    {"cine_referral_id": "R3", "cine_person_id": "1003", "cine_referral_date": "2024-01-10" + DT, "cine_close_date": None},
    {"cine_referral_id": "R1", "cine_person_id": "1001", "cine_referral_date": "2023-03-02" + DT,
     "cine_close_date": "2023-06-01" + DT},
]
CP_PLANS = [
    {"cppl_cp_plan_id": "CP1", "cppl_person_id": "1001", "cppl_cp_plan_start_date": "2023-06-01" + DT,
     "cppl_cp_plan_end_date": None},
]
CLA_EPISODES = [
    {"clae_cla_episode_id": "E1", "clae_person_id": "1010", "clae_cla_episode_start_date": "2023-05-01" + DT,
     "clae_cla_episode_ceased_date": OPEN},
]
CIN_VISITS = [
    {"cinv_cin_visit_id": "V1", "cinv_person_id": "1002", "cinv_cin_visit_date": "2024-12-10" + DT,
     "cinv_cin_visit_seen": "Y", "cinv_cin_visit_seen_alone": "N"},
    {"cinv_cin_visit_id": "V2", "cinv_person_id": "1003", "cinv_cin_visit_date": "10th Dec",  # bad date
     "cinv_cin_visit_seen": "Y", "cinv_cin_visit_seen_alone": "Y"},
]
CP_VISITS = [
    {"cppv_cp_visit_id": "V1", "cppv_person_id": "1001", "cppv_cp_plan_id": "CP1",
     "cppv_cp_visit_date": "2024-11-02" + DT, "cppv_cp_visit_seen": "Y", "cppv_cp_visit_seen_alone": "N"},
]
CLA_VISITS = [
    {"clav_cla_visit_id": "V9", "clav_cla_id": "E1", "clav_person_id": "1010",
     "clav_cla_visit_date": "2024-10-20" + DT, "clav_cla_visit_seen": "Y", "clav_cla_visit_seen_alone": "Y"},
]
CASE_NOTES = [
    {"casenote_id": "N-1", "person_id": "1001", "casenote_date": "2024-11-02" + DT, "casenote_type": "Home visit",
     "casenote_subject": "Home visit", "professional_id": "PR1", "recorded_at": "2024-11-03 16:20:00.000",
     "casenote_text": "Visited Kayden at home. Mum said Zoë from the café next door helps with the school run.",
     "restricted": "N"},
    {"casenote_id": "N-2", "person_id": "1010", "casenote_date": "2024-10-20", "casenote_type": "Direct work",
     "casenote_subject": "Session with Chloe", "professional_id": "PR9", "recorded_at": None,
     "casenote_text": "Chloe talked about her cousin Reece who visits the flat.", "restricted": None},
]

_DAD = {"related_forename": "Dean", "related_surname": "Marsh", "related_dob": "1988-02-11" + DT,
        "related_gender": "M", "related_address": '{"HOUSE": "14", "STREET": "Filey Road", "TOWN": "Scarborough"}',
        "related_postcode": "yo125ab", "related_phone": "07700 900123"}
RELATIONSHIPS = [  # Kinscope's extension table: a case system's person relationships
    {"relationship_id": "PR-1", "person_id": "1001", "related_person_id": "9001", "relationship_type_code": "FTH",
     "relationship_type": "Father", "start_date": "2015-06-14" + DT, "end_date": OPEN,
     "parental_responsibility": "Y", **_DAD},
    {"relationship_id": "PR-2", "person_id": "1002", "related_person_id": "9001", "relationship_type_code": None,
     "relationship_type": "Dad", "start_date": None, "end_date": None, "parental_responsibility": "Y", **_DAD},
    {"relationship_id": "PR-3", "person_id": "1001", "related_person_id": "1002", "relationship_type_code": "SIS",
     "relationship_type": "Sister"},  # an SSD person: her details come from ssd_person
    {"relationship_id": "PR-4", "person_id": "1010", "related_person_id": "9002", "relationship_type_code": "MGRMTH",
     "relationship_type": None, "start_date": "31/02/2023", "related_forename": "Brenda",  # code only; bad date
     "related_surname": "Dunn", "related_dob": "1969-07-04" + DT, "related_gender": "F",
     "related_address": "7 Seamer Road, Scarborough", "related_postcode": "YO12 4DP"},
    {"relationship_id": "PR-5", "person_id": "1010", "related_person_id": "9003", "relationship_type_code": "SGO",
     "relationship_type": "SGO carer", "related_forename": "Shirley", "related_surname": "Pickering",
     "related_gender": "F"},  # a role with no Person Standard code
    {"relationship_id": "PR-6", "person_id": "1011", "related_person_id": "1010", "relationship_type_code": "MTH",
     "relationship_type": "Mother"},  # already in ssd_mother
    {"relationship_id": "PR-7", "person_id": "5555", "related_person_id": "9001", "relationship_type_code": "FTH",
     "relationship_type": "Father", **_DAD},  # the child is absent
    {"relationship_id": "PR-8", "person_id": "1002", "related_person_id": "9004", "relationship_type_code": None,
     "relationship_type": "Uncle"},  # an adult outside the SSD with no name
    {"relationship_id": "PR-9", "person_id": "1001", "related_person_id": "-1", "relationship_type": "Neighbour",
     "related_forename": "Pat"},  # sentinel id
    {"relationship_id": "PR-1", "person_id": "1003", "related_person_id": "9001", "relationship_type": "Father"},
]


def columns_for(table: m.SsdTable, drop: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> list[str]:
    return [c for c in table.columns if c not in drop] + list(extra)


def write_table(folder: Path, table: m.SsdTable, rows: list[dict], *, drop: tuple[str, ...] = (),
                extra: tuple[str, ...] = (), reverse: bool = False, upper: bool = False,
                encoding: str = "utf-8", name: str | None = None) -> None:
    columns = columns_for(table, drop, extra)
    if reverse:
        columns = columns[::-1]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # SQL Server tools write CRLF
    writer.writerow([c.upper() for c in columns] if upper else columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    (folder / (name or f"{table.name}.csv")).write_bytes(buffer.getvalue().encode(encoding))


def write_state(folder: Path, tables: dict[str, list[dict]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    write_table(folder, m.PERSON, tables["person"], drop=("pers_legacy_id", "pers_expected_dob", "pers_death_date"),
                extra=("pers_restricted", "etl_loaded_at"), reverse=True)
    write_table(folder, m.ADDRESS, tables["address"], upper=True)
    write_table(folder, m.FAMILY, tables["family"])
    write_table(folder, m.MOTHER, tables["mother"], reverse=True)
    write_table(folder, m.PROFESSIONALS, tables["professionals"], drop=("prof_staff_id",), extra=("prof_full_time_equivalency",))
    write_table(folder, m.DEPARTMENT, tables["department"])
    write_table(folder, m.INVOLVEMENTS, tables["involvements"], drop=("invo_worker_change_reason",), reverse=True)
    write_table(folder, m.LINKED_IDENTIFIERS, tables["linked"])
    write_table(folder, m.LEGAL_STATUS, tables["legal"])
    write_table(folder, m.CIN_EPISODES, tables["cin_episodes"])
    write_table(folder, m.CP_PLANS, tables["cp_plans"])
    write_table(folder, m.CLA_EPISODES, tables["cla_episodes"])
    write_table(folder, m.CIN_VISITS, tables["cin_visits"], extra=("cinv_cin_visit_bedroom",))
    write_table(folder, m.CP_VISITS, tables["cp_visits"])
    write_table(folder, m.CLA_VISITS, tables["cla_visits"])
    write_table(folder, m.EXT_CASE_NOTES, tables["case_notes"], encoding="cp1252")
    write_table(folder, m.EXT_PERSON_RELATIONSHIP, tables["relationships"], drop=("related_email",),
                extra=("etl_source_system",), upper=True)
    (folder / "ssd_contacts.csv").write_text("cont_contact_id,cont_person_id\r\nC1,1001\r\n", encoding="utf-8")
    (folder / "lookup_codes.csv").write_text("code,label\r\nC2,Full care order\r\n", encoding="utf-8")


def full_state() -> dict[str, list[dict]]:
    return {
        "person": PERSONS + PERSON_DUPLICATES, "address": ADDRESSES, "family": FAMILY, "mother": MOTHERS,
        "professionals": PROFESSIONALS, "department": DEPARTMENTS, "involvements": INVOLVEMENTS,
        "linked": LINKED, "legal": LEGAL, "cin_episodes": CIN_EPISODES, "cp_plans": CP_PLANS,
        "cla_episodes": CLA_EPISODES, "cin_visits": CIN_VISITS, "cp_visits": CP_VISITS,
        "cla_visits": CLA_VISITS, "case_notes": CASE_NOTES, "relationships": RELATIONSHIPS,
    }


def changed_state() -> dict[str, list[dict]]:
    """A week later: Kayden moved, Tom's name corrected, I2 gone, Tyler (1003) gone, Leo (1004) added
    (with his father)."""
    state = copy.deepcopy(full_state())
    state["person"] = [p for p in state["person"] if p["pers_person_id"] != "1003" and p.get("pers_forename") != "Tayla"]
    state["person"].append({"pers_person_id": "1004", "pers_forename": "Leo", "pers_surname": "Marsh",
                            "pers_sex": "M", "pers_gender": "M", "pers_ethnicity": "WBRI",
                            "pers_dob": "2019-04-04" + DT, "pers_common_child_id": None,
                            "pers_upn_unknown": None, "pers_restricted": "N"})
    for a in state["address"]:
        if a["addr_table_id"] == "A1":
            a["addr_address_end_date"] = "2024-12-01" + DT
    state["address"].append({"addr_table_id": "A6", "addr_person_id": "1001", "addr_address_type": "Home",
                             "addr_address_json": '{"HOUSE": "22", "STREET": "Eastfield Court", "TOWN": "Scarborough"}',
                             "addr_address_start_date": "2024-12-01" + DT, "addr_address_end_date": OPEN,
                             "addr_address_postcode": "YO113LZ"})
    state["family"].append({"fami_table_id": "F5", "fami_family_id": "FAM10", "fami_person_id": "1004"})
    for p in state["professionals"]:
        if p["prof_professional_id"] == "PR2":
            p["prof_professional_name"] = "Tom Hardcastle"
    state["relationships"].append({"relationship_id": "PR-10", "person_id": "1004", "related_person_id": "9001",
                                   "relationship_type_code": "FTH", "relationship_type": "Father", **_DAD})
    state["involvements"] = [i for i in state["involvements"] if i["invo_involvements_id"] != "I2"]
    state["cin_episodes"] = [e for e in state["cin_episodes"] if e["cine_person_id"] != "1003"]
    state["cin_visits"] = [v for v in state["cin_visits"] if v["cinv_person_id"] != "1003"]
    state["cin_visits"].append({"cinv_cin_visit_id": "V3", "cinv_person_id": "1002",
                                "cinv_cin_visit_date": "2024-12-17" + DT, "cinv_cin_visit_seen": "Y",
                                "cinv_cin_visit_seen_alone": "Y"})
    return state


def check_spec(path: Path) -> int:
    """Every SSD column the converter reads exists in the specification's CSV (object_name, field_name)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        spec = {(r.get("object_name", "").strip(), r.get("field_name", "").strip()) for r in csv.DictReader(fh)}
    missing = [(t.name, c) for t in m.TABLES if t not in m.EXTENSION_TABLES for c in t.columns if (t.name, c) not in spec]
    for table, column in missing:
        print(f"not in the specification: {table}.{column}")
    print(f"checked {sum(len(t.columns) for t in m.TABLES if t not in m.EXTENSION_TABLES)} columns, {len(missing)} missing")
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check-spec", type=Path, help="data_objects_specification.csv of ssd-data-model")
    args = parser.parse_args()
    if args.check_spec:
        return check_spec(args.check_spec)
    write_state(args.out / "full", full_state())
    write_state(args.out / "changed", changed_state())
    print(f"wrote {args.out}/full and {args.out}/changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
