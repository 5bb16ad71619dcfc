"""One typed settings object for the whole system, read from environment variables.

Neo4j connection variables keep the names every Neo4j tool uses (`NEO4J_URI`,
`NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`) so a council can point Kinscope at an
existing server, cluster or Aura instance. Everything else is prefixed `KINSCOPE_`.
No secret has a default: when `NEO4J_PASSWORD` is unset, the password of the embedded
server (generated at its first start, stored with mode 0600 under the project's state
directory) is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_core import PydanticUseDefault
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_home() -> Path:
    if (REPO_ROOT / "pyproject.toml").exists():
        return REPO_ROOT / ".kinscope"
    return Path.cwd() / ".kinscope"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KINSCOPE_", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="State directory (git-ignored)")

    neo4j_uri: str = Field(
        "",
        validation_alias=AliasChoices("NEO4J_URI", "KINSCOPE_NEO4J_URI"),
        description="Default: the embedded server, bolt://127.0.0.1:<neo4j_bolt_port>",
    )
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME"))
    neo4j_password: str | None = Field(None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))

    # Embedded server (only used when Kinscope starts Neo4j itself)
    neo4j_bolt_port: int = 7687
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_start_timeout_s: float = 180.0

    load_batch_size: int = 10000
    load_writers: int = Field(1, ge=1, le=8, description="Concurrent write sessions per table")

    allocation_grace_days: int = Field(
        90, ge=0, le=3650,
        description="Access to a child's restricted records through an allocation ends this many days after its end date",
    )

    # Celery deployment (scripts/celery_stack.sh, `kinscope pipeline run --executor celery`):
    # Postgres metadata, Redis broker, API server, scheduler, dag-processor, Celery workers,
    # all local to this machine, state under <home>/celery.
    celery_home: Path | None = Field(None, description="KINSCOPE_CELERY_HOME: default <home>/celery")
    celery_postgres_port: int = Field(5433, description="KINSCOPE_CELERY_POSTGRES_PORT (127.0.0.1)")
    celery_redis_port: int = Field(6380, description="KINSCOPE_CELERY_REDIS_PORT (127.0.0.1)")
    celery_api_port: int = Field(8280, description="KINSCOPE_CELERY_API_PORT: Airflow's API server")
    celery_workers: int = Field(2, ge=1, le=32, description="KINSCOPE_CELERY_WORKERS: Celery worker processes")
    celery_worker_concurrency: int = Field(
        1, ge=1, le=64, description="KINSCOPE_CELERY_WORKER_CONCURRENCY: task slots per worker")
    celery_start_timeout_s: float = Field(180.0, gt=0, description="KINSCOPE_CELERY_START_TIMEOUT_S")
    celery_run_timeout_s: float = Field(
        3600.0, gt=0, description="KINSCOPE_CELERY_RUN_TIMEOUT_S: longest a DAG run is waited for")

    # Mention model and record linker (read here, passed to extraction / linkage)
    ner_model: Path | None = Field(None, description="KINSCOPE_NER_MODEL: default <home>/models/ner")
    linkage_training_file: Path | None = Field(
        None, description="KINSCOPE_LINKAGE_TRAINING_FILE: labelled pairs (default: the shipped pairs)")
    linkage_same_person: float | None = Field(
        None, description="KINSCOPE_LINKAGE_SAME_PERSON: merge threshold (default linkage.settings.Thresholds)")
    linkage_possibly_same: float | None = Field(
        None, description="KINSCOPE_LINKAGE_POSSIBLY_SAME: review threshold (default linkage.settings.Thresholds)")
    linkage_file_weight: float = Field(
        2.0, description="KINSCOPE_LINKAGE_FILE_WEIGHT: weight of a file's own pairs in --train-on-this")

    # Evaluation (evaluation/): may an evaluation delete everything in the configured graph?
    test_graph_may_be_wiped: bool = Field(False, description="KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1")

    @field_validator("ner_model", "linkage_training_file", "linkage_same_person", "linkage_possibly_same",
                     "linkage_file_weight", mode="before")
    @classmethod
    def _blank_is_unset(cls, value):
        if isinstance(value, str) and not value.strip():
            raise PydanticUseDefault()
        return value

    @field_validator("test_graph_may_be_wiped", mode="before")
    @classmethod
    def _only_one_allows_wiping(cls, value):
        return value.strip() == "1" if isinstance(value, str) else bool(value)

    @model_validator(mode="after")
    def _default_uri_is_the_embedded_server(self) -> "Settings":
        if not self.neo4j_uri:
            self.neo4j_uri = f"bolt://127.0.0.1:{self.neo4j_bolt_port}"
        return self

    @property
    def neo4j_dir(self) -> Path:
        return self.home / "neo4j"

    @property
    def celery_dir(self) -> Path:
        return (self.celery_home or self.home / "celery").resolve()

    @property
    def embedded_password_file(self) -> Path:
        return self.neo4j_dir / "password"

    def resolved_neo4j_password(self) -> str:
        """The password to connect with: the environment's, else the embedded server's."""
        if self.neo4j_password:
            return self.neo4j_password
        if self.embedded_password_file.exists():
            return self.embedded_password_file.read_text().strip()
        raise RuntimeError(
            "No Neo4j password: set NEO4J_PASSWORD, or start the embedded server with "
            "`kinscope neo4j start` (it generates one)."
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def settings_from_environment() -> Settings:
    """A fresh read of the environment, for a library default when no settings were passed in
    (so a variable changed after :func:`get_settings` first ran is still honoured)."""
    return Settings()
