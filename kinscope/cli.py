"""The `kinscope` command line. Each subcommand is a thin wrapper over library code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from kinscope.errors import KinscopeError
from kinscope.logs import configure_logging
from kinscope.settings import get_settings
from pipeline.cli import pipeline_app

app = typer.Typer(
    help="Kinscope: find every person and place around a child in council records.",
    no_args_is_help=True,
    add_completion=False,
)
neo4j_app = typer.Typer(help="Run the embedded Neo4j + Graph Data Science server.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(pipeline_app, name="pipeline")
console = Console(stderr=True)


@app.callback()
def main(
    log_level: str = typer.Option("INFO", "--log-level", help="DEBUG, INFO, WARNING or ERROR."),
    json_logs: bool = typer.Option(False, "--json-logs", help="Write structured JSON log lines."),
) -> None:
    configure_logging(log_level, json_logs)


def _fail(exc: Exception) -> None:
    console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start Neo4j 5.26 + Open GDS on 127.0.0.1; returns once Bolt answers."""
    from graph_model import server

    try:
        st = server.start(get_settings())
    except KinscopeError as exc:
        _fail(exc)
    console.print(f"Neo4j running: {st.describe()}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the embedded Neo4j server (no-op when it is not running)."""
    from graph_model import server

    try:
        stopped = server.stop(get_settings())
    except KinscopeError as exc:
        _fail(exc)
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the embedded server runs and Bolt answers (exit 1 when not)."""
    from graph_model import server

    st = server.status(get_settings())
    console.print(st.describe())
    raise typer.Exit(code=0 if st.bolt_ready else 1)


@app.command("synth")
def synth(
    out: Path = typer.Option(..., "--out", help="Folder to write the export (and truth/) into."),
    children: int = typer.Option(200, "--children", min=1, help="Number of children."),
    seed: int = typer.Option(1, "--seed", help="Random seed; same seed, same council."),
    increment_of: Optional[Path] = typer.Option(
        None, "--increment-of", help="Write an increment (changes + deletions) of this full export."
    ),
    styles: Optional[str] = typer.Option(
        None, "--styles", help="Comma-separated note-writing styles (default: all). See synthetic/README.md."
    ),
    render_documents: bool = typer.Option(
        True, "--render-documents/--plain-documents",
        help="Render documents as docx/doc/pdf/scans... (slow), or write them all as .txt (fast).",
    ),
    malformed: bool = typer.Option(False, "--malformed", help="Add a few malformed rows (listed in truth/malformed.csv)."),
) -> None:
    """Generate a synthetic council export that follows the source contract, with ground truth."""
    from synthetic.council import generate_council

    try:
        summary = generate_council(
            out, children=children, seed=seed, increment_of=increment_of,
            styles=[s.strip() for s in styles.split(",")] if styles else None,
            render_documents=render_documents, malformed=malformed, progress=True,
        )
    except KinscopeError as exc:
        _fail(exc)
    console.print_json(json.dumps(summary, default=str))


@app.command("load")
def load(
    export_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="A source export folder."),
    report_dir: Optional[Path] = typer.Option(
        None, "--report-dir", help="Where the load report and quarantine go (default: <home>/loads/<run>)."
    ),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="Rows per transaction."),
) -> None:
    """Validate a source export and load its structured data into Neo4j (idempotent)."""
    from graph_model.connection import open_driver
    from graph_model.loader import load_export

    settings = get_settings()
    try:
        with open_driver(settings) as driver:
            report = load_export(
                driver,
                export_dir,
                report_dir=report_dir,
                batch_size=batch_size or settings.load_batch_size,
                settings=settings,
            )
    except KinscopeError as exc:
        _fail(exc)
    console.print(report.summary_text(width=console.width), highlight=False)
    if report.fatal:
        raise typer.Exit(code=1)


@app.command("train-ner")
def train_ner(
    output_dir: Optional[Path] = typer.Option(None, "--out", help="Model folder (default: <home>/models/ner)."),
    children: int = typer.Option(200, "--children", min=10, help="Synthetic children to train from."),
    max_steps: int = typer.Option(2000, "--max-steps", min=10, help="Training steps (a few minutes on CPU)."),
) -> None:
    """Train the statistical NER from extraction/configs/ner.cfg on synthetic training styles."""
    from extraction.cli_helpers import train_ner_command

    record = train_ner_command(output_dir, children=children, max_steps=max_steps)
    console.print_json(json.dumps(record, default=str))


@app.command("extract")
def extract(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Any text or document file."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    model: Optional[Path] = typer.Option(None, "--model", help="NER model folder (default: trained model, else rules only)."),
) -> None:
    """Print the mentions (people, roles, places, contact details...) found in one file."""
    from extraction.cli_helpers import extract_file, mentions_json, mentions_table

    if fmt not in ("table", "json"):
        _fail(ValueError("--format must be table or json"))
    text, status, mentions = extract_file(file, model_dir=model)
    if fmt == "json":
        typer.echo(mentions_json(mentions, text=text, status=status, source=str(file)))
    else:
        Console().print(mentions_table(mentions, title=f"{file} ({status.get('status')}, {len(text):,} characters)"))
    if status.get("status") == "failed":
        console.print(f"[yellow]could not read the file:[/] {status.get('reason')}")
        raise typer.Exit(code=1)


evaluate_app = typer.Typer(
    help="Precision, recall and F1 against synthetic ground truth (each takes --help).", no_args_is_help=True
)
app.add_typer(evaluate_app, name="evaluate")
_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


@evaluate_app.command("mentions", context_settings=_PASS_THROUGH, add_help_option=False)
def evaluate_mentions(ctx: typer.Context) -> None:
    """Mention extraction per label, exact and partial spans, on held-out styles and the example."""
    from extraction.evaluate import main as run_evaluation

    raise typer.Exit(code=run_evaluation(ctx.args) or 0)


@evaluate_app.command("records", context_settings=_PASS_THROUGH, add_help_option=False)
def evaluate_records(ctx: typer.Context) -> None:
    """Significant-adult record linkage: pairwise and B-cubed P/R/F1, duplicates left."""
    from linkage.evaluate import main as run_evaluation

    raise typer.Exit(code=run_evaluation(ctx.args) or 0)


@evaluate_app.command("network", context_settings=_PASS_THROUGH, add_help_option=False)
def evaluate_network(ctx: typer.Context) -> None:
    """Whole chain on a generated council: network recall/precision, duplicates, mention links."""
    from linkage.evaluate_network import main as run_evaluation

    raise typer.Exit(code=run_evaluation(ctx.args) or 0)


def run() -> None:  # pragma: no cover - console entry for `python -m kinscope`
    try:
        app()
    except KinscopeError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        sys.exit(2)
