"""evaluate: people, roles, groups and places found on the HELD-OUT half of each passage set."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from extraction.evaluate_real_text import evaluate_dir
from extraction.pipeline import build_pipeline


def main(model: Path = typer.Argument(..., exists=True, file_okay=False, help="The packaged model."),
         out: Path = typer.Argument(..., help="Metrics JSON to write."),
         passages: list[Path] = typer.Option([], help="Annotated passage folders.")) -> None:
    nlp = build_pipeline(model)
    report = {str(p): {k: v for k, v in evaluate_dir(p, nlp, "heldout").items() if k != "errors"}
              for p in passages if p.is_dir()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for folder, r in report.items():
        typer.echo(f"{folder}: people {r['people_found']:.3f}  places {r['places_found']:.3f}  "
                   f"not-people {r['not_people_share']:.3f}")


if __name__ == "__main__":
    typer.run(main)
