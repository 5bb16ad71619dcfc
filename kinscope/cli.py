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
    output_format: str = typer.Option(
        "contract", "--format",
        help="contract: a source export with truth/; ssd: the same council as Standard Safeguarding "
             "Dataset tables (ssd_*.csv, for `kinscope convert ssd`; docs/ssd.md).",
    ),
) -> None:
    """Generate a synthetic council: a source-contract export with ground truth, or SSD tables."""
    style_list = [s.strip() for s in styles.split(",")] if styles else None
    try:
        if output_format == "ssd":
            if increment_of is not None or malformed:
                raise KinscopeError("--format ssd writes full SSD tables only: no --increment-of or --malformed "
                                    "(write a second council and use `kinscope convert ssd --previous`)")
            from synthetic.ssd_writer import write_ssd_council

            summary = write_ssd_council(out, children=children, seed=seed, styles=style_list)
        elif output_format == "contract":
            from synthetic.council import generate_council

            summary = generate_council(
                out, children=children, seed=seed, increment_of=increment_of, styles=style_list,
                render_documents=render_documents, malformed=malformed, progress=True,
            )
        else:
            raise KinscopeError(f"--format must be contract or ssd, not {output_format!r}")
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
    initial: bool = typer.Option(
        False, "--initial",
        help="First load of a full export into an EMPTY embedded database, through Neo4j's bulk importer "
             "(stops and restarts the server; much faster). Increments: load without it."),
) -> None:
    """Validate a source export and load its structured data into Neo4j (idempotent)."""
    from graph_model.connection import open_driver
    from graph_model.loader import load_export

    settings = get_settings()
    try:
        if initial:
            from graph_model.bulk_import import bulk_load_export

            report = bulk_load_export(export_dir, report_dir=report_dir, batch_size=batch_size, settings=settings).report
        else:
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


convert_app = typer.Typer(help="Convert standard council extracts into a source export.", no_args_is_help=True)
app.add_typer(convert_app, name="convert")


@convert_app.command("ssd")
def convert_ssd_command(
    source: Path = typer.Argument(..., exists=True, file_okay=False, help="A folder of SSD tables as CSV (ssd_person.csv, ...)."),
    out: Path = typer.Option(..., "--out", help="New folder to write the export into (report in <out>/conversion/)."),
    previous: Optional[Path] = typer.Option(
        None, "--previous", exists=True, file_okay=False,
        help="The previous conversion's export: write an increment (changed rows and deletions) against it."),
    exported_at: Optional[str] = typer.Option(None, "--exported-at", help="ISO timestamp to stamp (default: now)."),
    teams_from_allocations: bool = typer.Option(
        False, "--restricted-teams-from-allocations",
        help="Let the teams of a restricted child's open allocations see it (default: nobody)."),
) -> None:
    """Read Standard Safeguarding Dataset tables and write a contract export (docs/ssd.md)."""
    from datetime import datetime

    from convert.ssd import ConvertOptions, convert_ssd

    try:
        stamp = datetime.fromisoformat(exported_at.replace("Z", "+00:00")) if exported_at else None
        report = convert_ssd(source, out, previous=previous, options=ConvertOptions(
            exported_at=stamp, restricted_teams_from_allocations=teams_from_allocations))
    except (KinscopeError, ValueError) as exc:
        _fail(exc)
    console.print(report.summary_text(), highlight=False, markup=False, soft_wrap=True)
    if report.fatal:
        raise typer.Exit(code=1)


@app.command("train-ner")
def train_ner(
    output_dir: Optional[Path] = typer.Option(None, "--out", help="Model folder (default: <home>/models/ner)."),
    children: int = typer.Option(200, "--children", min=10, help="Synthetic children to train from."),
    max_steps: int = typer.Option(2000, "--max-steps", min=10, help="Training steps (a few minutes on CPU)."),
    corrections: bool = typer.Option(
        False, "--corrections/--no-corrections",
        help="Add the texts practitioners marked 'Not a person' (read from the graph) as negative examples."),
) -> None:
    """Train the mention model (extraction/configs/mentions.cfg) on synthetic training styles and
    the dev half of the annotated passages (evaluation_sets/other_hands, <home>/real_text);
    the same steps as the spaCy project extraction/project.yml. With --corrections, the
    practitioners' "Not a person" corrections in the graph train it too."""
    from extraction.cli_helpers import train_ner_command
    from synthetic.council import generate_council  # a development tool: only the CLI imports it

    negatives = None
    if corrections:
        import neo4j

        from graph_model.connection import open_driver
        from graph_model.decisions import not_a_person_examples

        settings = get_settings()
        try:
            with open_driver(settings) as driver:
                negatives = not_a_person_examples(driver, database=settings.neo4j_database)
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError) as exc:
            _fail(KinscopeError(f"cannot read the corrections from Neo4j at {settings.neo4j_uri} "
                                f"(start it with `kinscope neo4j start`): {exc}"))
        typer.echo(f"{len(negatives)} 'Not a person' corrections join the training data", err=True)
    record = train_ner_command(output_dir, children=children, max_steps=max_steps, negatives=negatives,
                               generate_council=generate_council)
    console.print_json(json.dumps(record, default=str))


