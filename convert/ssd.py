"""Convert Standard Safeguarding Dataset (SSD) tables into a source export (docs/ssd.md).

`convert_ssd(source, out)` reads a folder of SSD CSV files (one per table, `ssd_person.csv`,
...), maps them to the contract's files (children, significant adults, worker allocations, case
notes), checks every written row with the contract's own validation
(`graph_model.contract.validate_row`) and writes the export, its manifest, and a conversion
report with a quarantine (`convert.report`).

SSD tables are rebuilt on every run and carry no `updated_at`, so each converted row gets a
content hash, kept in `conversion/state.json`. Given the previous conversion (`previous=`), the
converter writes an increment: new and changed rows (stamped with this run's `exported_at`),
unchanged rows left out (keeping the time they last changed), and `deletions.csv` for rows gone.

Safety rules: a fatal problem (no usable ssd_person, a table read last time now missing) writes
the report only, never an export that would delete records; a rejected row whose record existed
before is carried forward, not deleted.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from convert import ssd_mapping as m
from convert.read import SsdRow, TableFile, UnreadableTable, normalise_postcode, read_table
from convert.report import REPORT_DIR, ConversionReport
from graph_model.contract import (
    CASE_NOTES,
    CHILDREN,
    DELETIONS,
    DOCUMENTS,
    SIGNIFICANT_ADULTS,
    WORKER_ALLOCATIONS,
    Rejection,
    TableSpec,
    parse_restricted,
    validate_row,
)
from kinscope.errors import KinscopeError

SOURCE_SYSTEM = "SSD (Standard Safeguarding Dataset)"
STATE_FILE = "state.json"
OUTPUT_SPECS: tuple[TableSpec, ...] = (CHILDREN, SIGNIFICANT_ADULTS, WORKER_ALLOCATIONS, CASE_NOTES, DOCUMENTS)
_ADDRESS_PARTS = ("flat", "room", "floor", "building", "house", "street", "locality", "town", "county")


class ConversionError(KinscopeError):
    """The conversion cannot start (no source folder, unusable previous conversion, occupied output)."""


@dataclass(frozen=True)
class ConvertOptions:
    """Settings of one conversion, passed in (the library reads no environment)."""

    exported_at: datetime | None = None  # default: now (UTC)
    today: date | None = None  # for "current" address / open episodes; default: exported_at's date
    source_system: str = SOURCE_SYSTEM
    restricted_teams_from_allocations: bool = False
    """A restricted child is visible to the teams of its open allocations (default: to nobody,
    as the contract reads a restriction without teams)."""


@dataclass
class OutputRow:
    spec: TableSpec
    source_table: str
    line: int | None
    values: dict[str, Any]

    @property
    def record_id(self) -> str:
        return str(self.values[self.spec.id_column])


@dataclass
class Person:
    row: SsdRow
    restricted: str  # "true" / "false" / "" (no restriction column: unknown)
    address_line: str | None = None
    postcode: str | None = None


@dataclass
class _Conversion:
    source: Path
    options: ConvertOptions
    report: ConversionReport
    files: dict[str, TableFile] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    outputs: list[OutputRow] = field(default_factory=list)
    held: set[tuple[str, str]] = field(default_factory=set)  # (contract table, id) rejected this run


# ----------------------------------------------------------------------------- helpers


def row_hash(values: dict[str, Any]) -> str:
    """Stable hash of what a converted row says (not when it was converted)."""
    stable = {k: v for k, v in values.items() if k != "updated_at"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:32]


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def address_line_from(value: str | None) -> tuple[str | None, str | None]:
    """(address line, postcode) from `addr_address_json`: a JSON object (or a list holding one)
    with keys such as FLAT, BUILDING, HOUSE, STREET, TOWN, POSTCODE; plain text is kept as given."""
    if value is None:
        return None, None
    try:
        data = json.loads(value)
    except (json.JSONDecodeError, ValueError):
        return " ".join(value.split()), None
    if isinstance(data, list) and data and isinstance(data[0], dict):
        data = data[0]
    if not isinstance(data, dict):
        return " ".join(value.split()), None
    parts = {str(k).lower(): str(v).strip() for k, v in data.items() if v is not None and str(v).strip()}
    words: list[str] = []
    for key in _ADDRESS_PARTS:
        if key in parts:
            if key == "street" and words and words[-1] == parts.get("house"):
                words[-1] = f"{parts['house']} {parts['street']}"
            else:
                words.append(parts[key])
    return (", ".join(words) or None), parts.get("postcode")


def read_flag(report: ConversionReport, table: str, row: SsdRow, columns: list[str]) -> str:
    """The restriction of one row from its restriction-like columns, failing closed:
    "true" when any says restricted or cannot be read, "false" when one says not restricted
    and none says otherwise, "" when there is no such column or all are blank."""
    if not columns:
        return ""
    verdicts: list[bool] = []
    for column in columns:
        value = row.get(column)
        if value is None:
            continue
        try:
            verdicts.append(parse_restricted(value))
        except ValueError:
            report.warn(table, "restricted_unreadable", line=row.line, column=column, value=value,
                        detail="kept as restricted")
            verdicts.append(True)
    if not verdicts:
        return ""
    return "true" if any(verdicts) else "false"


def _either_restricted(*flags: str) -> str:
    if "true" in flags:
        return "true"
    return "false" if "false" in flags else ""


# ----------------------------------------------------------------------------- reading


def _discover(conv: _Conversion) -> None:
    report = conv.report
    for path in sorted(conv.source.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = path.stem.strip().lower()
        if path.suffix.lower() != ".csv":
            report.warn("(source folder)", "unknown_file", value=path.name, detail="not a .csv file: not read")
            continue
        table = m.TABLES_BY_NAME.get(name)
        if table is None:
            reason = "table_not_read" if name in m.SSD_TABLES_NOT_READ else "unknown_table"
            detail = ("an SSD table the contract has no place for" if reason == "table_not_read"
                      else "not an SSD table this converter knows: not read")
            report.warn(name, reason, value=path.name, detail=detail)
            report.stats(name).file = path.name
            continue
        if name in conv.files:
            report.warn(name, "duplicate_table", value=path.name,
                        detail=f"already read from {conv.files[name].path.name}: not read")
            continue
        try:
            tf = read_table(table, path)
        except UnreadableTable as exc:
            report.stats(name).file = path.name
            report.reject(name, "unreadable_file", None, value=path.name, detail=str(exc))
            if name == m.PERSON.name:
                report.fatal.append(f"{path.name} cannot be read: {exc}")
            continue
        stats = report.stats(name)
        stats.file, stats.encoding = path.name, tf.encoding
        stats.rows_read = len(tf.rows)
        stats.ignored_columns = tf.ignored_columns
        stats.missing_optional_columns = tf.missing_optional
        if tf.encoding != "utf-8":
            report.warn(name, "not_utf8", value=path.name, detail=f"invalid UTF-8: read as {tf.encoding}")
        for column in tf.duplicate_columns:
            report.warn(name, "duplicate_column", column=column, detail="first column of that name read")
        if tf.missing_required:
            for row in tf.rows:
                report.reject(name, "missing_required_column", row.raw, line=row.line,
                              column=",".join(tf.missing_required), detail="the file lacks required columns")
            if name == m.PERSON.name:
                report.fatal.append(f"{path.name} lacks required columns {tf.missing_required}")
            continue
        for row in tf.rows:
            for issue in row.issues:
                report.warn(name, issue.reason, line=row.line, column=issue.column, value=issue.value,
                            detail="read as unknown")
            if "_extra_cells" in row.raw:
                report.warn(name, "extra_cells", line=row.line, value=row.raw["_extra_cells"][:200],
                            detail="more cells than header columns: ignored")
        conv.files[name] = tf


def _rows(conv: _Conversion, table: m.SsdTable) -> list[SsdRow]:
    tf = conv.files.get(table.name)
    return tf.rows if tf else []


def _required_ok(conv: _Conversion, table: m.SsdTable, row: SsdRow, columns: tuple[str, ...] | None = None) -> bool:
    for column in columns or table.required:
        if row.get(column) is None:
            conv.report.reject(table.name, "missing_required", row.raw, line=row.line, column=column,
                               value=row.raw.get(column), detail="required value blank or -1")
            return False
    return True


def _person_known(conv: _Conversion, table: m.SsdTable, row: SsdRow, column: str) -> bool:
    if row.get(column) in conv.persons:
        return True
    conv.report.reject(table.name, "person_absent", row.raw, line=row.line, column=column,
                       value=row.get(column), detail="no ssd_person row with this id")
    return False


def _index(conv: _Conversion, table: m.SsdTable, key: str) -> dict[str, SsdRow]:
    """Rows by key; a repeated key keeps the first row and rejects the others (named)."""
    out: dict[str, SsdRow] = {}
    for row in _rows(conv, table):
        if not _required_ok(conv, table, row, (key,)):
            continue
        k = row.get(key)
        assert k is not None
        if k in out:
            same = {c: row.get(c) for c in table.columns} == {c: out[k].get(c) for c in table.columns}
            conv.report.reject(table.name, "duplicate_identical" if same else "duplicate_id", row.raw,
                               line=row.line, column=key, value=k,
                               detail=f"same id as line {out[k].line}" + ("" if same else ", different values: first kept"))
            continue
        out[k] = row
        conv.report.stats(table.name).rows_converted += 1
    return out


# ----------------------------------------------------------------------------- mapping


def _map_persons(conv: _Conversion) -> None:
    tf = conv.files.get(m.PERSON.name)
    flag_columns = [c for c in (tf.header if tf else []) if any(w in c for w in m.RESTRICTION_WORDS)]
    if flag_columns:
        stats = conv.report.stats(m.PERSON.name)
        stats.ignored_columns = [c for c in stats.ignored_columns if c not in flag_columns]
        conv.report.warn(m.PERSON.name, "restriction_columns", column=",".join(flag_columns),
                         detail="read as restriction flags, failing closed")
    for pid, row in _index(conv, m.PERSON, "pers_person_id").items():
        conv.persons[pid] = Person(row, read_flag(conv.report, m.PERSON.name, row, flag_columns))


def _map_addresses(conv: _Conversion, today: date) -> None:
    current: dict[str, tuple[str, str, SsdRow]] = {}
    for row in _rows(conv, m.ADDRESS):
        if not _required_ok(conv, m.ADDRESS, row) or not _person_known(conv, m.ADDRESS, row, "addr_person_id"):
            continue
        conv.report.stats(m.ADDRESS.name).rows_converted += 1
        start, end = row.get("addr_address_start_date"), row.get("addr_address_end_date")
        if (end is not None and end <= today.isoformat()) or (start is not None and start > today.isoformat()):
            continue  # history or future: not the current address
        pid = row.get("addr_person_id") or ""
        key = (start or "", row.get("addr_table_id") or f"{row.line:09d}")
        if pid not in current or key > current[pid][:2]:
            current[pid] = (*key, row)
    for pid, (_, _, row) in current.items():
        line, postcode = address_line_from(row.get("addr_address_json"))
        person = conv.persons[pid]
        person.address_line = line
        person.postcode = normalise_postcode(row.get("addr_address_postcode") or postcode)


@dataclass
class _Status:
    open: set[str] = field(default_factory=set)
    starts: list[str] = field(default_factory=list)
    ends: list[tuple[str, str]] = field(default_factory=list)  # (end date, status)


_EPISODES = (  # table, person column, start column, end column, legal status written
    (m.CLA_EPISODES, "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date", "LAC"),
    (m.LEGAL_STATUS, "lega_person_id", "lega_legal_status_start_date", "lega_legal_status_end_date", "LAC"),
    (m.CP_PLANS, "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "CP"),
    (m.CIN_EPISODES, "cine_person_id", "cine_referral_date", "cine_close_date", "CIN"),
)
_PRECEDENCE = ("LAC", "CP", "CIN")


def _legal_status(conv: _Conversion, today: date) -> dict[str, _Status]:
    status: dict[str, _Status] = defaultdict(_Status)
    for table, person_col, start_col, end_col, label in _EPISODES:
        for row in _rows(conv, table):
            if not _required_ok(conv, table, row) or not _person_known(conv, table, row, person_col):
                continue
            conv.report.stats(table.name).rows_converted += 1
            s = status[row.get(person_col) or ""]
            start, end = row.get(start_col), row.get(end_col)
            if start:
                s.starts.append(start)
            if end is None or end > today.isoformat():
                s.open.add(label)
            else:
                s.ends.append((end, label))
    return status


def _children(conv: _Conversion, status: dict[str, _Status], updated_at: str) -> None:
    for pid, person in conv.persons.items():
        row = person.row
        s = status.get(pid, _Status())
        legal = next((label for label in _PRECEDENCE if label in s.open), None)
        if legal is None and s.ends:
            legal = max(s.ends)[1]
        conv.outputs.append(OutputRow(CHILDREN, m.PERSON.name, row.line, {
            "child_id": pid,
            "given_name": row.get("pers_forename"),
            "family_name": row.get("pers_surname"),
            "preferred_name": None,
            "date_of_birth": row.get("pers_dob"),
            "gender": row.get("pers_gender") or row.get("pers_sex"),
            "postcode": person.postcode,
            "address_line": person.address_line,
            "legal_status": legal,
            "open_date": min(s.starts) if s.starts else None,
            "close_date": None if s.open or not s.ends else max(s.ends)[0],
            "restricted": person.restricted or None,
            "restricted_to_teams": None,
            "updated_at": updated_at,
        }))


def _adult(relationship_id: str, child_id: str, other: Person, rel: m.Relationship, updated_at: str,
           dob: str | None = None) -> dict[str, Any]:
    row = other.row
    return {
        "relationship_id": relationship_id,
        "child_id": child_id,
        "person_ref": row.get("pers_person_id"),
        "given_name": row.get("pers_forename"),
        "family_name": row.get("pers_surname"),
        "date_of_birth": row.get("pers_dob") or dob,
        "gender": row.get("pers_gender") or row.get("pers_sex"),
        "relationship": rel.relationship,
        "address_line": other.address_line,
        "postcode": other.postcode,
        "phone": None,
        "email": None,
        "parental_responsibility": None,
        "start_date": None,
        "end_date": None,
        "updated_at": updated_at,
        m.RELATIONSHIP_CODE_COLUMN: rel.person_standard_code,
    }


def _significant_adults(conv: _Conversion, updated_at: str) -> None:
    pairs: set[tuple[str, str]] = set()
    for row in _rows(conv, m.MOTHER):
        if not _required_ok(conv, m.MOTHER, row):
            continue
        if not _person_known(conv, m.MOTHER, row, "moth_person_id") or \
                not _person_known(conv, m.MOTHER, row, "moth_childs_person_id"):
            continue
        mother, child = row.get("moth_person_id") or "", row.get("moth_childs_person_id") or ""
        if mother == child:
            conv.report.reject(m.MOTHER.name, "self_relationship", row.raw, line=row.line,
                               column="moth_person_id", value=mother, detail="a person recorded as her own mother")
            continue
        if (child, mother) in pairs:
            conv.report.reject(m.MOTHER.name, "duplicate_id", row.raw, line=row.line, column="moth_person_id",
                               value=mother, detail=f"mother {mother} of {child} listed before")
            continue
        pairs.update({(child, mother), (mother, child)})
        conv.report.stats(m.MOTHER.name).rows_converted += 1
        conv.outputs.append(OutputRow(SIGNIFICANT_ADULTS, m.MOTHER.name, row.line, _adult(
            f"SSD-MOTHER:{child}:{mother}", child, conv.persons[mother], m.MOTHER_OF_CHILD, updated_at)))
        conv.outputs.append(OutputRow(SIGNIFICANT_ADULTS, m.MOTHER.name, row.line, _adult(
            f"SSD-CHILD:{mother}:{child}", mother, conv.persons[child], m.CHILD_OF_MOTHER, updated_at,
            dob=row.get("moth_childs_dob"))))
    _related_people(conv, updated_at, pairs)
    families: dict[str, list[tuple[str, SsdRow]]] = defaultdict(list)
    for row in _rows(conv, m.FAMILY):
        if not _required_ok(conv, m.FAMILY, row) or not _person_known(conv, m.FAMILY, row, "fami_person_id"):
            continue
        fid, pid = row.get("fami_family_id") or "", row.get("fami_person_id") or ""
        if any(p == pid for p, _ in families[fid]):
            conv.report.reject(m.FAMILY.name, "duplicate_id", row.raw, line=row.line, column="fami_person_id",
                               value=pid, detail=f"already a member of family {fid}")
            continue
        families[fid].append((pid, row))
        conv.report.stats(m.FAMILY.name).rows_converted += 1
    for fid, members in sorted(families.items()):
        for child, row in members:
            for other, _ in members:
                if other == child or (child, other) in pairs:
                    continue
                conv.outputs.append(OutputRow(SIGNIFICANT_ADULTS, m.FAMILY.name, row.line, _adult(
                    f"SSD-FAMILY:{fid}:{child}:{other}", child, conv.persons[other], m.FAMILY_MEMBER, updated_at)))


def relationship_of(code: str | None, text: str | None) -> tuple[str | None, str | None, str | None]:
    """(relationship written, Kinscope role, Person Standard code) of an extension-table row.

    The text is written as given (Kinscope reads the role from it); a row with only a code gets
    the words of that code. The code is a known Person Standard code as given, else the code of
    the role the text (or an unknown code, read as text) names; None when neither names one."""
    from ranking.roles import canonical_role

    known = code.strip().upper() if code and code.strip().upper() in m.ROLE_OF_CODE else None
    role = canonical_role(text) if text else None
    if role is None and known:
        role = m.ROLE_OF_CODE[known]
    if role is None and code and not known:
        role = canonical_role(code)
    written = text or (role.capitalize() if role else code)
    return written, role, known or m.RELATED_ROLE_CODES.get(role or "")


def _related_people(conv: _Conversion, updated_at: str, pairs: set[tuple[str, str]]) -> None:
    """ssd_ext_person_relationship: one significant-adult record per row, for `person_id`.

    The related person's details come from their ssd_person row when they have one (a sibling,
    a young mother), else from the row's own `related_*` columns (an adult outside the SSD)."""
    table = m.EXT_PERSON_RELATIONSHIP
    seen: dict[str, int] = {}
    for row in _rows(conv, table):
        if not _required_ok(conv, table, row) or not _person_known(conv, table, row, "person_id"):
            continue
        rid, child, other = (row.get(c) or "" for c in ("relationship_id", "person_id", "related_person_id"))
        if rid in seen:
            conv.report.reject(table.name, "duplicate_id", row.raw, line=row.line, column="relationship_id",
                               value=rid, detail=f"same id as line {seen[rid]}")
            continue
        seen[rid] = row.line
        if other == child:
            conv.report.reject(table.name, "self_relationship", row.raw, line=row.line,
                               column="related_person_id", value=other, detail="a person related to themselves")
            continue
        person = conv.persons.get(other)
        if person is None and not (row.get("related_forename") or row.get("related_surname")):
            conv.report.reject(table.name, "person_absent", row.raw, line=row.line, column="related_person_id",
                               value=other, detail="no ssd_person row with this id, and no related_forename/surname")
            continue
        if (child, other) in pairs:
            conv.report.reject(table.name, "duplicate_relationship", row.raw, line=row.line,
                               column="related_person_id", value=other,
                               detail=f"{other} is already recorded for {child} (ssd_mother)")
            continue
        text, role, code = relationship_of(row.get("relationship_type_code"), row.get("relationship_type"))
        if code is None:
            conv.report.warn(table.name, "relationship_not_coded", line=row.line, column="relationship_type",
                             value=row.get("relationship_type") or row.get("relationship_type_code"),
                             detail=f"Kinscope role {role!r}, no Person Standard code: code left blank")
        values = _adult(f"SSD-REL:{rid}", child, person, m.Relationship(text or "", role or "", code or ""),
                        updated_at) if person else _outside_adult(f"SSD-REL:{rid}", child, row, updated_at)
        if person:  # the SSD person's own details first; the row's fill the gaps
            for column, own in _RELATED_DETAILS.items():
                if values[column] is None and own:
                    values[column] = row.get(own)
        values.update({"relationship": text, m.RELATIONSHIP_CODE_COLUMN: code,
                       "parental_responsibility": row.get("parental_responsibility"),
                       "start_date": row.get("start_date"), "end_date": row.get("end_date")})
        pairs.add((child, other))
        conv.report.stats(table.name).rows_converted += 1
        conv.outputs.append(OutputRow(SIGNIFICANT_ADULTS, table.name, row.line, values))


