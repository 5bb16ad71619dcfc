"""Record linkage side by side: Kinscope's linker (dedupe) against Splink 4 (DuckDB).

Both resolve the same significant-adult records (one row per child+adult relationship) of a
synthetic export into persons, and both are scored by ``evaluation.record_linkage.linkage_metrics``
against ``truth/record_truth.csv``.

- Kinscope: ``linkage.records`` as shipped -- a ``dedupe`` model trained (supervised) from
  the labelled pairs in ``linkage/training/default_pairs.json`` (several sources, see
  ``default_pairs.sources.json``; the generator's share was drawn from a synthetic export
  of seed ``TRAINING_SEED`` (7)). "Training" here is ``train_model`` from
  that file (not the cached settings); "resolve" is ``link_adult_records`` with that model.
- Splink: a standard unsupervised Splink 4 model on the DuckDB backend, never shown the
  truth: comparisons on given name (exact, a nickname level -- the two records share a
  name variant from the same ``nicknames`` table Kinscope uses --, Jaro-Winkler levels, and
  "one is the other's initial"), family name (``NameComparison``), date of birth
  (``DateOfBirthComparison``), postcode (``PostcodeComparison``), phone (exact), email
  (``EmailComparison``), address (exact / Jaro-Winkler), and the source system's person id
  and gender (exact; Kinscope's model has both as features too); prediction blocking on family name, date of birth, postcode and phone;
  ``estimate_probability_two_random_records_match`` from deterministic rules,
  ``estimate_u_using_random_sampling``, then EM on two blocking rules (date of birth; family
  name + given-name initial); ``predict`` and ``cluster_pairwise_predictions_at_threshold``
  at match probability 0.5. Both see the same normalised fields
  (``linkage.normalise.normalise_record``), so the comparison is of the models, not of the
  cleaning.

Also reported: each linker's best clustering threshold on this export (chosen against the
truth, so an optimistic upper bound, not a fair operating point).

    uv sync --group bench
    uv run --group bench python bench/linkage_vs_splink.py --children 1000 --seed 99

Splink is a benchmark-only dependency (dependency group ``bench``); the normal install
(``uv sync --frozen``) does not have it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.record_linkage import LinkageMetrics, linkage_metrics
from linkage.normalise import name_variants
from linkage.training_data import TRAINING_SEED, prepare, read_adults, read_record_truth

THRESHOLD = 0.5
SWEEP = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
SPLINK_FIELDS = ("given", "family", "dob", "postcode", "phone", "email", "address", "ref",
                 "gender")


# ----------------------------------------------------------------------------- data


def export_for(children: int, seed: int, workdir: Path) -> Path:
    """A synthetic export (adult records + truth only), generated once per size and seed."""
    from synthetic.council import generate_council

    out = workdir / f"council-{children}-seed{seed}"
    if (out / "truth" / "record_truth.csv").is_file():
        return out
    generate_council(out, children=children, seed=seed, render_documents=False,
                     notes_per_child=(0, 0), docs_per_child=(0, 0))
    return out


# ----------------------------------------------------------------------------- Kinscope


def run_kinscope(records: list[dict], truth: dict[str, str]) -> dict:
    from linkage.records import _prepare_all, candidate_pairs, link_adult_records, train_model
    from linkage.settings import RecordModelSettings

    t0 = time.perf_counter()
    model = train_model(save=False)
    t1 = time.perf_counter()
    resolution = link_adult_records(records, model=model, threshold=THRESHOLD)
    t2 = time.perf_counter()
    metrics = linkage_metrics(resolution.cluster_of(), truth)

    # threshold sweep: the whole linker (blocking, per-file weights, household rule,
    # clustering) at each threshold
    sweep = {t: linkage_metrics(link_adult_records(records, model=model, threshold=t)
                                .cluster_of(), truth) for t in SWEEP}
    scored = len(list(candidate_pairs(model, _prepare_all(records),
                                      RecordModelSettings().blocking.max_block_size)))
    return {"metrics": metrics, "train_s": t1 - t0, "resolve_s": t2 - t1,
            "scored_pairs": scored, "sweep": sweep}


# ----------------------------------------------------------------------------- Splink


def splink_frame(records: list[dict]):
    import pandas as pd

    rows = []
    for raw in records:
        rec = prepare(raw)
        row = {"relationship_id": raw["relationship_id"]}
        row.update({k: rec.get(k) for k in SPLINK_FIELDS})
        first = rec["given"].split()[0] if rec.get("given") else None
        row["given_variants"] = sorted(name_variants(first)) if first else None
        row["given_initial"] = first[0] if first else None
        rows.append(row)
    return pd.DataFrame(rows)


def splink_settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    given = cl.CustomComparison(
        output_column_name="given",
        comparison_description="given name: exact, nickname variant, Jaro-Winkler, initial",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given", term_frequency_adjustments=True),
            cll.ArrayIntersectLevel("given_variants", min_intersection=1),
            cll.JaroWinklerLevel("given", 0.92),
            cll.JaroWinklerLevel("given", 0.80),
            cll.CustomLevel(
                "(length(given_l) = 1 OR length(given_r) = 1) "
                "AND substr(given_l, 1, 1) = substr(given_r, 1, 1)",
                label_for_charts="one is the other's initial"),
            cll.ElseLevel(),
        ],
    )
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_description="address: exact, Jaro-Winkler",
        comparison_levels=[
            cll.NullLevel("address"),
            cll.ExactMatchLevel("address"),
            cll.JaroWinklerLevel("address", 0.9),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="relationship_id",
        comparisons=[
            given,
            cl.NameComparison("family").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
            address,
            cl.ExactMatch("ref"),
            cl.ExactMatch("gender"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("family"),
            block_on("dob"),
            block_on("postcode"),
            block_on("phone"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def run_splink(records: list[dict], truth: dict[str, str], *, max_pairs: float,
               seed: int) -> dict:
    from splink import DuckDBAPI, Linker, block_on

    df = splink_frame(records)
    t0 = time.perf_counter()
    linker = Linker(df, splink_settings(), db_api=DuckDBAPI())
    for name in [n for n in logging.root.manager.loggerDict if n.startswith("splink")]:
        logging.getLogger(name).setLevel(logging.WARNING)  # Splink logs each EM iteration
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob"), block_on("family", "phone"),
         block_on("given", "family", "postcode")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("family", "given_initial"))
    t1 = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD)
    cdf = clusters.as_pandas_dataframe()
    t2 = time.perf_counter()
    predicted = dict(zip(cdf["relationship_id"].astype(str), cdf["cluster_id"].astype(str)))
    metrics = linkage_metrics(predicted, truth)

    sweep = {}
    for t in SWEEP:
        c = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=t).as_pandas_dataframe()
        sweep[t] = linkage_metrics(
            dict(zip(c["relationship_id"].astype(str), c["cluster_id"].astype(str))), truth)
    n_pairs = int(predictions.as_pandas_dataframe().shape[0])
    return {"metrics": metrics, "train_s": t1 - t0, "resolve_s": t2 - t1,
            "scored_pairs": n_pairs, "sweep": sweep}


# ----------------------------------------------------------------------------- report


def _best(sweep: dict[float, LinkageMetrics]) -> tuple[float, LinkageMetrics]:
    return max(sweep.items(), key=lambda kv: (kv[1].pairwise_f1, -abs(kv[0] - THRESHOLD)))


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def report(k: dict, s: dict, *, n_records: int) -> str:
    km, sm = k["metrics"], s["metrics"]
    kt, kb = _best(k["sweep"])
    st, sb = _best(s["sweep"])
    rows = [
        ("metric", "Kinscope (dedupe)", "Splink 4 (DuckDB)", "Kinscope / Splink"),
        ("pairwise precision", f"{km.pairwise_precision:.4f}", f"{sm.pairwise_precision:.4f}",
         _ratio(km.pairwise_precision, sm.pairwise_precision)),
        ("pairwise recall", f"{km.pairwise_recall:.4f}", f"{sm.pairwise_recall:.4f}",
         _ratio(km.pairwise_recall, sm.pairwise_recall)),
        ("pairwise F1", f"{km.pairwise_f1:.4f}", f"{sm.pairwise_f1:.4f}",
         _ratio(km.pairwise_f1, sm.pairwise_f1)),
        ("B-cubed F1", f"{km.bcubed_f1:.4f}", f"{sm.bcubed_f1:.4f}",
         _ratio(km.bcubed_f1, sm.bcubed_f1)),
        ("duplicates left (all persons)", f"{km.duplicates_left:.2%}",
         f"{sm.duplicates_left:.2%}", _ratio(km.duplicates_left, sm.duplicates_left)),
        ("duplicates left (multi-record)", f"{km.duplicates_left_multi:.2%}",
         f"{sm.duplicates_left_multi:.2%}",
         _ratio(km.duplicates_left_multi, sm.duplicates_left_multi)),
        ("over-merged resolved persons", f"{km.over_merged:.2%}", f"{sm.over_merged:.2%}",
         _ratio(km.over_merged, sm.over_merged)),
        ("resolved persons (true)", f"{km.resolved_persons} ({km.true_persons})",
         f"{sm.resolved_persons} ({sm.true_persons})", ""),
        ("scored candidate pairs", f"{k['scored_pairs']:,}", f"{s['scored_pairs']:,}", ""),
        ("training time (s)", f"{k['train_s']:.1f}", f"{s['train_s']:.1f}",
         _ratio(k["train_s"], s["train_s"])),
        ("resolve time (s)", f"{k['resolve_s']:.1f}", f"{s['resolve_s']:.1f}",
         _ratio(k["resolve_s"], s["resolve_s"])),
        ("resolve records/s", f"{n_records / k['resolve_s']:,.0f}",
         f"{n_records / s['resolve_s']:,.0f}", _ratio(s["resolve_s"], k["resolve_s"])),
        ("best threshold (oracle)", f"{kt}", f"{st}", ""),
        ("pairwise F1 at best", f"{kb.pairwise_f1:.4f}", f"{sb.pairwise_f1:.4f}",
         _ratio(kb.pairwise_f1, sb.pairwise_f1)),
        ("B-cubed F1 at best", f"{kb.bcubed_f1:.4f}", f"{sb.bcubed_f1:.4f}",
         _ratio(kb.bcubed_f1, sb.bcubed_f1)),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    sweep = ["", "threshold sweep (pairwise F1 / B-cubed F1):",
             "| threshold | Kinscope | Splink |", "|---|---|---|"]
    for t in SWEEP:
        a, b = k["sweep"][t], s["sweep"][t]
        sweep.append(f"| {t} | {a.pairwise_f1:.4f} / {a.bcubed_f1:.4f} "
                     f"| {b.pairwise_f1:.4f} / {b.bcubed_f1:.4f} |")
    return "\n".join(lines + sweep)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=99,
                        help=f"synthetic seed (not {TRAINING_SEED}, the training seed)")
    parser.add_argument("--export", type=Path, help="use this export (with truth/) instead")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "kinscope-bench-splink")
    parser.add_argument("--u-max-pairs", type=float, default=1e6,
                        help="Splink estimate_u_using_random_sampling max_pairs")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    if args.export is None and args.seed == TRAINING_SEED:
        parser.error(f"seed {TRAINING_SEED} is the training seed of the shipped labels")
    logging.basicConfig(level=logging.WARNING)

    export = args.export or export_for(args.children, args.seed, args.workdir)
    records = read_adults(export)
    truth = read_record_truth(export)
    print(f"export {export}: {len(records)} records, {len(set(truth.values()))} true persons; "
          f"CPUs {os.cpu_count()}", flush=True)

    k = run_kinscope(records, truth)
    print(f"kinscope done: train {k['train_s']:.1f}s resolve {k['resolve_s']:.1f}s", flush=True)
    s = run_splink(records, truth, max_pairs=args.u_max_pairs, seed=args.seed)
    print(f"splink done: train {s['train_s']:.1f}s resolve {s['resolve_s']:.1f}s", flush=True)
    print()
    print(report(k, s, n_records=len(records)))
    if args.json:
        def dump(r):
            return {"metrics": r["metrics"].__dict__, "train_s": r["train_s"],
                    "resolve_s": r["resolve_s"], "scored_pairs": r["scored_pairs"],
                    "sweep": {str(t): m.__dict__ for t, m in r["sweep"].items()}}
        args.json.write_text(json.dumps({"export": str(export), "records": len(records),
                                         "kinscope": dump(k), "splink": dump(s)}, indent=2))


if __name__ == "__main__":
    main()
