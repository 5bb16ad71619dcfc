"""Render synthetic document text into realistic files, in the formats councils attach.

Two entry points are used by the synthetic council generator::

    render_document(text, target_stem, fmt, rng) -> file name relative to documents/
    render_pending(documents_dir) -> counts of deferred work done

``text`` is the canonical document text, lines separated by ``"\\n"``. ``target_stem`` is
the file path without extension, inside (a sub-folder of) the export's ``documents/``
folder; the right extension is appended (``target_stem.name`` may contain dots).

What a reader gets back, per ``fmt``:

``docx``
    One paragraph per canonical line (empty lines are empty paragraphs), in order. The
    first line is styled as a heading and short lines ending in ``:`` are bold; styling
    never changes text. A run of two or more consecutive lines that each contain
    ``" | "`` with the same number of cells (e.g. a "People who will help" list written
    as ``Name | Relationship | Phone``) becomes a real Word table, one row per line, one
    cell per field. Reading the body in order (paragraphs and tables interleaved, see
    :func:`docx_text`) and joining a row's cell texts with ``" | "`` gives back the
    canonical text exactly. ``python-docx``'s ``Document.paragraphs`` alone misses the
    table lines.
``doc``
    Legacy Word 97 binary written by LibreOffice from a table-free ``.docx`` (one
    paragraph per line). Conversion is deferred: ``render_document`` writes the
    ``.docx`` into a hidden ``.kinscope-pending-doc/`` folder beside the target and
    returns the final ``.doc`` name; :func:`render_pending` converts all of them with one
    ``soffice`` process per batch and removes the intermediates. The queue lives on disk,
    so nothing is lost between processes. ``antiword -w 0 file.doc`` gives back the
    lines (antiword adds blank lines between paragraphs and may wrap very long lines).
``rtf``
    Hand-written RTF, one ``\\par`` per line, non-ASCII as ``\\uN?`` escapes.
    ``striprtf.rtf_to_text`` gives back the canonical text (plus a trailing newline);
    characters beyond U+FFFF are written as UTF-16 surrogate pairs, as Word does, which
    striprtf returns unjoined.
``txt``
    UTF-8; line endings are CRLF or LF and some files start with a BOM (both chosen by
    rng, like files saved from Windows Notepad). ``read_text(encoding="utf-8-sig")``
    with universal newlines gives back the canonical text exactly (plus trailing newline).
``pdf``
    fpdf2, A4, DejaVu Sans (embedded, so names such as Zoë and Łukasz survive), real text
    layer, several pages when long. Long lines are wrapped, so extracted text has extra
    line breaks (and text extractors may vary spacing); every word is present in order.
``pdf_scan``, ``png``, ``jpg``, ``tif``
    Text drawn with Pillow at 200 dpi (about 11 pt DejaVu Sans/Serif), slightly rotated,
    on uneven grey paper with dust specks and light noise: no text layer, needs OCR
    (Tesseract reads most words). ``pdf_scan`` and ``tif`` are A4 pages (multi-page
    when long; ``tif`` is 1-bit CCITT group 4 like a fax/DMS scan); ``png`` and ``jpg``
    are a single page as tall as the text needs.
``corrupt``
    ``.docx`` or ``.pdf`` whose bytes start like the real thing but are truncated and/or
    garbled; no parser can open them.
``password_docx``, ``password_pdf``
    Really encrypted (ECMA-376 agile encryption via msoffcrypto-tool; PDF AES-128 user
    password via pypdf) with a random password; nothing opens without it. The password
    is recorded in ``DocumentRenderer.passwords`` (key: the returned file name) for
    tests and ground truth only.

Determinism: everything random comes from ``rng``, and docx/pdf/image bytes are
reproducible for the same rng state. Encrypted files (random salts) and LibreOffice
``.doc`` output are not byte-identical between runs, though their content is.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from random import Random

from kinscope.errors import MissingToolError

FORMATS = (
    "docx", "doc", "rtf", "txt", "pdf", "pdf_scan", "png", "jpg", "tif",
    "corrupt", "password_docx", "password_pdf",
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PENDING_DIR = ".kinscope-pending-doc"
SOFFICE_HINT = (
    "LibreOffice (soffice) is needed to write legacy .doc files: "
    "apt-get install libreoffice-writer-nogui"
)
_FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
_FIXED_STRUCT = time.gmtime(_FIXED_DATE.timestamp())
_CELL_SEP = " | "
_HEADING_RE = re.compile(r"^[^|]{1,60}:$")


def _font(name: str) -> str:
    path = FONT_DIR / name
    if not path.exists():
        raise MissingToolError(
            f"font {path} is missing: apt-get install fonts-dejavu-core"
        )
    return str(path)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# --------------------------------------------------------------------------- docx


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split lines into ("p", [line]) and ("table", [rows...]) blocks, order kept."""
    blocks: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        n = lines[i].count(_CELL_SEP)
        j = i
        if n:
            while j < len(lines) and lines[j].count(_CELL_SEP) == n:
                j += 1
        if j - i >= 2:
            blocks.append(("table", lines[i:j]))
            i = j
        else:
            blocks.append(("p", [lines[i]]))
            i += 1
    return blocks


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def docx_bytes(text: str, rng: Random, tables: bool = True) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.author = rng.choice(["", "Children's Services", "CSC Admin", "LCS System"])
    props.created = props.modified = _FIXED_DATE.replace(tzinfo=None)
    props.last_modified_by = ""
    props.revision = 1
    style = doc.styles["Normal"]
    style.font.name = rng.choice(["Arial", "Calibri", "Times New Roman", "Verdana"])
    style.font.size = Pt(rng.choice([10, 11, 12]))

    lines = text.split("\n")
    first = True
    blocks = _blocks(lines) if tables else [("p", [ln]) for ln in lines]
    for kind, rows in blocks:
        if kind == "table":
            cells = [r.split(_CELL_SEP) for r in rows]
            table = doc.add_table(rows=len(cells), cols=len(cells[0]))
            table.style = "Table Grid"
            for r, row in enumerate(cells):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            first = False
            continue
        line = rows[0]
        if first and line.strip():
            doc.add_paragraph(line, style="Heading 1")
            first = False
            continue
        para = doc.add_paragraph()
        if line:
            run = para.add_run(line)
            if _HEADING_RE.match(line):
                run.bold = True
    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible_zip(buf.getvalue())