_RELATED_DETAILS = {"given_name": "related_forename", "family_name": "related_surname",
                    "date_of_birth": "related_dob", "gender": "related_gender", "phone": "related_phone",
                    "email": "related_email", "address_line": None, "postcode": None}


def _outside_adult(relationship_id: str, child_id: str, row: SsdRow, updated_at: str) -> dict[str, Any]:
    """A related person with no ssd_person row: their details as the extension row gives them."""
    line, json_postcode = address_line_from(row.get("related_address"))
    values: dict[str, Any] = {column: row.get(own) for column, own in _RELATED_DETAILS.items() if own}
    values.update({"relationship_id": relationship_id, "child_id": child_id,
                   "person_ref": row.get("related_person_id"), "address_line": line,
                   "postcode": normalise_postcode(row.get("related_postcode") or json_postcode),
                   "updated_at": updated_at})
    return values


def _allocations(conv: _Conversion, updated_at: str) -> None:
    professionals = _index(conv, m.PROFESSIONALS, "prof_professional_id")
    departments = _index(conv, m.DEPARTMENT, "dept_team_id")
    have_departments = m.DEPARTMENT.name in conv.files
    seen: dict[str, int] = {}
    for row in _rows(conv, m.INVOLVEMENTS):
        if not _required_ok(conv, m.INVOLVEMENTS, row) or \
                not _person_known(conv, m.INVOLVEMENTS, row, "invo_person_id"):
            continue
        iid = row.get("invo_involvements_id") or ""
        if iid in seen:
            conv.report.reject(m.INVOLVEMENTS.name, "duplicate_id", row.raw, line=row.line,
                               column="invo_involvements_id", value=iid, detail=f"same id as line {seen[iid]}")
            continue
        seen[iid] = row.line
        worker_id = row.get("invo_professional_id") or ""
        prof = professionals.get(worker_id)
        if prof is None:
            conv.report.warn(m.INVOLVEMENTS.name, "professional_absent", line=row.line,
                             column="invo_professional_id", value=worker_id,
                             detail="no ssd_professionals row: worker name and job title unknown")
        team_id = row.get("invo_professional_team")
        dept = departments.get(team_id) if team_id else None
        team = dept.get("dept_team_name") if dept else None
        if team_id and dept is None and have_departments:
            conv.report.warn(m.INVOLVEMENTS.name, "team_absent", line=row.line, column="invo_professional_team",
                             value=team_id, detail="no ssd_department row: the worker's department is used")
        if team is None:
            team = (prof.get("prof_professional_department") if prof else None) or (None if have_departments else team_id)
        conv.report.stats(m.INVOLVEMENTS.name).rows_converted += 1
        conv.outputs.append(OutputRow(WORKER_ALLOCATIONS, m.INVOLVEMENTS.name, row.line, {
            "allocation_id": iid,
            "child_id": row.get("invo_person_id"),
            "worker_id": worker_id,
            "worker_name": prof.get("prof_professional_name") if prof else None,
            "role": row.get("invo_professional_role_id") or (prof.get("prof_professional_job_title") if prof else None),
            "team": team,
            "start_date": row.get("invo_involvement_start_date"),
            "end_date": row.get("invo_involvement_end_date"),
            "updated_at": updated_at,
        }))


