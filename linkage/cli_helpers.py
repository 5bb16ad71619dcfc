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

LINK_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "address_line", "postcode", "phone")
# label also reads the other contract columns of significant_adults.csv when present
LABEL_COLUMNS = ("relationship_id", "record_id", "child_id", "person_ref", "given_name", "family_name",
                 "date_of_birth", "gender", "relationship", "address_line", "postcode", "phone", "email")


def read_person_csv(path: Path, columns: tuple[str, ...] = LINK_COLUMNS) -> list[dict]:
    """Rows of a CSV restricted to ``columns``; each needs a record id (``record_id``, or
    ``relationship_id`` for a contract file); blanks become None."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [h.strip() for h in (reader.fieldnames or [])]
        if "record_id" not in header and "relationship_id" not in header:
            raise ValueError(f"{path}: needs a record_id column (found: {', '.join(header) or 'none'})")
        if not any(c in header for c in columns if c not in ("record_id", "relationship_id")):
            raise ValueError(f"{path}: none of the columns {', '.join(columns)}")
        rows = []
        for raw in reader:
            row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k}
            rec = {c: (row.get(c) or None) for c in columns if c in row}
            rid = row.get("record_id") or row.get("relationship_id")
            if not rid:
                raise ValueError(f"{path}: line {reader.line_num}: empty record id")
            rec["record_id"] = rid
            rec.pop("relationship_id", None)
            rows.append(rec)
    return rows


def link_csv(in_path: Path, out_path: Path, *, threshold: float | None = None, model=None) -> dict:
    """Resolve the records of ``in_path``; write ``record_id, cluster_id, confidence``."""
    from linkage.records import resolve_adult_records

    records = read_person_csv(in_path)
    t0 = time.perf_counter()
    clusters = resolve_adult_records(records, model=model, threshold=threshold)
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
    return {"records": len(records), "clusters": len(clusters),
            "merged_clusters": sum(1 for c in clusters if len(c.members) > 1),
            "seconds": round(seconds, 2), "out": str(out_path)}


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
