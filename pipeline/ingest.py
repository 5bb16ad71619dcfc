"""Stage 1 of the pipeline: find new exports in the inbox and load each with `load_export`.

The inbox (`KINSCOPE_INBOX`, default `<KINSCOPE_HOME>/inbox`) holds one folder per export.
A folder is *ready* when its `manifest.json` exists (a producer writes it last, or copies the
folder under a name starting with `.` and renames it, as `kinscope pipeline run` does);
names starting with `.` or `_` are ignored. A folder is *done* when it holds
`.kinscope-loaded`, written only after its load completed, with the Airflow run id and the
load run id, and once the Asset event for it has been emitted (`published_at` in the marker).
So:

- a re-run finds nothing new and changes nothing;
- a run killed during a load leaves no marker: the retry (or the next run) loads the export
  again, and the loader's `MERGE`s make that a no-op for what was already written;
- a run killed after a load but before the Asset update finds the loaded-but-unpublished
  export again, skips its load and publishes it (the downstream DAGs run at least once);
- exports are loaded strictly in order (manifest `exported_at`, then folder name): an
  increment is never loaded before the export it builds on; a load whose predecessor has
  not finished refuses to start (and is retried).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kinscope.errors import KinscopeError
from kinscope.logs import get_logger
from pipeline.config import PipelineSettings

log = get_logger(__name__)

MARKER = ".kinscope-loaded"


class EarlierExportPending(KinscopeError):
    """An export earlier in the order has not been loaded yet; this one must wait."""


@dataclass(frozen=True)
class PendingExport:
    path: str
    name: str
    kind: str | None
    exported_at: str | None
    problem: str | None = None  # unreadable manifest: still listed, so the load fails loudly


def _sort_key(e: PendingExport) -> tuple[str, str]:
    return (e.exported_at or "", e.name)


def is_loaded(export_dir: Path) -> bool:
    return (export_dir / MARKER).is_file()


def is_done(export_dir: Path) -> bool:
    """Loaded, and the Asset event announcing it emitted."""
    marker = read_marker(export_dir)
    return bool(marker and marker.get("published_at"))


def read_marker(export_dir: Path) -> dict[str, Any] | None:
    path = export_dir / MARKER
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def find_new_exports(inbox: Path) -> list[PendingExport]:
    """Export folders in the inbox that are ready and not loaded yet, in load order."""
    from graph_model.loader import read_manifest

    if not inbox.is_dir():
        return []
    found: list[PendingExport] = []
    for folder in sorted(p for p in inbox.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")) or is_done(folder):
            continue
        if not (folder / "manifest.json").is_file():
            continue  # still arriving, or not an export
        try:
            manifest = read_manifest(folder)
        except KinscopeError as exc:
            found.append(PendingExport(str(folder.resolve()), folder.name, None, None, problem=str(exc)))
            continue
        found.append(
            PendingExport(
                path=str(folder.resolve()),
                name=folder.name,
                kind=manifest.get("kind"),
                exported_at=str(manifest.get("exported_at") or ""),
            )
        )
    return sorted(found, key=_sort_key)


def discover(settings: PipelineSettings | None = None) -> list[str]:
    """The task body: paths of new exports, in load order (a JSON-friendly XCom)."""
    settings = settings or PipelineSettings()
    pending = find_new_exports(settings.inbox_dir)
    log.info("ingest.discovered", inbox=str(settings.inbox_dir), exports=[p.name for p in pending])
    return [p.path for p in pending]


def _write_marker(export_dir: Path, content: dict[str, Any]) -> None:
    tmp = export_dir / f"{MARKER}.tmp"
    tmp.write_text(json.dumps(content, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, export_dir / MARKER)  # atomic: a marker is either complete or absent


@dataclass
class ExportLoadSummary:
    export: str
    status: str  # "loaded" | "already_loaded"
    path: str | None = None
    load_run_id: str | None = None
    kind: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    graph_changes: int = 0
    seconds: float = 0.0
    report_dir: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_one(
    export_path: str,
    *,
    ordered: list[str] | None = None,
    airflow_run_id: str | None = None,
    settings: PipelineSettings | None = None,
) -> dict[str, Any]:
    """The task body: load one export (idempotent), then mark it loaded.

    `ordered` is the discovery list this export belongs to; every export before it must be
    loaded first (else `EarlierExportPending`, and the task's retry tries again later).
    """
    from graph_model.loader import load_export
    from pipeline.neo4j_conn import graph

    settings = settings or PipelineSettings()
    export_dir = Path(export_path)
    previous = read_marker(export_dir)
    if previous is not None:
        log.info("ingest.already_loaded", export=export_dir.name, marker=previous)
        return ExportLoadSummary(export_dir.name, "already_loaded", path=export_path,
                                 load_run_id=previous.get("load_run_id")).to_dict()
    if ordered:
        earlier = ordered[: ordered.index(export_path)] if export_path in ordered else []
        waiting = [Path(p).name for p in earlier if not is_loaded(Path(p))]
        if waiting:
            raise EarlierExportPending(
                f"{export_dir.name} waits for earlier export(s) to load first: {', '.join(waiting)}"
            )
    with graph(settings) as target:
        report = load_export(
            target.driver,
            export_dir,
            batch_size=settings.load_batch_size,
            settings=settings.model_copy(update={"neo4j_database": target.database}),
        )
    if report.fatal:
        raise KinscopeError(f"load of {export_dir.name} failed: {report.fatal}")
    summary = ExportLoadSummary(
        export=export_dir.name,
        status="loaded",
        path=export_path,
        load_run_id=report.run_id,
        kind=report.kind,
        rows_read=report.rows_read,
        rows_loaded=report.rows_loaded,
        rows_rejected=report.rows_rejected,
        graph_changes=sum(report.graph_changes.values()),
        seconds=round(report.seconds, 2),
        report_dir=report.report_dir,
    )
    _write_marker(
        export_dir,
        {**summary.to_dict(), "airflow_run_id": airflow_run_id,
         "loaded_at": datetime.now(timezone.utc).isoformat()},
    )
    log.info("ingest.loaded", **summary.to_dict())
    return summary.to_dict()


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The task body of the last ingest step: what this run changed (the Asset event's extra)."""
    loaded = [r for r in results if r.get("status") == "loaded"]
    return {
        "exports_loaded": [r["export"] for r in loaded],
        "exports_skipped": [r["export"] for r in results if r.get("status") != "loaded"],
        "load_run_ids": [r["load_run_id"] for r in loaded],
        "rows_loaded": sum(r.get("rows_loaded", 0) for r in loaded),
        "rows_rejected": sum(r.get("rows_rejected", 0) for r in loaded),
        "graph_changes": sum(r.get("graph_changes", 0) for r in loaded),
    }


def publish(results: list[dict[str, Any]], outlet_event: Any) -> dict[str, Any]:
    """The task body of the Asset update: skip (no event) when this run loaded nothing.

    Exports loaded by an earlier, interrupted run (`already_loaded`) are announced too. The
    markers get `published_at` just before the task ends; a crash in between re-announces
    them on the next run (harmless: the downstream stages work from what the graph marks).
    """
    from airflow.sdk.exceptions import AirflowSkipException

    # Index rather than iterate: iterating Airflow's lazy XCom sequence probes one past the end.
    if not isinstance(results, list):
        results = [results[i] for i in range(len(results))]
    summary = summarise([r for r in results if r])
    if not summary["exports_loaded"] and not summary["exports_skipped"]:
        raise AirflowSkipException("no export loaded: the structured graph did not change")
    outlet_event.extra = summary
    now = datetime.now(timezone.utc).isoformat()
    for r in results:
        if r and r.get("path") and (marker := read_marker(Path(r["path"]))) is not None:
            _write_marker(Path(r["path"]), {**marker, "published_at": marker.get("published_at") or now})
    log.info("ingest.published", **summary)
    return summary
