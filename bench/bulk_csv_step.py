"""The bulk load's CSV step alone (`kinscope load --initial` before the importer): reading,
validation, row building and CSV writing of an export, with no server. Prints wall and CPU
seconds (this process and its CSV workers), the load average and peak RSS; `--profile` prints
`cProfile`'s top functions instead of timing cleanly.

    PYTHONPATH=$PWD python bench/bulk_csv_step.py EXPORT --processes 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from graph_model.bulk_import import BulkExportLoader
from kinscope.settings import get_settings


def csv_step(export: Path, out: Path, processes: int) -> BulkExportLoader:
    settings = get_settings()
    loader = BulkExportLoader(None, export, report_dir=out, settings=settings,  # type: ignore[arg-type]
                              batch_size=settings.load_batch_size, processes=processes)
    loader.write_import_files()
    loader.quarantine.close()
    return loader


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bulk-csv-step-"))
    before = os.getloadavg()
    started = time.perf_counter()
    try:
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            loader = profiler.runcall(csv_step, args.export.resolve(), out, args.processes)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        else:
            loader = csv_step(args.export.resolve(), out, args.processes)
        wall = time.perf_counter() - started
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        print(json.dumps({
            "processes": args.processes, "rows_read": loader.report.rows_read, "rows_loaded": loader.report.rows_loaded,
            "rows_rejected": loader.report.rows_rejected, "wall_s": round(wall, 1),
            "cpu_s": round(own.ru_utime + own.ru_stime, 1), "workers_cpu_s": round(children.ru_utime + children.ru_stime, 1),
            "worker_tasks": loader.part_figures, "peak_rss_mib": round(own.ru_maxrss / 1024),
            "load_average_before": [round(x, 2) for x in before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}))
    finally:
        shutil.rmtree(out, ignore_errors=True)  # children's data
    return 0


if __name__ == "__main__":
    sys.exit(main())
