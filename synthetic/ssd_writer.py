"""Write the synthetic council as Standard Safeguarding Dataset (SSD) tables (`kinscope synth --format ssd`).

The same council as `generate_council` for the same seed and size (same families, people, ids,
allocations and note texts), written the way a council's SSD extract holds it, so a demo can
start where a council starts: `kinscope convert ssd` on this folder (docs/ssd.md).

* People are held once, as a case system holds them: the children are `ssd_person` rows; the
  adults around them appear only in Kinscope's relationship extension table
  (`ssd_ext_person_relationship`), with their own details, once per child they are recorded for.
* Siblings share an `ssd_family` id; a child who is a cohort child's mother is in `ssd_mother`.
* Allocations → `ssd_involvements` + `ssd_professionals` + `ssd_department`; statuses →
  CIN/CP/CLA episode tables and `ssd_legal_status`; home visits of CIN/CP/looked-after children
  → the visit tables; every note, with its text → `ssd_ext_case_notes`.
* Extract oddities, as in real dumps: SQL Server datetimes, `1900-01-01` open end dates, `-1` for
  missing ids, postcodes without spaces or in lower case, reordered, upper-case and extra
  columns, CRLF line ends, one person listed twice (a join fan-out), case notes in Windows-1252
  where their text allows.

Not written: documents (the SSD has no place for files) and truth/ (the contract-format council
of the same seed has it). Increments: SSD tables are rebuilt on every run, so there is none to
write; convert two SSD folders with `kinscope convert ssd --previous` instead.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from convert import ssd_mapping as m
from kinscope.errors import KinscopeError
from synthetic.allocations import allocate
from synthetic.council import BASE_EXPORTED_AT, register_globals
from synthetic.families import Child, Family, build_family
from synthetic.family_records import FamilyRecords, Settings, build_records
from synthetic.notes.styles import select as select_styles
from synthetic.people import Ids, Person
from synthetic.world import build_world

SQL_TIME = " 00:00:00.000"
OPEN_DATE = "1900-01-01" + SQL_TIME
NO_ID = "-1"
ETHNICITY = {"anglo": "WBRI", "irish": "WIRI", "pakistani": "APKN", "indian": "AIND", "bangladeshi": "ABAN",
             "nigerian": "BAFR", "ghanaian": "BAFR", "caribbean": "BCRB", "polish": "WOTH", "romanian": "WOTH",
             "lithuanian": "WOTH", "slovak": "WOTH", "chinese": "CHNE", "somali_arabic": "BAFR"}
"""Heritage → DfE ethnicity code (CIN census), as pers_ethnicity holds it."""
SEX = {"Female": "F", "Male": "M"}
VISITS = {"CIN": "cin", "CP": "cp", "LAC": "cla"}
_SHAPE = {  # how each table's file is laid out: (reversed column order, upper-case header, extra columns)
    m.PERSON.name: (True, False, ("pers_restricted", "etl_loaded_at")),
    m.ADDRESS.name: (False, True, ()),
    m.INVOLVEMENTS.name: (True, False, ()),
    m.PROFESSIONALS.name: (False, False, ("prof_full_time_equivalency",)),
    m.EXT_PERSON_RELATIONSHIP.name: (False, True, ()),
}


def sql_date(d: date | None) -> str:
    """A date as a SQL Server datetime dump writes it ('' when unknown)."""
    return f"{d.isoformat()}{SQL_TIME}" if d else ""


def sql_end(d: date | None) -> str:
    """An end date: SSD's `1900-01-01` when still open."""
    return sql_date(d) if d else OPEN_DATE


def sql_timestamp(iso: str | None) -> str:
    """`2024-05-03T14:07:09Z` → `2024-05-03 14:07:09.000` (SQL Server, UTC)."""
    return f"{iso[:10]} {iso[11:19]}.000" if iso else ""


