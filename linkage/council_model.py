"""The council's own record model: its practitioners' answers retrain the linker.

Every "same person" / "not the same" answer (a ``confirm_merge`` / ``split`` decision naming two
records: the review queue, ``kinscope label`` or a child's page) is a labelled pair ("not sure"
is none). When the council's labels differ from those its stored model was fitted on -- at the
next resolution run (:func:`model_for_run`) or on ``kinscope label --retrain`` (:func:`retrain`)
-- the shipped model's classifier is refitted on the default training pairs (weight 1 each)
plus the council's pairs (``label_weight`` each); blocking rules stay the shipped model's. The
result is saved in the council's home (``<home>/models/linkage/council/``, never the
repository) with ``council_model.json``: version, date, the number of council labels and the
training sources with their weights. The run report carries the same (:func:`model_for_run`).

Training only teaches the model to score the *next* similar pair right: the answers themselves
remain constraints that every run applies after clustering (``linkage.stage_resolve``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy
from neo4j import Driver

from graph_model.cypher import cypher
from linkage.deterministic_training import strip_run_state
from linkage.records import load_model, load_or_train
from linkage.settings import RecordModelSettings
from linkage.training_data import decision_pairs, load_training, prepare

log = logging.getLogger(__name__)

METADATA = "council_model.json"
LABELS_FILE = "council_labels.json"
HISTORY = 20


@dataclass(frozen=True)
class CouncilModelSettings:
    """How the council's answers weigh against the shipped pairs, and where the model lives.

    label_weight: each council label counts as this many shipped training pairs (a council's
    few hundred answers would otherwise vanish among the ~8,000 shipped pairs); max_share:
    the council's labels together never weigh more than this share of all training weight;
    model_dir: default ``<home>/models/linkage/council``.
    """

    label_weight: float = 20.0
    max_share: float = 0.5
    record_model: RecordModelSettings = field(default_factory=RecordModelSettings)
    model_dir: Path | None = None

    def directory(self) -> Path:
        if self.model_dir is not None:
            return Path(self.model_dir)
        from kinscope.settings import get_settings

        return get_settings().home / "models" / "linkage" / "council"


# ----------------------------------------------------------------------------- labels


def read_labels(driver: Driver, database: str | None = None) -> dict:
    """The council's labelled pairs (``linkage.training_data.decision_pairs``) from the graph."""
    with driver.session(database=database, default_access_mode="READ",
                        notifications_min_severity="OFF") as session:
        rows = [r.data() for r in session.run(cypher("resolution/review_labels"))]
    return decision_pairs(rows)


def label_counts(labels: dict) -> dict[str, int]:
    return {"match": len(labels["match"]), "distinct": len(labels["distinct"])}


