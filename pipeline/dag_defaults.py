"""What every Kinscope DAG shares: owner, retries with exponential backoff, start date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from pipeline.config import PipelineSettings

OWNER = "kinscope"
START_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)


def default_args(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """Retries from settings (`KINSCOPE_PIPELINE_RETRIES`, `…_RETRY_DELAY_S`, `…_RETRY_BACKOFF`).

    Read when the DAG file is parsed; defaults: 3 retries after 1, 2, 4 minutes (capped at 30).
    """
    s = settings or PipelineSettings()
    return {
        "owner": OWNER,
        "retries": s.pipeline_retries,
        "retry_delay": timedelta(seconds=s.pipeline_retry_delay_s),
        "retry_exponential_backoff": s.pipeline_retry_backoff,
        "max_retry_delay": timedelta(seconds=s.pipeline_max_retry_delay_s),
    }