def families(seed: int, children: int, st: Settings) -> Iterator[tuple[Family, FamilyRecords]]:
    """The council's families, one at a time, exactly as `generate_council` builds a full export."""
    ids = Ids()
    world = build_world(seed, children, ids)
    register_globals(world)
    remaining, index = children, 0
    while remaining > 0:
        rng = random.Random(f"{seed}:family:{index}")
        fam = build_family(rng, world, ids, index, remaining)
        allocate(rng, world, ids, fam)
        yield fam, build_records(rng, world, ids, fam, st, BASE_EXPORTED_AT)
        remaining -= len(fam.children)
        index += 1


class SsdTables:
    """The SSD rows of the council, table by table (one family added at a time)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}:ssd")
        self.rows: dict[str, list[dict]] = {t.name: [] for t in m.TABLES}
        self.professionals: dict[str, dict] = {}
        self.teams: dict[str, str] = {}  # team name -> dept_team_id
        self.cohort: dict[str, str] = {}  # person id -> pers_person_id of every child in the SSD

    def add_family(self, fam: Family, rec: FamilyRecords) -> None:
        self.cohort.update({c.person.pid: c.child_id for c in fam.children})
        for row in rec.children:
            self._person(row["_child"], row["restricted"])
        for row in rec.sa:
            self._relationship(row)
        for row in rec.allocs:
            self._involvement(row)
        for note in rec.notes:
            self._note(note)
        for c in fam.children:
            self.rows[m.FAMILY.name].append({"fami_table_id": f"FT-{c.child_id}", "fami_family_id": f"FAM-{fam.index + 1}",
                                             "fami_person_id": c.child_id})

    def _postcode(self, postcode: str) -> str:
        r = self.rng.random()
        return postcode.replace(" ", "") if r < 0.25 else postcode.lower() if r < 0.35 else postcode

    def _person(self, c: Child, restricted: bool) -> None:
        p = c.person
        row = {"pers_person_id": c.child_id, "pers_forename": p.given, "pers_surname": p.family,
               "pers_sex": SEX.get(p.gender, "U"), "pers_gender": c.gender_recorded,
               "pers_ethnicity": ETHNICITY.get(p.heritage, "NOBT"),
               "pers_dob": sql_date(p.dob) if p.dob else OPEN_DATE,
               "pers_common_child_id": None, "pers_upn_unknown": None, "pers_legacy_id": NO_ID,
               "pers_expected_dob": None, "pers_death_date": None,
               "pers_restricted": "Y" if restricted else "N", "etl_loaded_at": sql_timestamp("2024-06-01T02:00:00Z")}
        self.rows[m.PERSON.name].append(row)
        if len(self.rows[m.PERSON.name]) == 3:
            self.rows[m.PERSON.name].append(dict(row))  # a join fan-out: the same row twice
        self._address(c, p)
        self._episodes(c)

    def _address(self, c: Child, p: Person) -> None:
        rows = self.rows[m.ADDRESS.name]
        a = c.address
        if p.old_address is not None and p.old_address is not a:
            old = p.old_address
            rows.append({"addr_table_id": f"AD-{len(rows) + 1}", "addr_person_id": c.child_id, "addr_address_type": "Home",
                         "addr_address_json": _address_json(old), "addr_address_postcode": self._postcode(old.postcode),
                         "addr_address_start_date": sql_date(p.dob), "addr_address_end_date": sql_date(c.open_date)})
        rows.append({"addr_table_id": f"AD-{len(rows) + 1}", "addr_person_id": c.child_id,
                     "addr_address_type": "Placement" if c.legal_status == "LAC" else "Home",
                     "addr_address_json": _address_json(a), "addr_address_postcode": self._postcode(a.postcode),
                     "addr_address_start_date": sql_date(c.open_date), "addr_address_end_date": OPEN_DATE})

    def _episodes(self, c: Child) -> None:
        cid, start, end = c.child_id, c.open_date, c.close_date
        if c.legal_status in ("CIN", "CP"):
            self.rows[m.CIN_EPISODES.name].append({"cine_referral_id": f"REF-{cid}", "cine_person_id": cid,
                                                   "cine_referral_date": sql_date(start), "cine_close_date": sql_end(end)})
        if c.legal_status == "CP":
            self.rows[m.CP_PLANS.name].append({"cppl_cp_plan_id": f"CPP-{cid}", "cppl_person_id": cid,
                                               "cppl_cp_plan_start_date": sql_date(start),
                                               "cppl_cp_plan_end_date": sql_end(end) if end else None})
        if c.legal_status in ("LAC", "Care leaver"):
            ceased = end or (c.open_date if c.legal_status == "Care leaver" else None)
            self.rows[m.CLA_EPISODES.name].append({"clae_cla_episode_id": f"CLA-{cid}", "clae_person_id": cid,
                                                   "clae_cla_episode_start_date": sql_date(start),
                                                   "clae_cla_episode_ceased_date": sql_end(ceased)})
            self.rows[m.LEGAL_STATUS.name].append({"lega_legal_status_id": f"LS-{cid}", "lega_person_id": cid,
                                                   "lega_legal_status": "C2", "lega_legal_status_start_date": sql_date(start),
                                                   "lega_legal_status_end_date": sql_end(ceased)})

    def _relationship(self, row: dict) -> None:
        p, r, c = row["_person"], row["_rel"], row["_child"]
        code = m.RELATED_ROLE_CODES.get(r.role)
        text = row["relationship"] if (code is None or self.rng.random() < 0.9) else None  # some: code only
        out = {"relationship_id": row["relationship_id"], "person_id": c.child_id, "related_person_id": p.pid,
               "relationship_type_code": code, "relationship_type": text,
               "start_date": sql_date(r.start), "end_date": sql_end(r.end),
               "parental_responsibility": {True: "Y", False: "N"}.get(r.pr, "")}
        home = p.address
        out.update({"related_forename": p.given, "related_surname": p.family, "related_dob": sql_date(p.dob),
                    "related_gender": SEX.get(p.gender, "U"), "related_phone": p.phone, "related_email": p.email,
                    "related_address": _address_json(home) if home else None,
                    "related_postcode": self._postcode(home.postcode) if home else None})
        self.rows[m.EXT_PERSON_RELATIONSHIP.name].append(out)

    def _involvement(self, row: dict) -> None:
        team = row["team"]
        team_id = self.teams.setdefault(team, f"T-{len(self.teams) + 1}")
        wid = row["worker_id"]
        if wid not in self.professionals:
            social_worker = "social worker" in row["role"].lower()
            self.professionals[wid] = {
                "prof_professional_id": wid, "prof_staff_id": f"STAFF-{len(self.professionals) + 1}",
                "prof_professional_name": row["worker_name"], "prof_professional_job_title": row["role"],
                "prof_social_worker_registration_no": f"SW{100000 + len(self.professionals)}" if social_worker else None,
                "prof_professional_department": team, "prof_full_time_equivalency": "1.0"}
        self.rows[m.INVOLVEMENTS.name].append({
            "invo_involvements_id": row["allocation_id"], "invo_person_id": row["child_id"],
            "invo_professional_id": wid, "invo_professional_role_id": row["role"], "invo_professional_team": team_id,
            "invo_involvement_start_date": sql_date(date.fromisoformat(row["start_date"])),
            "invo_involvement_end_date": sql_end(date.fromisoformat(row["end_date"]) if row["end_date"] else None),
            "invo_worker_change_reason": None, "invo_referral_id": NO_ID})

    def _note(self, note: dict) -> None:
        c = note["_child"]
        when = sql_date(note["_date"])
        self.rows[m.EXT_CASE_NOTES.name].append({
            "casenote_id": note["note_id"], "person_id": c.child_id, "casenote_date": when,
            "casenote_type": note["note_type"], "casenote_subject": note["subject"], "casenote_text": note["body"],
            "professional_id": note["author_worker_id"] or NO_ID, "recorded_at": sql_timestamp(note["recorded_at"]),
            "restricted": "Y" if note["restricted"] else "N"})
        kind = VISITS.get(c.legal_status)
        if kind and note["note_type"] == "Home visit":
            table = {"cin": m.CIN_VISITS, "cp": m.CP_VISITS, "cla": m.CLA_VISITS}[kind]
            prefix = {"cin": "cinv_cin", "cp": "cppv_cp", "cla": "clav_cla"}[kind]
            person = {"cin": "cinv", "cp": "cppv", "cla": "clav"}[kind]
            self.rows[table.name].append({
                f"{prefix}_visit_id": f"V-{note['note_id']}", f"{person}_person_id": c.child_id,
                f"{prefix}_visit_date": when, f"{prefix}_visit_seen": "Y",
                f"{prefix}_visit_seen_alone": self.rng.choice(("Y", "N"))})

    def finish(self) -> None:
        self.rows[m.PROFESSIONALS.name] = list(self.professionals.values())
        self.rows[m.DEPARTMENT.name] = [{"dept_team_id": tid, "dept_team_name": name, "dept_team_parent_id": NO_ID,
                                         "dept_team_parent_name": None} for name, tid in self.teams.items()]
        mothers, relationships = set(), []
        for r in self.rows[m.EXT_PERSON_RELATIONSHIP.name]:
            if r["related_person_id"] in self.cohort:  # a cohort child: the details are in ssd_person
                r["related_person_id"] = self.cohort[r["related_person_id"]]
                for column in [c for c in r if c.startswith("related_") and c != "related_person_id"]:
                    r[column] = None
                if r["relationship_type_code"] == "MTH":  # a young mother: SSD's own table
                    mothers.add((r["person_id"], r["related_person_id"]))
                    continue
            relationships.append(r)
        self.rows[m.EXT_PERSON_RELATIONSHIP.name] = relationships
        self.rows[m.MOTHER.name] = [{"moth_table_id": f"MO-{i + 1}", "moth_person_id": mother,
                                     "moth_childs_person_id": child, "moth_childs_dob": None}
                                    for i, (child, mother) in enumerate(sorted(mothers))]


def _address_json(a) -> str:
    return json.dumps({"HOUSE": a.number, "STREET": a.street, "TOWN": a.town, "POSTCODE": a.postcode})


def write_table(folder: Path, table: m.SsdTable, rows: list[dict]) -> int:
    """One table as a SQL Server dump writes it: header row, CRLF, its layout oddities."""
    reverse, upper, extra = _SHAPE.get(table.name, (False, False, ()))
    columns = list(table.columns) + list(extra)
    if reverse:
        columns.reverse()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.upper() for c in columns] if upper else columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    text = buffer.getvalue()
    if table is m.EXT_CASE_NOTES:  # what SSMS writes: Windows-1252 when the text fits, else UTF-8 with a BOM
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            data = text.encode("utf-8-sig")
    else:
        data = text.encode("utf-8")
    (folder / f"{table.name}.csv").write_bytes(data)
    return len(rows)


def write_ssd_council(out: Path, *, children: int, seed: int, styles: list[str] | None = None,
                      notes_per_child: tuple[int, int] = (5, 25), docs_per_child: tuple[int, int] = (1, 3)) -> dict:
    """Write the council's SSD tables into `out` (a folder of `ssd_*.csv`); return a summary."""
    started = time.perf_counter()
    out = Path(out)
    if children < 1:
        raise KinscopeError("--children must be at least 1")
    try:
        st = Settings(select_styles(styles), tuple(notes_per_child), tuple(docs_per_child))
    except ValueError as exc:
        raise KinscopeError(str(exc)) from exc
    if out.exists() and any(out.iterdir()):
        if not (out / f"{m.PERSON.name}.csv").is_file():
            raise KinscopeError(f"{out} exists and is not an SSD folder; refusing to overwrite it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = SsdTables(seed)
    n_families = 0
    for fam, rec in families(seed, children, st):
        tables.add_family(fam, rec)
        n_families += 1
    tables.finish()
    counts = {f"{t.name}.csv": write_table(out, t, tables.rows[t.name]) for t in m.TABLES}
    return {"out": str(out), "format": "ssd", "seed": seed, "children": len(tables.cohort), "families": n_families,
            "files": counts, "elapsed_seconds": round(time.perf_counter() - started, 2)}
