"""The pipeline never runs mention extraction without its trained model (no silent rules-only run),
and reports which model every extraction used."""

from __future__ import annotations

import pytest

from extraction.pipeline import build_pipeline
from pipeline.network import _pipeline_for, model_version


def test_missing_model_is_an_error_that_says_what_to_do(tmp_path):
    _pipeline_for.cache_clear()
    with pytest.raises(FileNotFoundError) as err:
        _pipeline_for(str(tmp_path / "no-model-here"))
    message = str(err.value)
    assert "kinscope train-ner" in message and "KINSCOPE_NER_MODEL" in message


def test_model_version_names_the_model():
    nlp = build_pipeline(rules_only=True)
    nlp.meta.update(name="kinscope_ner", version="1.2.3")
    version = model_version(nlp)
    assert version.startswith("en_kinscope_ner-1.2.3+") and len(version.split("+")[1]) == 10
    nlp.meta["performance"] = {"ents_f": 0.9}  # another training run of the same model
    assert model_version(nlp) != version
