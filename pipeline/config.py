"""Pipeline settings: Kinscope's settings plus the inbox and the retry policy.

A subclass, so the same `KINSCOPE_*` / `NEO4J_*` environment variables apply. Not cached:
the inbox can change between runs in one process (tests, the CLI).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from kinscope.settings import Settings

# The Asset the ingest DAG updates and the downstream DAGs schedule on.
STRUCTURED_GRAPH_URI = "kinscope://graph/structured"
NEO4J_CONN_ID = "neo4j_default"


class PipelineSettings(Settings):
    inbox: Path | None = Field(None, description="KINSCOPE_INBOX: where exports land; default <home>/inbox")
    pipeline_retries: int = Field(3, ge=1, description="KINSCOPE_PIPELINE_RETRIES")
    pipeline_retry_delay_s: float = Field(60.0, gt=0, description="KINSCOPE_PIPELINE_RETRY_DELAY_S (first retry)")
    pipeline_retry_backoff: float = Field(2.0, ge=1, description="KINSCOPE_PIPELINE_RETRY_BACKOFF multiplier")
    pipeline_max_retry_delay_s: float = Field(1800.0, gt=0)
    inbox_poke_interval_s: float = Field(60.0, gt=0, description="KINSCOPE_INBOX_POKE_INTERVAL_S")
    inbox_wait_timeout_s: float = Field(3600.0, gt=0, description="KINSCOPE_INBOX_WAIT_TIMEOUT_S")
    extraction_batch_size: int = Field(
        200, ge=1, description="KINSCOPE_EXTRACTION_BATCH_SIZE: documents / notes per mapped extraction task")
    extraction_max_batches: int = Field(
        1000, ge=1, le=1024,
        description="KINSCOPE_EXTRACTION_MAX_BATCHES: at most this many mapped tasks per stage and run "
                    "(batches grow beyond the batch size when there is more; Airflow's max_map_length is 1024)")
    rerank_schedule: str = Field(
        "0 3 * * *", description="KINSCOPE_RERANK_SCHEDULE: cron of the daily re-ranking DAG (UTC)")

    @property
    def inbox_dir(self) -> Path:
        return (self.inbox or self.home / "inbox").resolve()


def pipeline_settings() -> PipelineSettings:
    return PipelineSettings()
