"""What ``kinscope link`` and ``kinscope label`` run (the CLI stays a thin wrapper).

``link_csv`` resolves any CSV of person records with columns among
:data:`LINK_COLUMNS` (other columns ignored; ``record_id`` required) and writes
``record_id, cluster_id, confidence``: the linker measured on any data set, not only ours.

``label_records`` runs dedupe's console active learning (:func:`linkage.records.label_interactively`)
on an export's ``significant_adults.csv`` or any such CSV, starting from the labels already
in the training file (by default a copy of the shipped pairs), and saves the labels and the
learned settings.
"""

from __future__ import annotations

import csv
import shutil
import time
from pathlib import Path

LINK_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "gender", "address_line",
                "postcode", "phone", "email")
# label also reads the other contract columns of significant_adults.csv when present
LABEL_COLUMNS = ("relationship_id", "record_id", "child_id", "person_ref", "given_name", "family_name",
                 "date_of_birth", "gender", "relationship", "address_line", "postcode", "phone", "email")
NAME_COLUMNS = ("given_name", "family_name")


class CsvIssues:
    """What reading a person CSV found wrong, row by row: ``quarantined`` rows are not
    linked; ``warnings`` rows are linked with the named field treated as blank."""

    def __init__(self) -> None:
        self.quarantined: list[dict] = []
        self.warnings: list[dict] = []
        self.notes: list[str] = []

    def quarantine(self, line: int, record_id: str | None, reason: str) -> None:
        self.quarantined.append({"line": line, "record_id": record_id or "",
                                 "action": "quarantined (not linked)", "reason": reason})

    def warn(self, line: int, record_id: str | None, reason: str) -> None:
        self.warnings.append({"line": line, "record_id": record_id or "",
                              "action": "linked without this field", "reason": reason})

    def write(self, path: Path) -> Path:
        path = Path(path)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=["line", "record_id", "action", "reason"])
            w.writeheader()
            for row in sorted(self.quarantined + self.warnings, key=lambda r: r["line"]):
                w.writerow(row)
        return path


def _decoded_lines(path: Path, issues: CsvIssues):
    """The file's lines as text; bytes that are not UTF-8 are kept as surrogate escapes
    (the row is quarantined later) and NUL bytes are dropped with a note."""
    nul_lines = 0
    with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as f:
        for line in f:
            if "\x00" in line:
                nul_lines += 1
                line = line.replace("\x00", "")
            yield line
    if nul_lines:
        issues.notes.append(f"removed NUL bytes from {nul_lines} line(s)")


def _has_bad_bytes(value: str | None) -> bool:
    return bool(value) and any("\udc80" <= c <= "\udcff" for c in value)


# a line break inside one of these values means a quote was left open (an address may hold one)
_ONE_LINE_COLUMNS = ("record_id", "relationship_id", "given_name", "family_name", "date_of_birth",
                     "gender", "postcode", "phone", "email")


def _other_separator(header: list[str]) -> str | None:
    """The separator a one-column header seems to use instead of commas."""
    if len(header) == 1:
        for sep in (";", "\t", "|"):
            if sep in header[0]:
                return sep
    return None


def read_person_csv_checked(path: Path, columns: tuple[str, ...] = LINK_COLUMNS
                            ) -> tuple[list[dict], CsvIssues]:
    """Rows of a CSV restricted to ``columns``, and the rows it could not use and why.

    A clear ``ValueError`` for a file that cannot be linked at all (no ``record_id`` /
    ``relationship_id`` column, none of the person columns, not a CSV). Rows are
    quarantined, with the reason, for: an empty record id, a record id seen before, bytes
    that are not UTF-8, no given or family name, more values than the header has, a line break
    in a name, id, date or code (a quote left open, which would swallow the lines after it).
    A date of birth that is not a date in any accepted format (ISO, ``25/03/2002``,
    ``2002-3-25``, ``March 2002``, ...) and a row with fewer values than the header are
    warnings: the row is linked without them. Blanks become None."""
    from linkage.normalise import normalise_dob, normalise_name

    path = Path(path)
    issues = CsvIssues()
    lines = _decoded_lines(path, issues)
    reader = csv.DictReader(lines)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ValueError(f"{path}: not a readable CSV ({exc})") from None
    if any(_has_bad_bytes(h) for h in header):
        raise ValueError(f"{path}: the header row is not UTF-8 text; save the file as UTF-8")
    if "record_id" not in header and "relationship_id" not in header:
        sep = _other_separator(header)
        hint = f"; the columns look separated by {sep!r}: save it comma-separated" if sep else ""
        raise ValueError(f"{path}: needs a record_id column (found: {', '.join(header) or 'none'}){hint}")
    person_columns = [c for c in columns if c not in ("record_id", "relationship_id")]
    if not any(c in header for c in person_columns):
        raise ValueError(f"{path}: none of the columns {', '.join(columns)}")
    absent = [c for c in person_columns if c not in header]
    if absent:
        issues.notes.append("columns absent (treated as blank): " + ", ".join(absent))
    if not any(c in header for c in NAME_COLUMNS if c in columns):
        raise ValueError(f"{path}: needs a given_name or family_name column (found: {', '.join(header)})")
    rows: list[dict] = []
    first_line: dict[str, int] = {}
    while True:
        start = reader.line_num + 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ValueError(f"{path}: line {reader.line_num}: not a readable CSV row ({exc})") from None
        line = reader.line_num
        row = {k.strip(): (v.strip() if isinstance(v, str) else v)
               for k, v in raw.items() if isinstance(k, str)}
        if all(not v for v in row.values()) and not raw.get(None):
            continue  # a blank line is not a record
        rid = row.get("record_id") or row.get("relationship_id")
        if not rid:
            issues.quarantine(line, None, "empty record id")
            continue
        if any("\n" in (row.get(c) or "") or "\r" in (row.get(c) or "") for c in _ONE_LINE_COLUMNS):
            issues.quarantine(line, rid.splitlines()[0], f"one quoted value runs from line {start} to line "
                              f"{line} (a quote left open?): those lines are not linked")
            continue
        if raw.get(None):
            issues.quarantine(line, rid, f"{len(header) + len(raw[None])} values where the header has "
                              f"{len(header)} (a comma inside a value that is not quoted?)")
            continue
        if _has_bad_bytes(rid):
            issues.quarantine(line, rid.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
                              "record id has bytes that are not UTF-8")
            continue
        if rid in first_line:
            issues.quarantine(line, rid, f"duplicate record_id (first on line {first_line[rid]})")
            continue
        first_line[rid] = line
        bad = [c for c in columns if _has_bad_bytes(row.get(c))]
        if bad:
            issues.quarantine(line, rid, "bytes that are not UTF-8 in " + ", ".join(bad)
                              + " (save the file as UTF-8)")
            continue
        rec = {c: (row.get(c) or None) for c in columns if c in row}
        if not any(normalise_name(rec.get(c)) for c in NAME_COLUMNS):
            issues.quarantine(line, rid, "no given or family name")
            continue
        short = sum(1 for v in raw.values() if v is None)
        if short:
            issues.warn(line, rid, f"{len(header) - short} values where the header has {len(header)}; "
                        "linked with the missing ones blank")
        dob = rec.get("date_of_birth")
        if dob and normalise_dob(dob) is None:
            issues.warn(line, rid, f"date_of_birth {dob!r} is not a date; linked without it")
            rec["date_of_birth"] = None
        rec["record_id"] = rid
        rec.pop("relationship_id", None)
        rows.append(rec)
    return rows, issues


