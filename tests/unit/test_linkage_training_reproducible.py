"""The record model is the same in any process: two trainings on the same labelled pairs and
settings, in two fresh interpreters with different string-hash seeds, write the same file.

A fresh-clone CI trained another model than the last clone from the same fingerprint (dedupe
iterates its predicates in string-hash order and samples from an unseeded generator) and a
test reading its blocking rules failed. The sample here is the smallest that runs dedupe's
random-forest rule search (100+ matches) and its seeded draws."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from linkage.settings import DEFAULT_TRAINING_FILE

ROOT = Path(__file__).resolve().parents[2]

TRAIN = """
import hashlib, json, sys
from pathlib import Path
from linkage.records import train_model
from linkage.settings import BlockingSettings, RecordModelSettings

training_file, model_dir = Path(sys.argv[1]), Path(sys.argv[2])
settings = RecordModelSettings(training_file=training_file, model_dir=model_dir,
                               blocking=BlockingSettings(forest_samples=40))
model = train_model(settings)
path = settings.settings_path()
print(json.dumps({"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                  "predicates": [repr(p) for p in model.predicates],
                  "weights": model.classifier.best_estimator_.coef_.ravel().tolist()}))
"""


def _sample(path: Path, matches: int = 120, distinct: int = 160) -> None:
    pairs = json.loads(DEFAULT_TRAINING_FILE.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"match": pairs["match"][:matches],
                                "distinct": pairs["distinct"][:distinct]}), encoding="utf-8")


def _train_in_new_process(training_file: Path, model_dir: Path, hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", TRAIN, str(training_file), str(model_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_processes_train_the_same_model_file(tmp_path):
    training_file = tmp_path / "pairs.json"
    _sample(training_file)
    first = _train_in_new_process(training_file, tmp_path / "a", "1")
    second = _train_in_new_process(training_file, tmp_path / "b", "2")
    assert first["predicates"], "the learner found no blocking rules"
    assert first["file"] == second["file"]  # same fingerprint
    assert first["predicates"] == second["predicates"]
    assert first["weights"] == second["weights"]
    assert first["sha256"] == second["sha256"]  # byte for byte


def test_run_state_is_stripped_from_a_model_loaded_from_settings():
    """A model loaded from a settings file (the council refit's base) has variables whose
    predicates are None: stripping it must not fail (it did: the council model was not built)."""
    from types import SimpleNamespace

    from linkage.deterministic_training import strip_run_state

    cached = SimpleNamespace(_cached_hash=123)
    model = SimpleNamespace(predicates=(cached,), classifier=None,
                            data_model=SimpleNamespace(field_variables=[SimpleNamespace(predicates=None),
                                                                        SimpleNamespace(predicates=[cached])]))
    strip_run_state(model)
    assert not hasattr(cached, "_cached_hash")