_VISITS = (  # table, id column, person column, date column, note id prefix
    (m.CIN_VISITS, "cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date", "CINV"),
    (m.CP_VISITS, "cppv_cp_visit_id", "cppv_person_id", "cppv_cp_visit_date", "CPV"),
    (m.CLA_VISITS, "clav_cla_visit_id", "clav_person_id", "clav_cla_visit_date", "CLAV"),
)


def parse_ssd_timestamp(value: str | None) -> str | None:
    """`2024-12-10 09:30:00.000` (SQL Server, taken as UTC) or ISO 8601 → `2024-12-10T09:30:00Z`."""
    if value is None:
        return None
    text = value.strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    ts = datetime.fromisoformat(text)
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return _iso(ts)


def _case_notes(conv: _Conversion, updated_at: str) -> None:
    for table, id_col, person_col, date_col, prefix in _VISITS:
        seen: set[str] = set()
        for row in _rows(conv, table):
            if not _required_ok(conv, table, row) or not _person_known(conv, table, row, person_col):
                continue
            vid = row.get(id_col) or ""
            if vid in seen:
                conv.report.reject(table.name, "duplicate_id", row.raw, line=row.line, column=id_col, value=vid,
                                   detail="visit id listed before")
                continue
            seen.add(vid)
            child = row.get(person_col) or ""
            conv.report.stats(table.name).rows_converted += 1
            conv.outputs.append(OutputRow(CASE_NOTES, table.name, row.line, {
                "note_id": f"{prefix}-{vid}", "child_id": child, "event_date": row.get(date_col),
                "recorded_at": None, "author_worker_id": None, "note_type": m.VISIT_TYPES[table.name],
                "subject": m.VISIT_TYPES[table.name], "body": None,
                "restricted": conv.persons[child].restricted or None, "updated_at": updated_at,
            }))
    tf = conv.files.get(m.EXT_CASE_NOTES.name)
    flag_columns = [c for c in (tf.header if tf else []) if any(w in c for w in m.RESTRICTION_WORDS)]
    seen_notes: set[str] = set()
    for row in _rows(conv, m.EXT_CASE_NOTES):
        table = m.EXT_CASE_NOTES.name
        if not _required_ok(conv, m.EXT_CASE_NOTES, row) or not _person_known(conv, m.EXT_CASE_NOTES, row, "person_id"):
            continue
        nid = row.get("casenote_id") or ""
        if nid in seen_notes:
            conv.report.reject(table, "duplicate_id", row.raw, line=row.line, column="casenote_id", value=nid,
                               detail="note id listed before")
            continue
        seen_notes.add(nid)
        try:
            recorded_at = parse_ssd_timestamp(row.get("recorded_at"))
        except ValueError:
            conv.report.warn(table, "invalid_timestamp", line=row.line, column="recorded_at",
                             value=row.get("recorded_at"), detail="read as unknown")
            recorded_at = None
        child = row.get("person_id") or ""
        restricted = _either_restricted(read_flag(conv.report, table, row, flag_columns),
                                        conv.persons[child].restricted)
        conv.report.stats(table).rows_converted += 1
        conv.outputs.append(OutputRow(CASE_NOTES, table, row.line, {
            "note_id": nid, "child_id": child, "event_date": row.get("casenote_date"),
            "recorded_at": recorded_at, "author_worker_id": row.get("professional_id"),
            "note_type": row.get("casenote_type"), "subject": row.get("casenote_subject"),
            "body": row.get("casenote_text"), "restricted": restricted or None, "updated_at": updated_at,
        }))