@app.command("train-record-model")
def train_record_model(
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="Cache folder (default: .kinscope/models/linkage)."),
) -> None:
    """Train the shipped record model (dedupe on linkage/training/default_pairs.json) into the cache
    every resolution run loads it from, unless it is there already; `make setup` runs this, so no
    first run (or test) pays the training."""
    import hashlib
    import logging
    import time

    from linkage.records import load_or_train
    from linkage.settings import RecordModelSettings

    model_settings = RecordModelSettings(model_dir=model_dir) if model_dir else RecordModelSettings()
    path = model_settings.settings_path()
    cached = path.is_file()
    logging.getLogger("dedupe").setLevel(logging.WARNING)  # one line per stop word otherwise
    started = time.perf_counter()
    load_or_train(model_settings)
    # training is deterministic: two clones of one commit print the same digest
    console.print_json(json.dumps({"model": str(path), "trained": not cached,
                                   "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                                   "seconds": round(time.perf_counter() - started, 1)}))


@app.command("app", context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
             add_help_option=False)
def serve_app(ctx: typer.Context) -> None:
    """Serve the ecomap app (sign-in required): --host, --port, --dev, --workers; see --help."""
    from dashboards.app import main as serve

    serve(ctx.args)


users_app = typer.Typer(help="Users, teams and roles of the app (password hashes only).", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Sign-in name."),
    teams: str = typer.Option("", "--teams", help="';'-separated teams (access to restricted records)."),
    roles: str = typer.Option("practitioner", "--roles", help="';'-separated roles, e.g. practitioner;admin."),
    name: str = typer.Option("", "--name", help="Display name."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, envvar="KINSCOPE_NEW_USER_PASSWORD",
        help="Asked for when not given (or from KINSCOPE_NEW_USER_PASSWORD for scripts).",
    ),
) -> None:
    """Add or replace a user in the users file (KINSCOPE_USERS_FILE, default <home>/app/users.toml)."""
    from dashboards.auth import add_user
    from dashboards.settings import AppSettings

    aset = AppSettings()
    aset.app_env = "dev"  # only to resolve the users file path; no server is started
    path = aset.resolve(get_settings()).users_file
    split = lambda text: [t.strip() for t in text.split(";") if t.strip()]  # noqa: E731
    add_user(path, username, password, name=name, teams=split(teams), roles=split(roles))
    console.print(f"user {username!r} saved in {path}")


@app.command("extract")
def extract(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Any text or document file."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    model: Optional[Path] = typer.Option(None, "--model", help="NER model folder (default: the trained model; --rules-only for the rules alone)."),
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


# --------------------------------------------------------------------------- linkage & evaluation


@app.command("link")
def link(
    persons_csv: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV of person records."),
    out: Path = typer.Option(..., "--out", help="Where to write record_id,cluster_id,confidence."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Merge threshold (default: settings)."),
    train_on_this: bool = typer.Option(
        False, "--train-on-this", help="Re-estimate the model's weights on this file first (no labels needed)."),
) -> None:
    """Resolve any CSV of person records into persons (record linkage only, no graph).

    Columns used, when present: record_id (required), given_name, family_name, date_of_birth,
    gender, address_line, postcode, phone, email; other columns are ignored. Rows that cannot
    be linked (empty or duplicate record id, no name, bytes that are not UTF-8) and dates that
    are not dates are listed with the reason in <out>.issues.csv.
    """
    from linkage.cli_helpers import link_csv

    try:
        summary = link_csv(persons_csv, out, threshold=threshold, train_on_this=train_on_this)
    except ValueError as exc:
        _fail(exc)
    console.print_json(json.dumps(summary))


@app.command("label")
def label(
    source: Optional[Path] = typer.Argument(
        None, exists=True,
        help="Optional: an export folder (significant_adults.csv) or a CSV of records to label with dedupe's "
             "own active learning, outside the graph. Without it: the graph's review queue."),
    as_user: Optional[str] = typer.Option(
        None, "--as", help="Who answers (default: the OS user); their teams come from the app's users file."),
    retrain: bool = typer.Option(False, "--retrain", help="Then refit the council's record model on all answers."),
    training: Optional[Path] = typer.Option(
        None, "--training", help="With SOURCE: labels file to extend (default: <home>/models/linkage/council_training.json)."
    ),
    fresh: bool = typer.Option(False, "--fresh", help="With SOURCE: start without the shipped labels."),
) -> None:
    """Answer the linker's "possibly the same" pairs in the terminal, least certain first.

    y (same person), n (not the same), u (not sure), f (finish). The pairs and the rule are the
    app's review queue (only children the labeller may see); each answer is stored as a decision
    with who and when, respected by every resolution run, and trains the council's record model
    (at the next run, or now with --retrain).
    """
    if source is not None:
        from linkage.cli_helpers import label_records

        try:
            summary = label_records(source, training, fresh=fresh)
        except (ValueError, FileNotFoundError) as exc:
            _fail(exc)
        console.print_json(json.dumps(summary))
        return
    from graph_model.connection import open_driver
    from linkage.council_model import retrain as retrain_council_model
    from linkage.review_label import label_queue
    from linkage.settings import Thresholds

    settings = get_settings()
    viewer = _labeller(as_user, settings)
    try:
        with open_driver(settings) as driver:
            summary = label_queue(driver, viewer, ask=input, say=typer.echo, database=settings.neo4j_database,
                                  same_person=Thresholds.from_env().same_person)
            if retrain:
                summary["record_model"] = retrain_council_model(driver, database=settings.neo4j_database)[1]
    except (KinscopeError, ValueError) as exc:  # DecisionError: not a practitioner
        _fail(exc)
    console.print_json(json.dumps(summary))


def _labeller(as_user: Optional[str], settings):
    """The labeller as the graph gateway sees them: the app user of that name (teams, roles), or
    else a practitioner of no team, who sees no restricted child's records."""
    import getpass

    from dashboards.auth import load_users
    from dashboards.settings import AppSettings
    from graph_model.gateway import Viewer

    name = (as_user or getpass.getuser()).strip()
    aset = AppSettings()
    aset.app_env = "dev"  # only to resolve the users file path
    user = load_users(aset.resolve(settings).users_file).get(name)
    if user is None:
        return Viewer(name, frozenset(), frozenset({"practitioner"}), settings.allocation_grace_days)
    return Viewer(name, frozenset(user.teams), frozenset(user.roles), settings.allocation_grace_days)


@app.command("connections")
def connections(
    child_a: str = typer.Argument(..., help="First child's id."),
    child_b: str = typer.Argument(..., help="Second child's id."),
    max_hops: int = typer.Option(4, "--max-hops", min=1, max=8, help="Longest chain of ties to look for."),
    professionals: bool = typer.Option(False, "--professionals", help="Also connect through professionals."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Shortest chains of people, addresses and places connecting two children (MACE).

    An operator's tool: NOT filtered by team and NOT audit-logged (the app applies both).
    """
    from graph_model.connection import open_driver
    from ranking.cohorts import connection_paths

    if fmt not in ("table", "json"):
        _fail(ValueError("--format must be table or json"))
    with open_driver(get_settings()) as driver:
        paths = connection_paths(driver, child_a, child_b, max_hops, include_professionals=professionals)
    if fmt == "json":
        typer.echo(json.dumps({"child_a": child_a, "child_b": child_b, "paths": paths}, indent=2,
                              ensure_ascii=False, default=str))
        return
    if not paths:
        console.print(f"{child_a} and {child_b} are not connected within {max_hops} hops.")
        return
    shown: set[str] = set()
    for path in paths:
        line = f"{path['hops']} hops: " + " — ".join(str(n.get("name") or n.get("key")) for n in path["nodes"])
        if line not in shown:  # paths through different kinds of tie between the same nodes
            shown.add(line)
            typer.echo(line)


@app.command("network")
def network(
    child_id: str = typer.Argument(..., help="The child's id (child_id in the export)."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Print a child's resolved network from the graph (people, addresses, places).

    Each member with its display name, every surface form, category, roles, first/last
    seen, evidence count, confidence and rank.

    An operator's tool: NOT filtered by team (restricted children and notes are shown) and
    NOT audit-logged. Practitioners use the app, which applies both.
    """
    from graph_model.connection import open_driver
    from ranking.network_view import child_network, network_table

    if fmt not in ("table", "json"):
        _fail(ValueError("--format must be table or json"))
    try:
        with open_driver(get_settings()) as driver:
            view = child_network(driver, child_id)
    except KinscopeError as exc:
        _fail(exc)
    if view is None:
        _fail(ValueError(f"no child {child_id!r} in the graph"))
    if fmt == "json":
        typer.echo(json.dumps(view, indent=2, ensure_ascii=False, default=str))
    else:
        Console().print(network_table(view))


def _evaluation_pipeline(model: Optional[Path], rules_only: bool):
    """The pipeline an evaluation scores: the trained model (``--model``, ``KINSCOPE_NER_MODEL``
    or ``<home>/models/ner``), or the rules alone when ``--rules-only`` says so -- never a
    silent fallback, which would report rules-only figures as the model's."""
    from extraction.pipeline import build_pipeline, default_model_dir, is_model

    if not rules_only and model is None and not is_model(default_model_dir()):
        _fail(ValueError(f"no trained model at {default_model_dir()}: train one (`kinscope train-ner`), "
                         "point to one (--model or KINSCOPE_NER_MODEL), or score the rules alone (--rules-only)"))
    return build_pipeline(model, rules_only=rules_only)


@app.command("eval")
def evaluate(
    export: Path = typer.Option(..., "--export", exists=True, file_okay=False, help="An export with truth/."),
    model: Optional[Path] = typer.Option(None, "--model", help="NER model folder (default: the trained model; --rules-only for the rules alone)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Mention extraction without the statistical NER."),
    out: Path = typer.Option(Path("reports/eval.json"), "--out", help="Where to write the JSON report."),
    wipe: bool = typer.Option(False, "--wipe", help="Allow wiping the configured graph (required)."),
) -> None:
    """Run extraction and resolution on an export and score them against its truth/.

    WIPES the configured graph first: refused unless --wipe (or KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1).
    Prints and writes extraction P/R/F1 per label, record-linkage pairwise and B-cubed P/R/F1,
    mention-resolution P/R/F1, per-child network recall/precision and the duplicate rate.
    """
    from graph_model.connection import open_driver
    from evaluation.report import WipeRefused, check_wipe_allowed, evaluate_export_chain, format_report

    try:
        check_wipe_allowed(wipe)
    except WipeRefused as exc:
        _fail(exc)
    nlp = _evaluation_pipeline(model, rules_only)
    try:
        with open_driver(get_settings()) as driver:
            report = evaluate_export_chain(driver, export, nlp=nlp, wipe=wipe, progress=None)
    except (KinscopeError, FileNotFoundError) as exc:
        _fail(exc)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    typer.echo(format_report(report))
    console.print(f"report written to {out}")


evaluate_app = typer.Typer(help="Score extraction on annotated passages nobody here wrote.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("real-text")
def evaluate_real_text(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, help="A folder of annotated passage JSON files."),
    split: str = typer.Option("all", "--split", help="dev, heldout or all."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    model: Optional[Path] = typer.Option(None, "--model", help="NER model folder (default: the trained model; --rules-only for the rules alone)."),
    rules_only: bool = typer.Option(False, "--rules-only", help="Without the statistical NER."),
    errors: bool = typer.Option(False, "--errors", help="List missed and spurious spans (never on heldout)."),
) -> None:
    """People, roles, groups and places found, by character-offset overlap (extraction/evaluate_real_text.py)."""
    from extraction.evaluate_real_text import evaluate_dir, format_table

    if fmt not in ("table", "json") or split not in ("dev", "heldout", "all"):
        _fail(ValueError("--format must be table or json; --split dev, heldout or all"))
    report = evaluate_dir(folder, _evaluation_pipeline(model, rules_only), split,
                          with_errors=errors and split == "dev")
    typer.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else format_table(report))


def run() -> None:  # pragma: no cover - console entry for `python -m kinscope`
    try:
        app()
    except KinscopeError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        sys.exit(2)
