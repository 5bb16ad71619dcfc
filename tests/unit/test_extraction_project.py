"""The spaCy project (extraction/project.yml) is how the mention model is made: its `all`
workflow runs end to end (tiny sizes), trains on the dev half of the passages only, and the
packaged pipeline holds the whole config -- the NER and the versioned rule components."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "extraction"


@pytest.mark.timeout(600)
def test_project_workflow_makes_a_model_from_several_sources(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT / "project.yml", project / "project.yml")
    shutil.copytree(PROJECT / "configs", project / "configs")
    shutil.copytree(PROJECT / "scripts", project / "scripts")
    model = tmp_path / "model"
    other_hands = REPO / "evaluation_sets" / "other_hands"
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", "all", str(project),
         "--vars.children=10", "--vars.max_steps=20", "--vars.passage_repeat=1",
         f"--vars.other_hands={other_hands}", f"--vars.real_text={tmp_path / 'no_real_text'}",
         f"--vars.model_dir={model}"],
        capture_output=True, text=True, timeout=580)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    record = json.loads((model / "kinscope_training.json").read_text(encoding="utf-8"))
    dev_passages = [p for p in (json.loads(f.read_text(encoding="utf-8")) for f in other_hands.glob("*.json"))
                    if p["split"] == "dev"]
    assert record["train_passages"]["passages"] == len(dev_passages)  # the dev half, never held-out
    assert record["train_docbin"]["docs"] > 0 and record["styles"]
    config = (model / "config.cfg").read_text(encoding="utf-8")
    for factory in ("kinscope_role_ruler_v1", "kinscope_abbreviation_ruler_v1", "kinscope_regex_v1",
                    "kinscope_names_v1", "kinscope_phrases_v1", "kinscope_linker_v1",
                    "kinscope.role_patterns.v1"):
        assert factory in config
    metrics = json.loads((project / "metrics" / "heldout.json").read_text(encoding="utf-8"))
    assert list(metrics) == [str(other_hands)]
    assert metrics[str(other_hands)]["split"] == "heldout"


def test_passages_train_from_the_dev_half_only(tmp_path):
    from extraction.training import passages_to_docbin

    with pytest.raises(ValueError, match="dev half"):
        passages_to_docbin([REPO / "evaluation_sets" / "other_hands"], tmp_path / "x.spacy", split="heldout")