def _teams_for_restricted(conv: _Conversion, today: date) -> None:
    teams: dict[str, set[str]] = defaultdict(set)
    for out in conv.outputs:
        v = out.values
        if out.spec is WORKER_ALLOCATIONS and v["team"] and (v["end_date"] is None or v["end_date"] > today.isoformat()):
            teams[v["child_id"]].add(v["team"])
    for out in conv.outputs:
        if out.spec is CHILDREN and out.values["restricted"] == "true" and teams.get(out.values["child_id"]):
            out.values["restricted_to_teams"] = ";".join(sorted(teams[out.values["child_id"]]))


def _identifiers(conv: _Conversion) -> None:
    """ssd_linked_identifiers: read and checked, not written (the contract has no place; docs/ssd.md)."""
    for row in _rows(conv, m.LINKED_IDENTIFIERS):
        if _required_ok(conv, m.LINKED_IDENTIFIERS, row) and \
                _person_known(conv, m.LINKED_IDENTIFIERS, row, "link_person_id"):
            conv.report.stats(m.LINKED_IDENTIFIERS.name).rows_converted += 1
            conv.report.stats(m.LINKED_IDENTIFIERS.name).warnings["not_carried"] += 1


def _validate(conv: _Conversion) -> list[OutputRow]:
    """Every written row passes the contract's validation, or is quarantined with its reason.

    Children come first: the records of a child that could not be written are quarantined too
    (`child_not_converted`), rather than left for the loader to refuse."""
    kept: list[OutputRow] = []
    ids: set[tuple[str, str]] = set()
    rejected_children: set[str] = set()
    for out in conv.outputs:
        stats = conv.report.stats(out.source_table)
        one_to_one = out.spec is not SIGNIFICANT_ADULTS
        child = out.values.get("child_id")
        if out.spec is not CHILDREN and child in rejected_children:
            conv.held.add((out.spec.table, out.record_id))
            conv.report.reject(out.source_table, "child_not_converted", out.values, line=out.line,
                               column="child_id", value=child, detail="the child's ssd_person row was rejected")
            stats.rows_converted -= one_to_one
            continue
        result = validate_row(out.spec, out.values)
        if isinstance(result, Rejection):
            if out.values.get(out.spec.id_column):
                conv.held.add((out.spec.table, str(out.values[out.spec.id_column])))
            if out.spec is CHILDREN and child:
                rejected_children.add(child)
            conv.report.reject(out.source_table, f"contract_{result.reason}", out.values, line=out.line,
                               detail=f"{out.spec.file_name}: {result.detail}")
            stats.rows_converted -= one_to_one
            continue
        for warning in result.warnings:
            conv.report.warn(out.source_table, f"contract_{warning.reason}", line=out.line,
                             detail=f"{out.spec.file_name} {out.record_id}: {warning.detail}")
        key = (out.spec.table, out.record_id)
        if key in ids:
            conv.report.reject(out.source_table, "duplicate_output_id", out.values, line=out.line,
                               detail=f"{out.spec.file_name} id {out.record_id} written before")
            stats.rows_converted -= one_to_one
            continue
        ids.add(key)
        kept.append(out)
    return kept


