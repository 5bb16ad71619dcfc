"""`kinscope pipeline …`: run the Airflow DAGs locally; set up Airflow for `airflow standalone`."""

from __future__ import annotations

import json
import shlex
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console

from kinscope.errors import KinscopeError

pipeline_app = typer.Typer(
    help="Run the Airflow pipeline (ingest → document text → mentions → resolution → ranking).",
    no_args_is_help=True,
)
console = Console(stderr=True)
out = Console()


def _fail(exc: Exception) -> None:
    console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


@pipeline_app.command("run")
def run(
    export: Path = typer.Option(..., "--export", exists=True, file_okay=False,
                                help="A source export folder; copied into the inbox and loaded."),
    network: bool = typer.Option(True, "--network/--no-network",
                                 help="Run the downstream DAG when the graph changed."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    airflow_logs: bool = typer.Option(False, "--airflow-logs", help="Show Airflow's own INFO logs."),
    executor: str = typer.Option(
        "in-process", "--executor",
        help="in-process: `dag.test()` here (default). celery: the deployment of "
             "scripts/celery_stack.sh (scheduler, Celery workers, Postgres); see docs/deployment.md."),
) -> None:
    """Run the ingest DAG, then the network DAG (in-process with `dag.test()`, or on Celery workers)."""
    import os

    if executor not in ("in-process", "celery"):
        _fail(KinscopeError(f"--executor {executor!r}: choose in-process or celery"))
    if not airflow_logs:  # before Airflow is imported; an operator's own setting wins
        os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")

    try:
        if executor == "celery":
            from pipeline.celery_runner import run_pipeline_celery

            result = run_pipeline_celery(export, network=network,
                                         progress=lambda line: console.print(line, highlight=False))
        else:
            from pipeline.runner import run_pipeline

            result = run_pipeline(export, network=network)
    except KinscopeError as exc:
        _fail(exc)
    if as_json:
        out.print_json(json.dumps(asdict(result) | {"ok": result.ok}, default=str))
    else:
        out.print(f"Airflow home: {result.airflow_home}  (db migrate: "
                  f"{'%.1f s' % result.migrate_seconds if result.migrate_seconds else 'up to date'}; "
                  f"neo4j_default from {result.connection})")
        out.print(f"Export in inbox: {result.inbox_folder}")
        for r in result.runs:
            out.print(f"[bold]{r.dag_id}[/] {r.run_id}: {r.state} in {r.seconds:.1f} s")
            for task_id, state in r.tasks.items():
                value = r.outputs.get(task_id)
                shown = json.dumps(value, default=str) if value is not None else ""
                if isinstance(value, list) and all(isinstance(v, list) for v in value):
                    shown = f"{len(value)} batches, {sum(len(v) for v in value)} records"  # *_batches tasks
                out.print(f"  {task_id:<26} {state:<8} {shown[:400]}", highlight=False, soft_wrap=True)
        if not result.runs:
            out.print("Nothing new was loaded: this export was loaded before.")
        if len(result.runs) == 1 and result.ok:
            out.print("Nothing new was loaded: the graph did not change, kinscope_network not triggered.")
        out.print(f"Total {result.seconds:.1f} s")
    if not result.ok:
        raise typer.Exit(code=1)


@pipeline_app.command("env")
def env() -> None:
    """Print the environment for running Airflow itself (`airflow standalone`) on Kinscope's DAGs."""
    from pipeline import airflow_home

    ah = airflow_home.configure()
    for key, value in ah.env.items():
        out.print(f"export {key}={shlex.quote(value)}", highlight=False, soft_wrap=True)


@pipeline_app.command("connection")
def connection(
    persist: bool = typer.Option(False, "--persist", help="Store it in the Airflow metadata DB (for `airflow standalone`)."),
) -> None:
    """Create the Airflow Connection `neo4j_default` from Kinscope's settings if it is not defined."""
    from pipeline import airflow_home
    from pipeline.config import PipelineSettings

    settings = PipelineSettings()
    airflow_home.prepare(settings=settings)
    from pipeline.neo4j_conn import ensure_connection

    try:
        where = ensure_connection(settings, persist=persist)
    except KinscopeError as exc:
        _fail(exc)
    out.print(f"neo4j_default: {where}")
