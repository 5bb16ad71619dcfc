"""Test helpers: a throw-away AIRFLOW_HOME, shared by every test module of one pytest process.

Airflow reads its configuration once per process, at first import, so every test module that
touches Airflow calls `temporary_airflow_home()` at import time, before importing Airflow; the
first call creates the folder, later calls reuse it. It is removed when the process exits.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from pipeline.airflow_home import AirflowHome, configure

_ENV = "KINSCOPE_TEST_AIRFLOW_HOME"


def temporary_airflow_home() -> AirflowHome:
    existing = os.environ.get(_ENV)
    if existing and Path(existing).is_dir():
        home = Path(existing)
    else:
        home = Path(tempfile.mkdtemp(prefix="kinscope-airflow-test-"))
        os.environ[_ENV] = str(home)
        atexit.register(shutil.rmtree, home, True)
    # Later configure() calls in this process (e.g. `run_pipeline`) must resolve to the same home.
    os.environ["KINSCOPE_AIRFLOW_HOME"] = str(home)
    return configure(home, force=True)
