"""package: the trained pipeline, calibrated, where Kinscope loads it (KINSCOPE_NER_MODEL)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from extraction.training import package_model


def main(best: Path = typer.Argument(..., exists=True, file_okay=False, help="training/model-best"),
         output_dir: Path = typer.Argument(..., help="Model folder Kinscope loads."),
         corpus_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="The corpus it was trained on.")) -> None:
    info = package_model(best, output_dir, corpus_dir)
    typer.echo(json.dumps({"model": str(output_dir), "dev_scores": info["dev_scores"]["ents_f"],
                           "calibration": info["calibration"]}))


if __name__ == "__main__":
    typer.run(main)