def fingerprint(labels: dict, base: str, weight: float) -> str:
    """What the council model was fitted on: its labels, the shipped model and the weight."""
    h = hashlib.sha256(json.dumps({"labels": labels, "base": base, "weight": weight},
                                  sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def effective_weight(n_default: int, n_council: int, settings: CouncilModelSettings) -> float:
    """``label_weight``, lowered so the council's labels weigh at most ``max_share`` in all."""
    if not n_council:
        return 0.0
    share = min(max(settings.max_share, 0.0), 0.99)
    cap = share / (1 - share) * n_default / n_council
    return float(min(settings.label_weight, cap))


# ----------------------------------------------------------------------------- refit


def refit(model, labels: dict, settings: CouncilModelSettings | None = None) -> tuple[Any, dict]:
    """Refit ``model``'s classifier (in place) on the shipped pairs plus the council's
    ``labels``; returns the model and the training sources with their weights."""
    import sklearn.base

    settings = settings or CouncilModelSettings()
    training_file = Path(settings.record_model.training_file)
    shipped = load_training(training_file)
    council = {k: [(prepare(a), prepare(b)) for a, b in labels[k]] for k in ("match", "distinct")}
    n_default = len(shipped["match"]) + len(shipped["distinct"])
    n_council = len(council["match"]) + len(council["distinct"])
    weight = effective_weight(n_default, n_council, settings)
    pairs = shipped["match"] + shipped["distinct"] + council["match"] + council["distinct"]
    y = numpy.array([1] * len(shipped["match"]) + [0] * len(shipped["distinct"])
                    + [1] * len(council["match"]) + [0] * len(council["distinct"]))
    weights = numpy.array([1.0] * n_default + [weight] * n_council)
    classifier = sklearn.base.clone(model.classifier)
    with contextlib.suppress(ValueError):
        classifier.set_params(n_jobs=1)
    classifier.fit(model.data_model.distances(pairs), y, sample_weight=weights)
    model.classifier = classifier
    sources = [
        {"source": "default training pairs", "file": training_file.name,
         "sha256": hashlib.sha256(training_file.read_bytes()).hexdigest()[:16],
         "pairs": label_counts(shipped), "weight_per_pair": 1.0},
        {"source": "council answers (same person / not the same)", "file": LABELS_FILE,
         "pairs": label_counts(labels), "weight_per_pair": weight,
         "weight_asked": settings.label_weight, "max_share": settings.max_share},
    ]
    return model, sources


# ----------------------------------------------------------------------------- stored model


def read_metadata(directory: Path) -> dict | None:
    path = Path(directory) / METADATA
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_private(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # mode 0600: names of real people
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_settings(model, path: Path) -> Path:
    """Write ``model`` as a dedupe settings file (what ``write_settings`` writes, which a model
    loaded from settings lacks): data model, classifier, blocking predicates."""
    strip_run_state(model)  # the same labels write the same bytes
    buf = io.BytesIO()
    for part in (model.data_model, model.classifier, model.predicates):
        pickle.dump(part, buf)
    _write_private(Path(path), buf.getvalue())
    return Path(path)


def _report(meta: dict, *, retrained: bool) -> dict:
    """The run report's view of a stored council model."""
    return {"model": "council", "version": meta["version"], "trained_at": meta["trained_at"],
            "council_labels": meta["council_labels"], "labels": meta["labels"],
            "base_model": meta["base_model"], "retrained": retrained,
            "path": meta["model_file"]}


def default_report(settings: CouncilModelSettings) -> dict:
    return {"model": "default", "version": settings.record_model.settings_path().stem,
            "council_labels": 0, "labels": {"match": 0, "distinct": 0}, "retrained": False}


def retrain(driver: Driver, settings: CouncilModelSettings | None = None, *,
            database: str | None = None, force: bool = False) -> tuple[Any, dict]:
    """The council's model for the labels in the graph: the stored one when it was fitted on
    exactly these labels (and this shipped model), else refitted and stored as a new version.
    Returns ``(model, report)``; ``(None, report)`` when there are no labels (the shipped model
    is used)."""
    settings = settings or CouncilModelSettings()
    labels = read_labels(driver, database)
    counts = label_counts(labels)
    if not counts["match"] and not counts["distinct"]:
        return None, default_report(settings)
    base_path = settings.record_model.settings_path()
    fp = fingerprint(labels, base_path.stem, settings.label_weight)
    directory = settings.directory()
    meta = read_metadata(directory)
    stored = directory / f"adult_records-council-{fp}.dedupe"
    if not force and meta and meta.get("fingerprint") == fp and stored.is_file():
        try:
            return load_model(stored, num_cores=settings.record_model.num_cores), _report(meta, retrained=False)
        except Exception as exc:  # noqa: BLE001 - a damaged file is refitted below
            log.warning("could not load %s (%s); refitting", stored, exc)
    model, sources = refit(load_or_train(settings.record_model), labels, settings)
    save_settings(model, stored)
    number = int((meta or {}).get("version_number", 0)) + 1
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    new = {"version": f"council-{number}", "version_number": number, "trained_at": now,
           "council_labels": counts["match"] + counts["distinct"], "labels": counts,
           "fingerprint": fp, "model_file": str(stored), "base_model": base_path.stem,
           "refit": "classifier of the shipped model (its blocking rules kept)", "sources": sources,
           "history": ([{k: meta[k] for k in ("version", "trained_at", "council_labels")}] if meta else [])
           + (meta or {}).get("history", [])[:HISTORY - 1]}
    _write_private(directory / LABELS_FILE, json.dumps(labels, ensure_ascii=False) + "\n")
    _write_private(directory / METADATA, json.dumps(new, indent=2) + "\n")
    old = (meta or {}).get("model_file")
    if old and Path(old) != stored and Path(old).parent == directory:
        Path(old).unlink(missing_ok=True)
    log.info("council record model %s: refitted on %d council labels", new["version"], new["council_labels"])
    return model, _report(new, retrained=True)


def model_for_run(driver: Driver, model=None, *, settings: CouncilModelSettings | None = None,
                  database: str | None = None) -> tuple[Any, dict]:
    """The record model a resolution run uses, and what the run report says about it: a model
    given by the caller as is; else the council's (refitted when its answers changed); else
    the shipped one (``None``: the linker loads it). A council model that cannot be built is
    logged and the shipped model used -- the answers still bind as constraints."""
    if model is not None:
        return model, {"model": "given", "council_labels": None, "retrained": False}
    settings = settings or CouncilModelSettings()
    try:
        return retrain(driver, settings, database=database)
    except Exception as exc:  # noqa: BLE001 - never stop resolution over the council model
        log.warning("council record model not built (%s: %s); using the shipped model", type(exc).__name__, exc)
        return None, {**default_report(settings), "error": f"{type(exc).__name__}: {exc}"}
