"""Build the ≥ 1M-case-note graph that `bench/app_scale.py` and `bench/locust_app.py` measure.

A council of that size takes hours to generate and days to run through mention extraction and
resolution on this machine, so the graph is built with two shortcuts, both written down in
bench/RESULTS.md:

1. **Replicated export.** A generated export (`kinscope synth`) is copied ``copies`` times into
   one export; copy k > 0 renames every id (``C-17`` → ``C2-17``, ``N-5`` → ``N2-5``, workers,
   adults, allocations, documents) so the copies are different children with the same kinds of
   notes. The prefix form keeps Lucene's child filter exact (``C2-17`` tokenises to ``c2 17``,
   which the phrase ``"c 17"`` does not match). The export is loaded by ``kinscope load
   --initial`` (Neo4j's bulk importer), as a council's first night would be.
2. **Resolution as the generator's truth has it.** Instead of NER + record linkage, the truth
   files are written into the graph with the same labels, relationships and properties as the
   pipeline's stages: ``:Person`` per true person, ``(:AdultRecord)-[:RESOLVED_TO]->(:Person)``,
   ``(:Mention {label: 'PERSON'})-[:IN]->(record)`` and ``-[:REFERS_TO]->(:Person)`` for every
   true span, and one ranked ``NETWORK`` edge per true network member (rank by evidence count).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from graph_model import server
from graph_model.bulk_csv import node_file, relationship_file
from graph_model.bulk_import import BulkExportLoader, connect
from kinscope.settings import Settings

ID_KEYS = ("child_id", "note_id", "document_id", "relationship_id", "allocation_id", "worker_id",
           "author_worker_id", "person_ref", "person_id", "record_id")
_ID = re.compile(r"^([A-Za-z]+)-(.+)$")


def renamed(value: str, copy: int) -> str:
    """The id of the same record in copy ``copy`` (copy 0 keeps its ids)."""
    if copy == 0 or not value:
        return value
    found = _ID.match(value)
    return f"{found.group(1)}{copy + 1}-{found.group(2)}" if found else f"{value}~{copy + 1}"


def _rename_row(row: dict[str, Any], copy: int) -> dict[str, Any]:
    return {k: renamed(v, copy) if k in ID_KEYS and isinstance(v, str) else v for k, v in row.items()}


def replicate_export(base: Path, out: Path, copies: int) -> Path:
    """``copies`` renamed copies of the export ``base`` as one export in ``out`` (truth/ too)."""
    if (out / "manifest.json").is_file():
        return out
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "truth").mkdir(parents=True)
    shutil.copy(base / "manifest.json", tmp / "manifest.json")
    (tmp / "documents").symlink_to((base / "documents").resolve(), target_is_directory=True)
    for name in ("children.csv", "significant_adults.csv", "worker_allocations.csv", "documents.csv",
                 "deletions.csv", "truth/persons.csv", "truth/networks.csv", "truth/record_truth.csv"):
        with (base / name).open(newline="", encoding="utf-8") as src, \
                (tmp / name).open("w", newline="", encoding="utf-8") as dst:
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, fieldnames=reader.fieldnames or [])
            writer.writeheader()
            rows = list(reader)
            for copy in range(copies):
                writer.writerows(_rename_row(r, copy) for r in rows)
    for name in ("case_notes.jsonl", "truth/mentions.jsonl"):
        with (tmp / name).open("w", encoding="utf-8") as dst:
            for copy in range(copies):
                with (base / name).open(encoding="utf-8") as src:
                    for line in src:
                        row = _rename_row(json.loads(line), copy)
                        if "spans" in row:
                            row["spans"] = [_rename_row(s, copy) for s in row["spans"]]
                        dst.write(json.dumps(row) + "\n")
    tmp.rename(out)
    return out


# -- the truth shortcut for mentions and resolution -----------------------------------------------

def copy_of(child_id: str) -> int:
    """Which copy a renamed child id belongs to (``C-17`` → 0, ``C3-17`` → 2)."""
    prefix = child_id.split("-", 1)[0]
    digits = prefix.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return int(digits) - 1 if digits else 0


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


class TruthBulkLoader(BulkExportLoader):
    """`kinscope load --initial`'s loader, whose import also holds the truth's people, mentions,
    resolved records and ranked networks (for the first ``mention_copies`` copies), as the
    pipeline's stages would write them: one importer run instead of millions of Cypher writes."""

    NODE_LABELS = {**BulkExportLoader.NODE_LABELS, "truth_person": "Person", "mention": "Mention"}
    RELATIONSHIP_TYPES = {**BulkExportLoader.RELATIONSHIP_TYPES, "mention_in_note": "IN", "mention_in_doc": "IN",
                          "refers_to": "REFERS_TO", "adult_resolved": "RESOLVED_TO", "network": "NETWORK"}

    def __init__(self, *args: Any, mention_copies: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mention_copies = mention_copies
        self.truth_counts: Counter = Counter()

    def _open_files(self) -> None:
        super()._open_files()
        s = self.stage
        self.files.update({
            "truth_person": node_file(s / "truth_person.csv", "person_id", "TruthPerson", {
                "person_id": "string", "display_name": "string", "resolution": "string"}),
            "mention": node_file(s / "mention.csv", "mention_id", "Mention", {
                "mention_id": "string", "label": "string", "text": "string", "role": "string", "start": "long",
                "end": "long", "record_id": "string", "source": "string", "resolution": "string"}),
            "mention_in_note": relationship_file(s / "mention_in_note.csv", "Mention", "CaseNote"),
            "mention_in_doc": relationship_file(s / "mention_in_doc.csv", "Mention", "Document"),
            "refers_to": relationship_file(s / "refers_to.csv", "Mention", "TruthPerson",
                                           {"confidence": "double", "method": "string"}),
            "adult_resolved": relationship_file(s / "adult_resolved.csv", "AdultRecord", "TruthPerson",
                                                {"confidence": "double", "method": "string", "decided_by": "string"}),
            "network": relationship_file(s / "network.csv", "Child", "TruthPerson", {
                "category": "string", "roles": "string[]", "first_seen": "date", "last_seen": "date",
                "evidence_count": "long", "sources": "string[]", "confidence": "double", "rank": "long",
                "rank_score": "double", "current": "boolean", "rank_components": "string"}),
        })

    def _write_people(self) -> None:
        super()._write_people()
        truth = self.export_dir / "truth"
        write, counts = (lambda name, row: self.files[name].write(row)), self.truth_counts
        persons: set[str] = set()
        for r in _csv_rows(truth / "persons.csv"):
            write("truth_person", {"person_id": r["person_id"], "display_name": r["canonical_name"],
                                   "resolution": "truth"})
            persons.add(r["person_id"])
            counts["persons"] += 1
        for r in _csv_rows(truth / "record_truth.csv"):
            if r["person_id"] not in persons:
                counts["records_without_person"] += 1
                continue
            write("adult_resolved", {"start": f"significant_adults:{r['relationship_id']}", "end": r["person_id"],
                                     "confidence": 1.0, "method": "truth", "decided_by": "bench"})
            counts["adult_records_resolved"] += 1
        evidence: Counter = Counter()
        with (truth / "mentions.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if copy_of(rec["child_id"]) >= self.mention_copies:
                    continue
                kind = "note" if rec["record_type"] == "case_note" else "doc"
                for sp in rec["spans"]:
                    if sp.get("person_id") not in persons:  # the truth names people persons.csv lacks
                        counts["mention_spans_without_person"] += 1
                        continue
                    mid = f"{kind}:{rec['record_id']}:{sp['start']}-{sp['end']}"
                    write("mention", {"mention_id": mid, "label": "PERSON", "text": sp["text"], "role": sp.get("role"),
                                      "start": sp["start"], "end": sp["end"], "record_id": rec["record_id"],
                                      "source": "truth", "resolution": "truth"})
                    write("mention_in_note" if kind == "note" else "mention_in_doc", {"start": mid, "end": rec["record_id"]})
                    write("refers_to", {"start": mid, "end": sp["person_id"], "confidence": 1.0, "method": "truth"})
                    evidence[(rec["child_id"], sp["person_id"])] += 1
                    counts["mentions"] += 1
        members: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in _csv_rows(truth / "networks.csv"):
            if copy_of(r["child_id"]) >= self.mention_copies:
                continue
            if r["person_id"] in persons:
                members[r["child_id"]].append(r)
            else:
                counts["network_members_without_person"] += 1
        for child_id, rows in members.items():
            rows.sort(key=lambda r: (-evidence[(child_id, r["person_id"])], r["person_id"]))
            for rank, r in enumerate(rows, start=1):
                count = evidence[(child_id, r["person_id"])]
                write("network", {
                    "start": child_id, "end": r["person_id"], "category": r["category"],
                    "roles": [r["role"]] if r["role"] else [],
                    "first_seen": date.fromisoformat(r["first_seen"]) if r["first_seen"] else None,
                    "last_seen": date.fromisoformat(r["last_seen"]) if r["last_seen"] else None,
                    "evidence_count": count, "sources": ["notes"] if count else ["records"], "confidence": 1.0,
                    "rank": rank, "rank_score": round(1.0 / rank, 4),
                    "current": not r["last_seen"] or r["last_seen"] >= "2023-06-01",
                    "rank_components": json.dumps({"evidence": count})})
                counts["network_edges"] += 1


def truth_bulk_load(export: Path, *, report_dir: Path, settings: Settings, mention_copies: int) -> TruthBulkLoader:
    """`graph_model.bulk_import.bulk_load_export` with :class:`TruthBulkLoader` (the empty embedded database)."""
    server.start(settings)
    loader = TruthBulkLoader(connect(settings), export.resolve(), report_dir=report_dir.resolve(), settings=settings,
                             batch_size=settings.load_batch_size, mention_copies=mention_copies)
    try:
        loader.run()
    finally:
        loader.driver.close()
    return loader
