"""Pipeline stage: case notes and documents -> ``(:Mention)-[:IN]->(record)``.

``extract_record_mentions(driver, nlp)`` reads the ``CaseNote`` bodies and ``Document`` texts
with ``extraction_status='pending'`` (set by the loader when a note changes, and by the text
stage when a document's text is (re-)extracted), runs :func:`extraction.pipeline.extract_many`
and, **in one transaction per batch** (``cypher/extraction/replace_mentions.cypher``),
deletes each record's old mentions (with their ``REFERS_TO`` links), creates the new ones
and sets ``extraction_status='done'``. A crash therefore never leaves half a record's
mentions, and a record changed by a load while it was being read stays pending.

Mention properties (the agreed shape, graph_model/README.md): ``mention_id =
"<note|doc>:<record id>:<start>-<end>"``, ``label``, ``text``, ``start``, ``end`` (offsets into
``CaseNote.body`` / ``Document.text``), ``role``, ``relation_to``, ``agency``, ``confidence``,
``source``, ``child_id``, ``record_date``; plus ``record_type`` (``note``/``doc``) and
``record_id``. Re-running changes nothing (no record is pending any more).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Iterable

from neo4j import Driver
from spacy.language import Language
from tqdm import tqdm

from extraction.pipeline import Mention, extract_many
from graph_model.cypher import cypher
from kinscope.logs import get_logger

log = get_logger(__name__)


def mention_props(kind: str, record: dict, m: Mention, ends: dict[int, int] | None = None) -> dict:
    """The Mention node's properties; `ends` (start -> end of the record's mentions) turns
    ``alias_of`` (a start offset) into the mention id of the name it is another name for."""
    alias = None
    if m.alias_of is not None and ends and m.alias_of in ends:
        alias = f"{kind}:{record['id']}:{m.alias_of}-{ends[m.alias_of]}"
    return {
        "alias_of": alias,
        "mention_id": f"{kind}:{record['id']}:{m.start_char}-{m.end_char}",
        "label": m.label, "text": m.text, "start": m.start_char, "end": m.end_char,
        "role": m.role, "relation_to": m.relation_to, "agency": m.agency,
        "confidence": round(float(m.confidence), 4), "source": m.source,
        "child_id": record["child_id"], "record_date": record["record_date"],
        "record_type": kind, "record_id": record["id"],
    }


def _dedupe_spans(mentions: list[Mention]) -> list[Mention]:
    """One mention per (start, end): ids must be unique within a record."""
    seen: set[tuple[int, int]] = set()
    out = []
    for m in mentions:
        key = (m.start_char, m.end_char)
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out


def record_key(kind: str, record_id: str) -> str:
    """``'note:<note_id>'`` / ``'doc:<document_id>'`` (the prefix of the record's mention ids)."""
    return f"{kind}:{record_id}"


def split_record_keys(keys: Iterable[str]) -> tuple[list[str], list[str]]:
    """Record keys -> (note ids, document ids); a key without a known kind is an error."""
    notes, docs = set(), set()
    for key in keys:
        kind, sep, rid = str(key).partition(":")
        if not sep or kind not in ("note", "doc") or not rid:
            raise ValueError(f"not a record key ('note:<id>' or 'doc:<id>'): {key!r}")
        (notes if kind == "note" else docs).add(rid)
    return sorted(notes), sorted(docs)


def pending_record_keys(driver: Driver, *, database: str | None = None) -> list[str]:
    """Keys (:func:`record_key`) of every note and document waiting for mention extraction."""
    rows, _, _ = driver.execute_query(cypher("extraction/records_pending_mention_keys"), database_=database)
    return [r["key"] for r in rows]


def extract_record_mentions(driver: Driver, nlp: Language | None = None, *, batch_size: int = 200,
                            limit: int | None = None, n_process: int = 1,
                            database: str | None = None, progress: bool | None = None,
                            ids: Iterable[str] | None = None) -> dict:
    """Extract mentions of every pending note and document; return counts.

    nlp: a pipeline from :func:`extraction.pipeline.build_pipeline` (default: the project's
    model, or rules only). batch_size: records per read/extract/write transaction.
    limit: at most this many records this call.
    ids: only these records, as record keys ``'note:<note_id>'`` / ``'doc:<document_id>'``
    (one mapped batch of the network DAG); those no longer pending (done by an earlier try,
    deleted) are skipped, so a retried batch does only what is left. None: every pending record.
    """
    if nlp is None:
        from extraction.pipeline import build_pipeline
        nlp = build_pipeline()
    started = time.perf_counter()
    records_done = 0
    labels: Counter = Counter()
    kinds: Counter = Counter()
    bar = tqdm(desc="mentions", unit=" records", disable=None if progress is None else not progress)

    def process(batch: list[dict]) -> None:
        nonlocal records_done
        found = list(extract_many([b["text"] or "" for b in batch], nlp, n_process=n_process,
                                  batch_size=max(16, min(256, len(batch)))))
        payload = []
        for rec, mentions in zip(batch, found):
            kept = _dedupe_spans(mentions)
            ends = {m.start_char: m.end_char for m in kept if m.label == "PERSON"}
            ms = [mention_props(rec["kind"], rec, m, ends) for m in kept]
            labels.update(m["label"] for m in ms)
            kinds[rec["kind"]] += 1
            payload.append({"kind": rec["kind"], "id": rec["id"],
                            "content_hash": rec["content_hash"], "mentions": ms})

        def write(tx):
            tx.run(cypher("extraction/replace_mentions"), records=payload).consume()

        with driver.session(database=database) as session:
            session.execute_write(write)
        records_done += len(batch)
        bar.update(len(batch))

    remaining = limit
    try:
        if ids is not None:
            keys = sorted(set(ids))
            for start in range(0, len(keys), batch_size):
                if remaining is not None and remaining <= 0:
                    break
                note_ids, document_ids = split_record_keys(keys[start:start + batch_size])
                rows, _, _ = driver.execute_query(cypher("extraction/records_pending_mentions_by_ids"),
                                                  note_ids=note_ids, document_ids=document_ids,
                                                  database_=database)
                batch = [r.data() for r in rows][:remaining]
                if batch:
                    process(batch)
                if remaining is not None:
                    remaining -= len(batch)
        while ids is None and (remaining is None or remaining > 0):
            size = batch_size if remaining is None else min(batch_size, remaining)
            rows, _, _ = driver.execute_query(cypher("extraction/records_pending_mentions"),
                                              limit=size, database_=database)
            batch = [r.data() for r in rows]
            if not batch:
                break
            process(batch)
            if remaining is not None:
                remaining -= len(batch)
            # a record changed during the batch stays pending; don't spin on it
            if len(batch) < size:
                break
    finally:
        bar.close()
    summary = {"records": records_done, "notes": kinds["note"], "documents": kinds["doc"],
               "mentions": sum(labels.values()), "by_label": dict(labels),
               "seconds": round(time.perf_counter() - started, 2)}
    log.info("mentions.done", records=records_done, mentions=summary["mentions"],
             seconds=summary["seconds"])
    return summary