# ----------------------------------------------------------------------------- writing


def _load_previous(previous: Path) -> dict[str, Any]:
    path = previous / REPORT_DIR / STATE_FILE
    if not path.is_file():
        raise ConversionError(f"{previous} is not an SSD conversion: {REPORT_DIR}/{STATE_FILE} is missing")
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConversionError(f"cannot read {path}: {exc}") from exc
    if not isinstance(state, dict) or "rows" not in state or "exported_at" not in state:
        raise ConversionError(f"{path} is not a conversion state")
    return state


def _write_csv(path: Path, spec: TableSpec, rows: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> None:
    columns = [*spec.column_names, *extra]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            record = dict(row)
            if record.get("restricted") in ("true", "false"):
                record["restricted"] = record["restricted"] == "true"
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConversionError(f"{out} exists and is not an empty folder: choose a new export folder")


def convert_ssd(source: Path, out: Path, *, previous: Path | None = None,
                options: ConvertOptions | None = None) -> ConversionReport:
    """Convert a folder of SSD CSV tables into a source export at `out` (see the module docstring)."""
    options = options or ConvertOptions()
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise ConversionError(f"{source} is not a folder of SSD CSV files")
    _check_out(out)
    state = _load_previous(Path(previous)) if previous else None
    exported = options.exported_at or datetime.now(UTC)
    if exported.tzinfo is None:  # a timestamp without an offset is UTC, as in the contract
        exported = exported.replace(tzinfo=UTC)
    exported = exported.astimezone(UTC).replace(microsecond=0)
    report = ConversionReport(str(source), str(out), kind="increment" if state else "full")
    if state:
        since = datetime.fromisoformat(state["exported_at"].replace("Z", "+00:00"))
        if exported <= since:
            report.warn("(conversion)", "clock_behind", value=_iso(exported),
                        detail=f"not after the previous conversion ({state['exported_at']}): one second after it used")
            exported = since + timedelta(seconds=1)
        report.since = state["exported_at"]
    updated_at = _iso(exported)
    report.exported_at = updated_at
    today = options.today or exported.date()
    conv = _Conversion(source, options, report)

    _discover(conv)
    if m.PERSON.name not in conv.files and not report.fatal:
        report.fatal.append("no readable ssd_person.csv: there are no children to convert")
    if state:
        gone = sorted(set(state.get("tables_read", [])) - set(conv.files))
        if gone:
            report.fatal.append(f"tables read by the previous conversion are missing now: {', '.join(gone)} "
                                "(their records would all be deleted); convert with every table, or run a full conversion")
    if report.fatal:
        report.write(out)
        return report

    _map_persons(conv)
    _map_addresses(conv, today)
    status = _legal_status(conv, today)
    _children(conv, status, updated_at)
    _significant_adults(conv, updated_at)
    _allocations(conv, updated_at)
    _case_notes(conv, updated_at)
    if options.restricted_teams_from_allocations:
        _teams_for_restricted(conv, today)
    _identifiers(conv)
    kept = _validate(conv)

    prev_rows: dict[tuple[str, str], dict[str, str]] = {}
    if state:
        prev_rows = {(r["table"], r["id"]): r for r in state["rows"]}
    new_state: list[dict[str, str]] = []
    to_write: dict[str, list[dict[str, Any]]] = {spec.table: [] for spec in OUTPUT_SPECS}
    current: set[tuple[str, str]] = set()
    for spec in OUTPUT_SPECS:
        report.written[spec.file_name] = 0
        report.unchanged[spec.file_name] = 0
    for row in kept:
        key = (row.spec.table, row.record_id)
        current.add(key)
        digest = row_hash(row.values)
        before = prev_rows.get(key)
        if before and before["content_hash"] == digest:
            new_state.append(before)
            report.unchanged[row.spec.file_name] += 1
            continue
        new_state.append({"table": key[0], "id": key[1], "content_hash": digest, "updated_at": updated_at})
        to_write[row.spec.table].append(row.values)
        report.written[row.spec.file_name] += 1
    deletions: list[dict[str, Any]] = []
    for key, before in sorted(prev_rows.items()):
        if key in current:
            continue
        if key in conv.held:  # rejected this run: keep what was loaded, do not delete it
            new_state.append(before)
            report.warn(key[0], "kept_previous", value=key[1], detail="row rejected this run: previous version kept")
            continue
        deletions.append({"table": key[0], "id": key[1], "deleted_at": updated_at})
        report.deletions[key[0]] = report.deletions.get(key[0], 0) + 1

    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"contract_version": 1, "source_system": options.source_system,
                                "exported_at": updated_at, "kind": report.kind, "converter": "kinscope convert ssd"}
    if state:
        manifest["since"] = state["exported_at"]
    for spec in OUTPUT_SPECS:
        path = out / spec.file_name
        if spec.fmt == "jsonl":
            _write_jsonl(path, to_write[spec.table])
        else:
            extra = (m.RELATIONSHIP_CODE_COLUMN,) if spec is SIGNIFICANT_ADULTS else ()
            _write_csv(path, spec, to_write[spec.table], extra)
    _write_csv(out / DELETIONS.file_name, DELETIONS, deletions)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    report_dir = report.write(out)
    (report_dir / STATE_FILE).write_text(json.dumps({
        "exported_at": updated_at, "tables_read": sorted(conv.files),
        "rows": sorted(new_state, key=lambda r: (r["table"], r["id"])),
    }, indent=1) + "\n", encoding="utf-8")
    return report
