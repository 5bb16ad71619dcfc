"""An increment's record scope checked on a graph a full run left (issue 10 §2).

For random sets of records (one on each of ``--share`` of the children) taken as if they had
changed, prints the scope an increment would link (records, share of all, context, rounds) and
the records whose person the scope's link gives otherwise than the graph has: 0 when the scope
holds everything that decides its persons (:mod:`evaluation.increment_scope`). Read-only; run it
on a bench graph after a full run, e.g. the one ``bench/resolution_increment.py`` leaves.
"""

from __future__ import annotations

import argparse
import json
import time

from evaluation.increment_scope import check_scopes
from graph_model.connection import open_driver
from kinscope.settings import get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    with open_driver(get_settings()) as driver:
        rows = check_scopes(driver, share=args.share, rounds=args.rounds, seed=args.seed)
    for row in rows:
        differ = row["differ"]
        print(json.dumps({**row, "scope_share": round(row["scope"] / max(row["records"], 1), 4),
                          "differ": None if differ is None else len(differ), "differ_ids": (differ or [])[:10]}))
    bad = sum(len(r["differ"]) if r["differ"] is not None else 1 for r in rows)
    print(f"{len(rows)} scopes checked in {time.perf_counter() - started:.1f} s: "
          f"{'all exact' if not bad else f'{bad} records (or mixed persons) differ'}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
