"""Training the statistical NER from synthetic truth (slow: a tiny model, a few steps)."""

from __future__ import annotations

import time

import pytest

from extraction.pipeline import build_pipeline, extract_mentions
from extraction.training import EVAL_STYLES, train_ner
from synthetic.council import generate_council


@pytest.mark.slow
def test_train_tiny_model_loads_and_finds_people(tmp_path):
    t0 = time.perf_counter()
    model = train_ner(tmp_path / "ner", children=12, max_steps=120, eval_frequency=60,
                      work_dir=tmp_path / "work", verbose=False, generate_council=generate_council)
    assert time.perf_counter() - t0 < 90
    assert (model / "config.cfg").is_file() and (model / "kinscope_calibration.json").is_file()
    nlp = build_pipeline(model)
    assert nlp.pipe_names[:2] == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) >= {"PERSON", "ROLE"}
    # held-out text: a style the model never saw (first person), names not in the gazetteer
    text = ("I visited Kayden at home today. Mum (Danielle) was there when I arrived and "
            "Zainab Okonkwo from next door popped in. Kayden said MGM took him to the park.")
    ms = extract_mentions(text, nlp)
    assert any(m.source.startswith("ner") or m.source == "ner+rule" for m in ms)
    assert {m.label for m in ms} >= {"PERSON", "ROLE"}


def test_training_refuses_evaluation_styles(tmp_path):
    with pytest.raises(ValueError):
        train_ner(tmp_path / "ner", children=2, styles=[EVAL_STYLES[0]], max_steps=1,
                  generate_council=generate_council)
