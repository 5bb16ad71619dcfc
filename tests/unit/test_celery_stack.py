"""The Celery deployment's configuration comes from settings; a stack that is not up is an error."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kinscope.errors import KinscopeError
from kinscope.settings import Settings
from pipeline.celery_stack import CeleryStack


def _settings(tmp_path: Path, **ports) -> Settings:
    return Settings(home=tmp_path, celery_postgres_port=ports.get("pg", 5999),
                    celery_redis_port=ports.get("redis", 6999), celery_api_port=ports.get("api", 8999),
                    celery_workers=3)


def test_airflow_environment_uses_the_configured_ports_and_folder(tmp_path):
    stack = CeleryStack.from_settings(_settings(tmp_path))
    env = stack.airflow_env()
    assert stack.home == (tmp_path / "celery").resolve() and stack.workers == 3
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW_HOME"] == str(stack.home / "airflow")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://kinscope:")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@127.0.0.1:5999/airflow")
    assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://127.0.0.1:6999/0"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://127.0.0.1:8999/execution/"
    exports = stack.shell_exports()
    assert "export KS_PG_PORT=5999" in exports and "export KS_WORKERS=3" in exports


def test_secrets_are_generated_once_and_private(tmp_path):
    stack = CeleryStack.from_settings(_settings(tmp_path))
    first = stack.airflow_env()
    again = CeleryStack.from_settings(_settings(tmp_path)).airflow_env()
    assert first["AIRFLOW__API_AUTH__JWT_SECRET"] == again["AIRFLOW__API_AUTH__JWT_SECRET"]
    assert first["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == again["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    other = CeleryStack.from_settings(_settings(tmp_path / "elsewhere")).airflow_env()
    assert other["AIRFLOW__API_AUTH__JWT_SECRET"] != first["AIRFLOW__API_AUTH__JWT_SECRET"]
    for path in (stack.home / "secrets").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_run_fails_clearly_when_the_stack_is_not_up(tmp_path):
    from pipeline.celery_runner import run_pipeline_celery
    from pipeline.config import PipelineSettings

    export = tmp_path / "export"
    export.mkdir()
    (export / "manifest.json").write_text("{}")
    settings = PipelineSettings(home=tmp_path, celery_postgres_port=1, celery_redis_port=1,
                                celery_api_port=1)
    with pytest.raises(KinscopeError) as err:
        run_pipeline_celery(export, settings=settings)
    message = str(err.value)
    assert "not up" in message and "scripts/celery_stack.sh start" in message
    assert "Postgres is not listening on 127.0.0.1:1" in message
    assert "Redis" in message and "API server" in message
    assert not (tmp_path / "inbox").exists()  # nothing was dropped into an inbox
