"""make-corpus: synthetic notes in the training styles + the dev half of the annotated passages."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from extraction.training import make_corpus
from synthetic.council import generate_council


def main(corpus_dir: Path = typer.Argument(..., help="Folder to write train/, dev.spacy, sources.json into."),
         children: int = typer.Option(200, help="Synthetic children to train from."),
         passages: list[Path] = typer.Option([], help="Annotated passage folders (their dev half trains)."),
         repeat: int = typer.Option(4, help="Times each passage is repeated in the training data.")) -> None:
    existing = [p for p in passages if p.is_dir()]
    for p in set(passages) - set(existing):
        typer.echo(f"no passages at {p}: left out", err=True)
    sources = make_corpus(corpus_dir, children=children, passages=existing, passage_repeat=repeat,
                          generate_council=generate_council)
    typer.echo(json.dumps({k: sources[k] for k in ("train_docbin", "train_passages", "dev_docbin")}, default=str))


if __name__ == "__main__":
    typer.run(main)
