"""Helpers for the CLI: `kinscope extract FILE [--format json|table]` and `kinscope train-ner`.

    from extraction.cli_helpers import extract_file, mentions_json, mentions_table
    text, status, mentions = extract_file(Path("note.docx"))
    print(mentions_json(mentions, text=text, status=status))
"""

from __future__ import annotations

import json
from pathlib import Path

from extraction.pipeline import Mention, build_pipeline, extract_mentions


def read_any(path: Path) -> tuple[str, dict]:
    """Text of any file: plain text directly; documents through extraction.document_text."""
    path = Path(path)
    if path.suffix.lower() in (".txt", ".md", ".text", ".jsonl", ".csv", ""):
        try:
            return path.read_text(encoding="utf-8"), {"status": "text", "method": "plain"}
        except UnicodeDecodeError:
            pass
    from extraction.document_text import extract_text
    dt = extract_text(path)
    return dt.text or "", {"status": dt.status, "method": dt.method, "reason": dt.reason}


def extract_file(path: Path, nlp=None, model_dir: Path | None = None) -> tuple[str, dict, list[Mention]]:
    """(text, status, mentions) of one file; mentions' offsets index `text`."""
    text, status = read_any(path)
    if nlp is None:
        nlp = build_pipeline(model_dir)
    return text, status, (extract_mentions(text, nlp) if text else [])


def mentions_json(mentions: list[Mention], *, text: str | None = None, status: dict | None = None,
                  source: str | None = None) -> str:
    out: dict = {"mentions": [m.to_dict() for m in mentions]}
    if source is not None:
        out["file"] = source
    if status is not None:
        out["status"] = status
    if text is not None:
        out["characters"] = len(text)
    return json.dumps(out, ensure_ascii=False, indent=2)


def mentions_table(mentions: list[Mention], title: str | None = None):
    """A rich Table (print it with rich.console.Console().print)."""
    from rich.table import Table
    t = Table(title=title)
    for col, kw in (("label", {}), ("text", {}), ("start", {"justify": "right"}), ("end", {"justify": "right"}),
                    ("role", {}), ("relation to", {}), ("agency", {}), ("conf", {"justify": "right"}),
                    ("source", {})):
        t.add_column(col, **kw)
    for m in mentions:
        t.add_row(m.label, m.text, str(m.start_char), str(m.end_char), m.role or "", m.relation_to or "",
                  m.agency or "", f"{m.confidence:.2f}", m.source)
    return t


def default_passage_folders(repo_root: Path, home: Path) -> list[Path]:
    """The annotated passage sets whose dev half trains the model: the committed passages by
    other hands and, where this machine has it, the git-ignored folder of published text."""
    folders = [repo_root / "evaluation_sets" / "other_hands", home / "real_text"]
    return [f for f in folders if f.is_dir() and any(f.glob("*.json"))]


def train_ner_command(output_dir: Path | None = None, *, children: int = 200, max_steps: int = 2000,
                      verbose: bool = True, passages: list[Path] | None = None,
                      negatives: list[dict] | None = None, generate_council=None) -> dict:
    """What `kinscope train-ner` runs: train, then return the training record (the CLI passes
    the synthetic council generator in). negatives: practitioners' "Not a person" examples
    (:func:`graph_model.decisions.not_a_person_examples`), read by the CLI when asked."""
    from extraction.training import train_ner
    from kinscope.settings import REPO_ROOT, get_settings

    if passages is None:
        passages = default_passage_folders(REPO_ROOT, get_settings().home)
    model = train_ner(output_dir, children=children, max_steps=max_steps, verbose=verbose, passages=passages,
                      negatives=negatives or [], generate_council=generate_council)
    return json.loads((model / "kinscope_training.json").read_text(encoding="utf-8")) | {"model": str(model)}
