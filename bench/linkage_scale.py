"""``kinscope link`` on large synthetic person CSVs: time, peak memory and the projection to a
council's 1.1M adult records.

Each file has households (1-4 people sharing a family name, address and postcode; a child
and a parent often share a given name), and 1-3 records per person with the kinds of noise
a council's systems add (typos, nicknames, a blank or transposed date of birth, a new
address). Names are drawn from Faker's en_GB lists (seeded). Time is the linking call
(``linkage.cli_helpers.link_csv``: read, block, score, cluster, write); the baseline in the
same process is reading and checking the same CSV (``read_person_csv_checked``). Peak MiB
is the peak resident set size above the size before the call. The projection fits
``time = a * rows ** b`` through the measured sizes.

    uv run --frozen python bench/linkage_scale.py --rows 25000,50000,100000
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.linkage_public import PeakRSS  # noqa: E402
from evaluation.record_linkage import linkage_metrics  # noqa: E402

COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "gender",
           "address_line", "postcode")
NICK = {"william": "Bill", "robert": "Bob", "elizabeth": "Liz", "margaret": "Maggie",
        "james": "Jim", "katherine": "Kate", "thomas": "Tom", "jonathan": "Jon"}


def _pools(seed: int):
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    females = sorted({fake.first_name_female() for _ in range(3000)})
    males = sorted({fake.first_name_male() for _ in range(3000)})
    families = sorted({fake.last_name() for _ in range(20000)})
    streets = sorted({fake.street_name() for _ in range(5000)})
    return females, males, families, streets


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.random()
    if kind < 0.4:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind < 0.7:
        return s[:i] + s[i + 1:]
    return s[:i] + rng.choice("aeiounrst") + s[i + 1:]


def people_csv(path: Path, rows: int, seed: int = 5) -> dict[str, str]:
    """Write about ``rows`` person records; return record id -> true person id."""
    rng = random.Random(seed)
    females, males, families, streets = _pools(seed)
    truth: dict[str, str] = {}
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        person = 0
        while len(truth) < rows:
            family = rng.choice(families)
            address = f"{rng.randint(1, 250)} {rng.choice(streets)}"
            postcode = f"{rng.choice('ABKLMSY')}{rng.choice('ABCRSX')}{rng.randint(1, 29)} " \
                       f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            parent_given = None
            for member in range(rng.choice((1, 1, 2, 2, 3, 4))):
                person += 1
                sex = rng.choice("FM")
                given = rng.choice(females if sex == "F" else males)
                if member and parent_given and rng.random() < 0.1:
                    given = parent_given  # Jr / Sr, "Mohammed" in two generations
                parent_given = parent_given or given
                born = (1940 + rng.randrange(60) if member == 0 else 1975 + rng.randrange(45),
                        rng.randint(1, 12), rng.randint(1, 28))
                for k in range(rng.choice((1, 1, 2, 2, 3))):
                    g, fam, dob = given, family, "%04d-%02d-%02d" % born
                    addr, pc = address, postcode
                    if k:
                        r = rng.random()
                        if r < 0.25:
                            g = _typo(rng, g)
                        elif r < 0.35:
                            g = NICK.get(g.lower(), g)
                        elif r < 0.5:
                            fam = _typo(rng, fam)
                        if rng.random() < 0.15:
                            dob = ""
                        elif rng.random() < 0.1:
                            dob = "%04d-%02d-%02d" % (born[0], born[2], born[1]) if born[2] <= 12 else dob
                        if rng.random() < 0.2:
                            addr = f"{rng.randint(1, 250)} {rng.choice(streets)}"
                            pc = ""
                    rid = f"R{len(truth) + 1}"
                    truth[rid] = f"P{person}"
                    w.writerow([rid, g, fam, dob, sex if rng.random() > 0.1 else "", addr, pc])
    return truth


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="25000,50000,100000")
    args = parser.parse_args(argv)

    from linkage.cli_helpers import link_csv, read_person_csv_checked
    from linkage.records import load_or_train
    from linkage.settings import RecordModelSettings

    load_or_train(RecordModelSettings())
    results = []
    for n in (int(x) for x in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "people.csv", Path(tmp) / "clusters.csv"
            truth = people_csv(src, n)
            t0 = time.perf_counter()
            read_person_csv_checked(src)
            read_s = time.perf_counter() - t0
            with PeakRSS() as m:
                link_csv(src, out)
            with open(out, newline="", encoding="utf-8") as f:
                predicted = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(f)}
        metrics = linkage_metrics(predicted, truth)
        results.append((n, m.seconds, m.mib, read_s, metrics))
        print(f"{n:,} rows: link {m.seconds:.1f}s (read alone {read_s:.1f}s, ratio "
              f"{m.seconds / read_s:.0f}x), peak +{m.mib:.0f} MiB, pairwise F1 "
              f"{metrics.pairwise_f1:.3f} (P {metrics.pairwise_precision:.3f}, "
              f"R {metrics.pairwise_recall:.3f})", flush=True)
    print("\n| rows | link (s) | read alone (s) | peak MiB | rows/s | P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for n, s, mib, read_s, mt in results:
        print(f"| {n:,} | {s:.1f} | {read_s:.1f} | {mib:.0f} | {n / s:,.0f} | "
              f"{mt.pairwise_precision:.3f} | {mt.pairwise_recall:.3f} | {mt.pairwise_f1:.3f} |")
    if len(results) >= 2:
        (n0, s0, m0, *_), (n1, s1, m1, *_) = results[0], results[-1]
        b = math.log(s1 / s0) / math.log(n1 / n0)
        bm = math.log(max(m1, 1) / max(m0, 1)) / math.log(n1 / n0)
        for target in (200_000, 1_100_000):
            print(f"projection to {target:,} rows: time ~ {s1 * (target / n1) ** b:,.0f} s "
                  f"(exponent {b:.2f}), peak ~ {m1 * (target / n1) ** bm:,.0f} MiB "
                  f"(exponent {bm:.2f})")


if __name__ == "__main__":
    main()
