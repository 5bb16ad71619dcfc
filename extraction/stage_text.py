"""Pipeline stage: document files -> stored text (`Document.text`), with a status.

``extract_document_texts(driver)`` reads every ``Document`` with ``text_status='pending'``
and ``file_status='present'``, runs :func:`extraction.document_text.extract_text` on its file
and writes, per batch (statement ``cypher/extraction/document_texts.cypher``):

- ``text`` (canonical: mention offsets refer to it), ``text_status`` (``text``/``ocr``/
  ``failed``), ``text_method``, ``text_format``, ``text_pages``, ``text_page_starts``,
  ``text_ocr_pages``, ``text_failure_reason``, ``text_failure_detail``, ``text_seconds``;
- ``extraction_status = 'pending'`` so the mention stage (re-)reads it;
- for a failed file a ``(:QuarantineItem {stage: 'document_text', record_id, file, reason,
  detail, child_id})-[:CONCERNS]->(:Document)``, listed by the data-quality report; nothing
  vanishes. A file that reads again later removes its quarantine item.

Documents whose file is missing (``file_status='missing'``) are left alone: the loader
already reports them. A document changed by a load while its file was being read keeps
``text_status='pending'`` (the write is guarded by ``content_hash``).
No Airflow here: the DAGs call this function.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable

from neo4j import Driver
from tqdm import tqdm

from extraction.document_text import DocumentText, TextLimits, extract_text
from graph_model.cypher import cypher
from kinscope.logs import get_logger

log = get_logger(__name__)

DEFAULT_BATCH = 50


def _row(doc: dict, result: DocumentText) -> dict[str, Any]:
    return {
        "document_id": doc["document_id"],
        "content_hash": doc["content_hash"],
        "text": result.text if result.ok else None,
        "status": result.status,
        "method": result.method,
        "format": result.format,
        "pages": result.pages,
        "page_starts": result.page_starts,
        "ocr_pages": list(result.ocr_pages or []),
        "reason": result.reason,
        "detail": (result.detail or None) and str(result.detail)[:1000],
        "seconds": float(result.seconds),
    }


def pending_document_ids(driver: Driver, *, database: str | None = None) -> list[str]:
    """Ids of the documents waiting for text extraction (present file, ``text_status='pending'``)."""
    todo, _, _ = driver.execute_query(cypher("extraction/documents_pending_text"), limit=2**62,
                                      database_=database)
    return [r["document_id"] for r in todo]


def extract_document_texts(driver: Driver, *, limit: int | None = None,
                           limits: TextLimits | None = None, batch_size: int = DEFAULT_BATCH,
                           workers: int = 1, database: str | None = None,
                           progress: bool | None = None, ids: Iterable[str] | None = None) -> dict:
    """Extract the text of pending documents; return counts by status and failure reason.

    limit: at most this many documents this call (None: all pending). limits: size/time/OCR
    limits per file. workers: files read in parallel threads (the extractors spend most of
    their time in subprocesses: antiword, soffice, tesseract, pdftoppm).
    ids: only these documents (one mapped batch of the network DAG); those of them that are
    not pending any more (done by an earlier try, deleted) are skipped, so a retried batch
    does only what is left. None: every pending document.
    """
    limits = limits or TextLimits()
    started = time.perf_counter()
    if ids is not None:
        todo, _, _ = driver.execute_query(cypher("extraction/documents_pending_text_by_ids"),
                                          ids=sorted(set(ids)), database_=database)
        docs = [r.data() for r in todo][:limit]
    else:
        todo, _, _ = driver.execute_query(cypher("extraction/documents_pending_text"),
                                          limit=limit if limit is not None else 2**62,
                                          database_=database)
        docs = [r.data() for r in todo]
    statuses: Counter = Counter()
    reasons: Counter = Counter()
    methods: Counter = Counter()
    bar = tqdm(total=len(docs), desc="document text", unit=" files", disable=None if progress is None else not progress)
    pool = ThreadPoolExecutor(max_workers=max(1, workers)) if workers > 1 else None
    try:
        for start in range(0, len(docs), batch_size):
            batch = docs[start:start + batch_size]
            paths = [d["file_path"] for d in batch]
            if pool is not None:
                results = list(pool.map(lambda p: extract_text(p, limits), paths))
            else:
                results = [extract_text(p, limits) for p in paths]
            rows = []
            for doc, res in zip(batch, results):
                statuses[res.status] += 1
                if res.method:
                    methods[res.method] += 1
                if res.status == "failed":
                    reasons[res.reason or "unknown"] += 1
                    log.info("document_text.failed", document_id=doc["document_id"],
                             reason=res.reason, detail=(res.detail or "")[:200])
                rows.append(_row(doc, res))
            driver.execute_query(cypher("extraction/document_texts"), rows=rows, database_=database)
            bar.update(len(batch))
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown()
    summary = {"documents": len(docs), "by_status": dict(statuses), "failed_by_reason": dict(reasons),
               "by_method": dict(methods), "seconds": round(time.perf_counter() - started, 2)}
    log.info("document_text.done", **{k: v for k, v in summary.items() if k != "by_method"})
    return summary