def docx_text(path_or_file) -> str:
    """Canonical reading of a docx written here: body order, table rows joined by ' | '."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(path_or_file)
    out: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, doc).text)
        elif tag == "tbl":
            for row in Table(child, doc).rows:
                out.append(_CELL_SEP.join(cell.text for cell in row.cells))
    return "\n".join(out)


# --------------------------------------------------------------------------- rtf, txt


def rtf_bytes(text: str, rng: Random) -> bytes:
    def esc(line: str) -> str:
        parts = []
        for ch in line:
            o = ord(ch)
            if ch in "\\{}":
                parts.append("\\" + ch)
            elif ch == "\t":
                parts.append("\\tab ")
            elif o < 128:
                parts.append(ch)
            elif o < 0x10000:
                parts.append(f"\\u{o if o < 32768 else o - 65536}?")
            else:  # astral plane: UTF-16 surrogate pair
                o -= 0x10000
                for unit in (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)):
                    parts.append(f"\\u{unit - 65536}?")
        return "".join(parts)

    font = rng.choice(["Arial", "Times New Roman", "Calibri"])
    size = rng.choice([20, 22, 24])
    head = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1"
        f"{{\\fonttbl{{\\f0\\fswiss\\fcharset0 {font};}}}}"
        "{\\info{\\author Children's Services}}"
        f"\\viewkind4\\pard\\f0\\fs{size}\n"
    )
    body = "".join(esc(line) + "\\par\n" for line in text.split("\n"))
    return (head + body + "}\n").encode("ascii")


def txt_bytes(text: str, rng: Random) -> bytes:
    newline = "\r\n" if rng.random() < 0.5 else "\n"
    data = (text.replace("\n", newline) + newline).encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if rng.random() < 0.25 else data


# --------------------------------------------------------------------------- pdf


def pdf_bytes(text: str, rng: Random) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_producer("Kinscope synthetic")
    pdf.set_auto_page_break(True, margin=18)
    margin = rng.choice([15, 18, 20, 25])
    pdf.set_margins(margin, margin, margin)
    pdf.add_font("DejaVu", "", _font("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font("DejaVuSans-Bold.ttf"))
    size = rng.choice([10, 10.5, 11, 12])
    height = size * 0.5
    pdf.add_page()
    first = True
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(height)
            continue
        bold = first or bool(_HEADING_RE.match(line))
        pdf.set_font("DejaVu", "B" if bold else "", size + (3 if first else 0))
        pdf.multi_cell(0, height + (2 if first else 0), line, new_x="LMARGIN", new_y="NEXT")
        first = False
    return bytes(pdf.output())


# --------------------------------------------------------------------------- scans

_SCAN_DPI = 200


def _wrap(text: str, font, width: int) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append("")
            continue
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and font.getlength(trial) > width:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return out


def _degrade(page, rng: Random, noise: bool):
    """Make a clean white page with dark text look scanned."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    w, h = page.size
    # uneven paper tone: a tiny random image scaled up smoothly
    gw, gh = 6, 8
    tone = Image.frombytes(
        "L", (gw, gh), bytes(rng.randint(222, 246) for _ in range(gw * gh))
    ).resize((w, h), Image.BICUBIC)
    page = ImageChops.multiply(page, tone)
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    draw = ImageDraw.Draw(page)
    for _ in range(rng.randint(40, 200)):  # dust
        x, y, r = rng.randrange(w), rng.randrange(h), rng.choice([1, 1, 1, 2, 3])
        draw.ellipse((x, y, x + r, y + r), fill=rng.randint(60, 160))
    if noise:
        grain = Image.frombytes("L", (w, h), rng.randbytes(w * h))
        page = Image.blend(page, grain, 0.07)
    bed = rng.randint(150, 200)  # scanner bed showing at the rotated corners
    return page.rotate(
        rng.uniform(-1.2, 1.2), resample=Image.BILINEAR, expand=False, fillcolor=bed
    )


