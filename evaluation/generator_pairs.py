"""Writes the generator's share of the default model's training pairs (shipped data).

``python -m evaluation.generator_pairs [--seed 7] [--children 400] [--out PATH]`` generates a
synthetic council (the seed must differ from any evaluation seed), reads its
``significant_adults.csv`` and ``truth/record_truth.csv`` and writes labelled pairs
(:func:`linkage.training_data.training_pairs`) to ``linkage/training/adult_records.json``.
It lives here, with the other tools that need the generator, so that the product reads the
pairs as data and never imports ``synthetic``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from linkage.training_data import GENERATOR_FILE, TRAINING_SEED, read_adults, read_record_truth, training_pairs


def build_training_file(out: Path = GENERATOR_FILE, *, seed: int = TRAINING_SEED,
                        children: int = 400) -> dict:
    """Generate a synthetic export with ``seed`` and write labelled pairs to ``out``."""
    from synthetic.council import generate_council

    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export"
        generate_council(export, children=children, seed=seed, render_documents=False,
                         notes_per_child=(0, 0), docs_per_child=(0, 0))
        pairs = training_pairs(read_adults(export), read_record_truth(export), seed=seed)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"_source": {"generator": "synthetic.council.generate_council", "seed": seed,
                           "children": children},
               "match": pairs["match"], "distinct": pairs["distinct"]}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(payload, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return {"out": str(out), "match": len(pairs["match"]), "distinct": len(pairs["distinct"])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=TRAINING_SEED)
    parser.add_argument("--children", type=int, default=400)
    parser.add_argument("--out", type=Path, default=GENERATOR_FILE)
    args = parser.parse_args(argv)
    print(build_training_file(args.out, seed=args.seed, children=args.children))


if __name__ == "__main__":
    main()
