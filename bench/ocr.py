"""Document text extraction throughput: OCR pages per second and files per second per format.

Renders synthetic case documents with ``synthetic.documents`` (the formats councils attach:
docx, doc, rtf, txt, text PDF, scanned PDF, png, jpg, tif), then extracts them one after
the other in this single process with ``extraction.document_text.extract_text`` (Tesseract
runs with OMP_THREAD_LIMIT=1, so OCR figures are per CPU core). Prints per format: files,
pages, seconds, files/s, OCR pages/s and the word recall against the rendered text (share
of the document's words, 3+ letters, found in the extracted text).

    uv run python bench/ocr.py                 # defaults: 40 text files, 6 scans per format
    uv run python bench/ocr.py --files 200 --scans 20 --dpi 300
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extraction.document_text import TextLimits, extract_text

TEXT_FORMATS = ("docx", "doc", "rtf", "txt", "pdf")
SCAN_FORMATS = ("pdf_scan", "png", "jpg", "tif")

_GIVEN = ["Ellie", "Reece", "Tia", "Danielle", "Jon", "Patricia", "Dave", "Kerry", "Amira",
          "Sarah", "Zoë", "Łukasz", "Marcus", "Chloe", "Jordan", "Leanne", "Tyler", "Aisha"]
_FAMILY = ["Marsh", "Hollis", "Walsh", "Khan", "O'Neill", "Kowalski", "Nowak", "Bennett",
           "Okafor", "Price", "Sutton", "Begum", "Clarke", "Hughes"]
_SENTENCES = [
    "{a} told me that {b} stays at the flat on {street} most weekends.",
    "I visited the home with {a}; {b} (mum's partner) was present throughout.",
    "Maternal grandmother {a} has offered to look after the children after school.",
    "{a} attended the core group meeting at {street} family centre with {b}.",
    "The school reported that {a} was late on three occasions this half term.",
    "Health visitor {a} raised concerns about the home conditions and {b}'s drinking.",
    "{a} said she feels safe when {b} is not there and wants to see her nan more.",
    "Police attended {street} following a report of an argument between {a} and {b}.",
    "Plan agreed: {a} to attend parenting sessions; {b} not to stay overnight.",
    "Contact with father {a} to continue at the contact centre on Mill Lane.",
]
_STREETS = ["Eastfield Court", "Mill Lane", "Victoria Road", "Church Street", "Park View"]


def document_text(rng: Random, sentences: int) -> str:
    def name() -> str:
        return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"

    lines = [f"Child and family assessment: {name()}", f"Date: {rng.randint(1, 28)} March 2024",
             "Present:", f"{name()}, {name()}, {name()}", ""]
    for i in range(sentences):
        lines.append(rng.choice(_SENTENCES).format(a=name(), b=rng.choice(_GIVEN),
                                                   street=rng.choice(_STREETS)))
        if i % 6 == 5:
            lines.append("")
    lines += ["Name | Relationship | Phone",
              f"{name()} | Maternal grandmother | 07700 900{rng.randint(100, 999)}",
              f"{name()} | Uncle | 07700 900{rng.randint(100, 999)}"]
    return "\n".join(lines)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract, antiword, ...):
    unlike wall time it does not grow when other work competes for the cores."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def word_set(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


def render(out: Path, counts: dict[str, int], sentences: int, seed: int) -> list[tuple]:
    from synthetic.documents import DocumentRenderer

    renderer = DocumentRenderer()
    rng = Random(seed)
    out = out / "documents"  # render_document names files relative to a documents/ folder
    files = []
    started = time.perf_counter()
    for fmt, n in counts.items():
        for i in range(n):
            text = document_text(rng, sentences)
            name = renderer.render_document(text, out / fmt / f"{i:04d}", fmt, rng)
            files.append((fmt, out / name, text))
    renderer.render_pending(out)
    print(f"rendered {len(files)} files in {time.perf_counter() - started:.1f} s -> {out}")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40, help="files per text format")
    parser.add_argument("--scans", type=int, default=6, help="files per scan/image format")
    parser.add_argument("--sentences", type=int, default=40,
                        help="sentences per document (40 is about one A4 page)")
    parser.add_argument("--dpi", type=int, default=TextLimits.ocr_dpi,
                        help="pdftoppm resolution for scanned PDF pages")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, help="keep the rendered files here")
    args = parser.parse_args(argv)

    for tool in ("antiword", "soffice", "tesseract", "pdftoppm"):
        if not shutil.which(tool):
            print(f"missing tool: {tool}", file=sys.stderr)
            return 2
    tess = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                          check=False)
    print(f"{platform.platform()}  python {platform.python_version()}  "
          f"cpus {os.cpu_count()}  {(tess.stdout or tess.stderr).splitlines()[0]}")

    counts = {f: args.files for f in TEXT_FORMATS} | {f: args.scans for f in SCAN_FORMATS}
    tmp = None
    if args.out:
        out = args.out
        out.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="kinscope-bench-ocr-")
        out = Path(tmp.name)
    try:
        files = render(out, counts, args.sentences, args.seed)
        limits = TextLimits(ocr_dpi=args.dpi)
        # warm-up: imports, first pypdf/lxml use, LibreOffice profile not needed (antiword)
        extract_text(files[0][1], limits)

        stats: dict[str, dict] = defaultdict(lambda: defaultdict(float))
        for fmt, path, text in files:
            started, cpu = time.perf_counter(), cpu_seconds()
            result = extract_text(path, limits)
            seconds = time.perf_counter() - started
            s = stats[fmt]
            s["cpu"] += cpu_seconds() - cpu
            s["files"] += 1
            s["seconds"] += seconds
            s["pages"] += result.pages or 0
            s["ocr_pages"] += len(result.ocr_pages)
            s["bytes"] += path.stat().st_size
            s[f"status:{result.status}/{result.method or result.reason}"] += 1
            expected = word_set(text)
            s["recall"] += len(expected & word_set(result.text)) / max(1, len(expected))
    finally:
        if tmp:
            tmp.cleanup()

    print()
    print(f"{'format':9} {'files':>5} {'pages':>5} {'seconds':>8} {'files/s':>8} "
          f"{'ms/file':>8} {'OCR pg/s':>8} {'cpu s':>7} {'pg/cpu-s':>8} {'recall':>6}  statuses")
    total_ocr_pages = total_ocr_seconds = total_ocr_cpu = 0.0
    for fmt in (*TEXT_FORMATS, *SCAN_FORMATS):
        s = stats.get(fmt)
        if not s:
            continue
        ocr_rate = s["ocr_pages"] / s["seconds"] if s["ocr_pages"] else 0
        if s["ocr_pages"]:
            total_ocr_pages += s["ocr_pages"]
            total_ocr_seconds += s["seconds"]
            total_ocr_cpu += s["cpu"]
        statuses = ", ".join(f"{k[7:]}={int(v)}" for k, v in s.items() if k.startswith("status:"))
        print(f"{fmt:9} {int(s['files']):5d} {int(s['pages']):5d} {s['seconds']:8.2f} "
              f"{s['files'] / s['seconds']:8.1f} {1000 * s['seconds'] / s['files']:8.1f} "
              f"{ocr_rate:8.2f} {s['cpu']:7.2f} "
              f"{(s['ocr_pages'] / s['cpu'] if s['ocr_pages'] and s['cpu'] else 0):8.2f} "
              f"{s['recall'] / s['files']:6.3f}  {statuses}")
    if total_ocr_pages:
        print(f"\nOCR overall: {total_ocr_pages / total_ocr_seconds:.2f} pages/s on one core "
              f"({total_ocr_seconds / total_ocr_pages:.2f} s/page; scanned PDFs rendered at "
              f"{args.dpi} dpi, images OCRed at their own 200 dpi); "
              f"{total_ocr_pages / total_ocr_cpu:.2f} pages per CPU-second "
              f"(wall time grows when other work shares the cores, CPU time does not)")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