def scan_pages(text: str, rng: Random, paginate: bool = True, noise: bool = True):
    """Render text as scanned page images (mode 'L', 200 dpi). A4 pages if paginate."""
    from PIL import Image, ImageDraw, ImageFont

    dpi = _SCAN_DPI
    font_file, bold_file = rng.choice(
        [("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")]
    )
    size_px = round(rng.uniform(10.5, 12.0) / 72 * dpi)
    font = ImageFont.truetype(_font(font_file), size_px)
    title_font = ImageFont.truetype(_font(bold_file), round(size_px * 1.25))
    width, a4_height = round(8.27 * dpi), round(11.69 * dpi)
    margin = round(rng.uniform(0.7, 1.0) * dpi)
    line_h = round(size_px * 1.45)
    ink = rng.randint(10, 50)

    rows: list[tuple[str, object]] = []
    lines = text.split("\n")
    first_idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    for i, line in enumerate(lines):
        f = title_font if i == first_idx else font
        rows.extend((r, f) for r in _wrap(line, f, width - 2 * margin))

    if paginate:
        per_page = max(1, (a4_height - 2 * margin) // line_h)
        chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
        heights = [a4_height] * len(chunks)
    else:
        chunks = [rows]
        heights = [max(len(rows) * line_h + 2 * margin, round(width * 0.6))]

    pages = []
    for chunk, height in zip(chunks, heights):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        y = margin + rng.randint(-10, 10)
        x = margin + rng.randint(-10, 10)
        for line, f in chunk:
            if line:
                draw.text((x, y), line, font=f, fill=ink)
            y += line_h if f is font else round(line_h * 1.3)
        pages.append(_degrade(page, rng, noise))
    return pages


def _save_scan(text: str, path: Path, fmt: str, rng: Random) -> None:
    dpi = (_SCAN_DPI, _SCAN_DPI)
    if fmt == "pdf_scan":
        pages = scan_pages(text, rng, paginate=True, noise=True)
        pages[0].save(
            path, "PDF", resolution=float(_SCAN_DPI), save_all=True,
            append_images=pages[1:], quality=rng.randint(55, 75),
            creationDate=_FIXED_STRUCT, modDate=_FIXED_STRUCT, producer="Scanner",
        )
    elif fmt == "tif":
        pages = scan_pages(text, rng, paginate=True, noise=False)
        cut = rng.randint(135, 165)
        bw = [p.point(lambda v, c=cut: 255 if v > c else 0, mode="1") for p in pages]
        bw[0].save(path, "TIFF", compression="group4", dpi=dpi, save_all=True,
                   append_images=bw[1:])
    elif fmt == "png":
        (page,) = scan_pages(text, rng, paginate=False, noise=False)
        page.save(path, "PNG", dpi=dpi, optimize=False, compress_level=6)
    elif fmt == "jpg":
        (page,) = scan_pages(text, rng, paginate=False, noise=True)
        page.save(path, "JPEG", dpi=dpi, quality=rng.randint(60, 80))
    else:  # pragma: no cover
        raise ValueError(fmt)


# --------------------------------------------------------------------------- broken files


def corrupt_bytes(text: str, rng: Random) -> tuple[bytes, str]:
    """Bytes that start like a docx or pdf but cannot be parsed. Returns (bytes, ext)."""
    kind = rng.choice(["docx_truncated", "pdf_truncated", "docx_garbled", "pdf_garbled"])
    if kind.startswith("docx"):
        real, ext = docx_bytes(text, rng), ".docx"
    else:
        real, ext = pdf_bytes(text, rng), ".pdf"
    if kind.endswith("truncated"):
        cut = round(len(real) * rng.uniform(0.3, 0.7))
        data = real[:cut]
    else:  # real header, then a run of garbage, then nothing (failed transfer)
        keep = rng.randint(64, 400)
        data = real[:keep] + rng.randbytes(rng.randint(500, 4000))
    # never leave an end-of-central-directory record or %%EOF marker by chance
    data = data.replace(b"PK\x05\x06", b"PK\x00\x00").replace(b"%%EOF", b"%%EO\x00")
    return data, ext


def _password(rng: Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    return "".join(rng.choice(alphabet) for _ in range(10))


def encrypted_docx_bytes(text: str, rng: Random, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_bytes(text, rng))).encrypt(password, out)
    return out.getvalue()


def encrypted_pdf_bytes(text: str, rng: Random, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(text, rng))))
    writer.encrypt(user_password=password, owner_password=_password(rng), algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- renderer


def _relative_name(path: Path) -> str:
    """Path relative to the nearest enclosing 'documents' folder (else the bare name)."""
    for parent in path.parents:
        if parent.name == "documents":
            return path.relative_to(parent).as_posix()
    return path.name


def _with_ext(stem: Path, ext: str) -> Path:
    return stem.with_name(stem.name + ext)


@dataclass
class DocumentRenderer:
    """Renders documents; .doc conversion is queued on disk and done by render_pending.

    batch_size: most files per soffice process; workers: soffice processes run at once
    (LibreOffice converts on one core, so a few in parallel scale about linearly).
    """

    batch_size: int = 100
    workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    soffice: str | None = None
    passwords: dict[str, str] = field(default_factory=dict)

    def _soffice(self) -> str:
        exe = self.soffice or find_soffice()
        if not exe:
            raise MissingToolError(SOFFICE_HINT)
        return exe

    def render_document(self, text: str, target_stem: Path, fmt: str, rng: Random) -> str:
        target_stem = Path(target_stem)
        target_stem.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "docx":
            path = _with_ext(target_stem, ".docx")
            path.write_bytes(docx_bytes(text, rng))
        elif fmt == "doc":
            self._soffice()  # fail now, not at the end of a long generation run
            path = _with_ext(target_stem, ".doc")
            pending = target_stem.parent / PENDING_DIR
            pending.mkdir(exist_ok=True)
            _with_ext(pending / target_stem.name, ".docx").write_bytes(
                docx_bytes(text, rng, tables=False)
            )
        elif fmt == "rtf":
            path = _with_ext(target_stem, ".rtf")
            path.write_bytes(rtf_bytes(text, rng))
        elif fmt == "txt":
            path = _with_ext(target_stem, ".txt")
            path.write_bytes(txt_bytes(text, rng))
        elif fmt == "pdf":
            path = _with_ext(target_stem, ".pdf")
            path.write_bytes(pdf_bytes(text, rng))
        elif fmt in ("pdf_scan", "png", "jpg", "tif"):
            path = _with_ext(target_stem, ".pdf" if fmt == "pdf_scan" else "." + fmt)
            _save_scan(text, path, fmt, rng)
        elif fmt == "corrupt":
            data, ext = corrupt_bytes(text, rng)
            path = _with_ext(target_stem, ext)
            path.write_bytes(data)
        elif fmt == "password_docx":
            path = _with_ext(target_stem, ".docx")
            pw = _password(rng)
            path.write_bytes(encrypted_docx_bytes(text, rng, pw))
            self.passwords[_relative_name(path)] = pw
        elif fmt == "password_pdf":
            path = _with_ext(target_stem, ".pdf")
            pw = _password(rng)
            path.write_bytes(encrypted_pdf_bytes(text, rng, pw))
            self.passwords[_relative_name(path)] = pw
        else:
            raise ValueError(f"unknown document format {fmt!r}; expected one of {FORMATS}")
        return _relative_name(path)

    def render_pending(self, documents_dir: Path) -> dict:
        """Convert every queued .docx under documents_dir to .doc; remove intermediates."""
        documents_dir = Path(documents_dir)
        queued = sorted(documents_dir.rglob(f"{PENDING_DIR}/*.docx"))
        counts = {"doc_converted": 0, "doc_batches": 0, "seconds": 0.0}
        if not queued:
            return counts
        exe = self._soffice()
        started = time.perf_counter()
        by_dir: dict[Path, list[Path]] = {}
        for src in queued:
            by_dir.setdefault(src.parent, []).append(src)
        slots = max(1, self.workers)
        # spread small queues over the workers too, but not below 10 files a process
        size = max(1, min(self.batch_size, max(10, -(-len(queued) // slots))))
        jobs = [
            (pending, files[i : i + size])
            for pending, files in by_dir.items()
            for i in range(0, len(files), size)
        ]
        with tempfile.TemporaryDirectory(prefix="kinscope-lo-") as tmp:

            def convert(job_index: int) -> None:
                pending, files = jobs[job_index]
                # one LibreOffice profile per concurrent slot: profiles cannot be shared
                profile = Path(tmp) / f"profile{job_index % slots}"
                _convert_batch(exe, profile, files, pending.parent)

            if slots == 1:
                for k in range(len(jobs)):
                    convert(k)
            else:
                # slot k % slots is used by jobs k, k+slots, ... run them in sequence
                def lane(slot: int) -> None:
                    for k in range(slot, len(jobs), slots):
                        convert(k)

                with ThreadPoolExecutor(slots) as pool:
                    list(pool.map(lane, range(slots)))
        for pending in by_dir:
            try:
                pending.rmdir()
            except OSError:
                pass
        counts["doc_converted"] = len(queued)
        counts["doc_batches"] = len(jobs)
        counts["seconds"] = round(time.perf_counter() - started, 3)
        return counts


def _convert_batch(exe: str, profile: Path, files: list[Path], outdir: Path) -> None:
    cmd = [
        exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--nologo", "--convert-to", "doc:MS Word 97", "--outdir", str(outdir),
        *map(str, files),
    ]
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.run(
        cmd, check=False, capture_output=True, text=True, timeout=120 + 5 * len(files),
        env=env,
    )
    missing = [f for f in files if not (outdir / (f.stem + ".doc")).is_file()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(
            f"soffice could not convert {len(missing)} of {len(files)} files to .doc "
            f"(exit {proc.returncode}): {' / '.join(detail)}"
        )
    for f in files:
        f.unlink()


_default = DocumentRenderer()


def render_document(text: str, target_stem: Path, fmt: str, rng: Random) -> str:
    """Write text as a file of format fmt at target_stem + extension; return its name."""
    return _default.render_document(text, target_stem, fmt, rng)


def render_pending(documents_dir: Path) -> dict:
    """Do deferred batch work (docx -> .doc conversion) under documents_dir."""
    return _default.render_pending(documents_dir)
