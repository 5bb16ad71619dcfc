"""The variables the README documents reach the linker, the extractor and the evaluation through
the settings tree (``kinscope.settings``), with the behaviour they had when read directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.wipe import WipeRefused, check_wipe_allowed
from extraction.pipeline import default_model_dir
from kinscope.settings import Settings
from linkage.settings import DEFAULT_TRAINING_FILE, RecordModelSettings, Thresholds

VARIABLES = ("KINSCOPE_LINKAGE_SAME_PERSON", "KINSCOPE_LINKAGE_POSSIBLY_SAME", "KINSCOPE_LINKAGE_TRAINING_FILE",
             "KINSCOPE_LINKAGE_FILE_WEIGHT", "KINSCOPE_NER_MODEL", "KINSCOPE_TEST_GRAPH_MAY_BE_WIPED")


@pytest.fixture
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_unset_variables_give_the_defaults(clean_env, tmp_path):
    clean_env.setenv("KINSCOPE_HOME", str(tmp_path))
    assert Thresholds.from_env() == Thresholds()
    assert RecordModelSettings().training_file == DEFAULT_TRAINING_FILE
    assert Settings().linkage_file_weight == 2.0
    assert default_model_dir() == tmp_path / "models" / "ner"
    with pytest.raises(WipeRefused):
        check_wipe_allowed(False)
    check_wipe_allowed(True)


def test_set_variables_override_them(clean_env, tmp_path):
    clean_env.setenv("KINSCOPE_LINKAGE_SAME_PERSON", "0.7")
    clean_env.setenv("KINSCOPE_LINKAGE_POSSIBLY_SAME", "0.3")
    clean_env.setenv("KINSCOPE_LINKAGE_TRAINING_FILE", str(tmp_path / "labels.json"))
    clean_env.setenv("KINSCOPE_LINKAGE_FILE_WEIGHT", "3.5")
    clean_env.setenv("KINSCOPE_NER_MODEL", str(tmp_path / "ner"))
    clean_env.setenv("KINSCOPE_TEST_GRAPH_MAY_BE_WIPED", "1")
    assert Thresholds.from_env() == Thresholds(same_person=0.7, possibly_same=0.3)
    assert RecordModelSettings().thresholds.same_person == 0.7
    assert Path(RecordModelSettings().training_file) == tmp_path / "labels.json"
    assert Settings().linkage_file_weight == 3.5
    assert default_model_dir() == tmp_path / "ner"
    check_wipe_allowed(False)


def test_blank_is_unset_and_only_1_allows_wiping(clean_env):
    clean_env.setenv("KINSCOPE_LINKAGE_SAME_PERSON", "")
    clean_env.setenv("KINSCOPE_TEST_GRAPH_MAY_BE_WIPED", "yes")
    assert Thresholds.from_env().same_person == Thresholds.same_person
    with pytest.raises(WipeRefused):
        check_wipe_allowed(False)


def test_passed_settings_win_over_the_environment(clean_env, tmp_path):
    clean_env.setenv("KINSCOPE_NER_MODEL", str(tmp_path / "from-env"))
    given = Settings(ner_model=tmp_path / "given", linkage_same_person=0.9)
    assert default_model_dir(given) == tmp_path / "given"
    assert Thresholds.from_env(given).same_person == 0.9