def read_person_csv(path: Path, columns: tuple[str, ...] = LINK_COLUMNS) -> list[dict]:
    """The usable rows of :func:`read_person_csv_checked` (each with a record id;
    blanks become None)."""
    return read_person_csv_checked(path, columns)[0]


def link_csv(in_path: Path, out_path: Path, *, threshold: float | None = None, model=None,
             train_on_this: bool = False, settings=None) -> dict:
    """Resolve the records of ``in_path``; write ``record_id, cluster_id, confidence``, and
    ``<out>.issues.csv`` (line, record_id, action, reason) when rows were quarantined or
    linked without a field. ``train_on_this``: re-estimate the model's weights on this
    file first (:func:`linkage.records.fit_on_records`). ``settings``: a
    ``RecordModelSettings`` (default: the defaults)."""
    from linkage.records import fit_on_records, resolve_adult_records

    records, issues = read_person_csv_checked(in_path)
    t0 = time.perf_counter()
    if train_on_this:
        model = fit_on_records(records, model=model, settings=settings)
    clusters = resolve_adult_records(records, model=model, threshold=threshold, settings=settings)
    seconds = time.perf_counter() - t0
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    order = {r["record_id"]: i for i, r in enumerate(records)}
    rows = sorted(((m.relationship_id, c.person_id, m.confidence) for c in clusters for m in c.members),
                  key=lambda r: order[r[0]])
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["record_id", "cluster_id", "confidence"])
        for rid, cid, conf in rows:
            w.writerow([rid, cid, f"{conf:.4f}"])
    issues_path = out_path.with_name(out_path.stem + ".issues.csv")
    if issues.quarantined or issues.warnings:
        issues.write(issues_path)
    else:
        issues_path.unlink(missing_ok=True)
    summary = {"records": len(records), "clusters": len(clusters),
               "merged_clusters": sum(1 for c in clusters if len(c.members) > 1),
               "quarantined": len(issues.quarantined), "warnings": len(issues.warnings),
               "seconds": round(seconds, 2), "out": str(out_path)}
    if issues.quarantined or issues.warnings:
        summary["issues"] = str(issues_path)
    if issues.notes:
        summary["notes"] = issues.notes
    if train_on_this:
        summary["trained_on_this"] = True
    return summary


def default_training_path() -> Path:
    from linkage.settings import RecordModelSettings

    return Path(RecordModelSettings().model_dir) / "council_training.json"


def label_records(source: Path, training: Path | None = None, *, fresh: bool = False) -> dict:
    """Console active learning on ``source`` (an export folder or a CSV); returns where the
    labels and the learned settings went."""
    from dataclasses import replace

    from linkage.records import label_interactively
    from linkage.settings import DEFAULT_TRAINING_FILE, RecordModelSettings

    source = Path(source)
    csv_path = source / "significant_adults.csv" if source.is_dir() else source
    if not csv_path.is_file():
        raise FileNotFoundError(f"{csv_path}: not found (give an export folder or a CSV of person records)")
    records = read_person_csv(csv_path, LABEL_COLUMNS)
    training = Path(training) if training else default_training_path()
    if not training.exists() and not fresh:
        training.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_TRAINING_FILE, training)  # start from the shipped labels
    settings = RecordModelSettings()
    label_interactively(records, training, settings=settings)
    learned = replace(settings, training_file=training).settings_path()
    return {"records": len(records), "training_file": str(training),
            "learned_settings": str(learned) if learned.is_file() else None,
            "thresholds": {"same_person": settings.thresholds.same_person,
                           "possibly_same": settings.thresholds.possibly_same},
            "use_it": f"export KINSCOPE_LINKAGE_TRAINING_FILE={training}"}
