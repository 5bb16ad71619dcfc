"""Document file -> text, with a status: ``text``, ``ocr`` or ``failed`` (with a reason).

One entry point::

    extract_text(path, limits=None) -> DocumentText

It never raises: whatever goes wrong with a file (encrypted, truncated, a tool missing, a
tool hanging) comes back as ``DocumentText(status="failed", reason=...)`` so the caller can
quarantine the file and list it in the data-quality report.

Formats are detected from the file's bytes, not its name (a ``.doc`` that is really RTF,
a ``.pdf`` that is really a scan in JPEG, an encrypted ``.docx`` which is an OLE2 file):

======================  =================================================  ================
detected                how                                                method
======================  =================================================  ================
OOXML (.docx/.docm)     word/document.xml read with lxml: paragraphs and   ``docx``
                        tables in body order (see :func:`docx_body_text`)
encrypted OOXML         OLE2 with EncryptionInfo/EncryptedPackage          failed
Word 97-2003 (.doc)     ``antiword -w 0``; LibreOffice if antiword fails   ``antiword`` /
                                                                           ``soffice``
OpenDocument (.odt)     LibreOffice headless                               ``soffice``
RTF                     striprtf                                           ``rtf``
PDF                     pypdf text layer per page; a page with fewer than  ``pdf_text``,
                        ``ocr_min_chars_per_page`` characters is rendered  ``tesseract``,
                        (pdftoppm) and OCRed (tesseract); pdftotext if     ``pdf_text+
                        pypdf cannot parse the file                        tesseract``,
                                                                           ``pdftotext``
PNG/JPEG/TIFF/GIF/BMP   tesseract (one thread: OMP_THREAD_LIMIT=1)         ``tesseract``
anything else           plain text if it decodes as UTF-8 / UTF-16 (BOM)   ``plain``
                        / cp1252 and is not binary, else unsupported
======================  =================================================  ================

**The returned text is canonical.** Mention offsets (start/end character indexes) found
downstream refer to ``DocumentText.text`` exactly as returned; store it as is and never
re-normalise it. All normalisation happens here, before returning: line endings (CRLF, CR,
vertical tab, form feed, U+0085/U+2028/U+2029) become ``"\\n"``, other control characters
become spaces, Unicode is NFC (PDF ligatures such as U+FB01 are expanded), and unpaired
surrogates become U+FFFD. Pages (PDF, multi-page TIFF) are separated by a blank line and
their start offsets are in ``DocumentText.page_starts``.

Failure reasons (``DocumentText.reason``) are listed in :data:`REASONS`.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Status = Literal["text", "ocr", "failed"]

REASONS = (
    "password_protected",  # encrypted (docx/doc/pdf) and no empty password opens it
    "corrupt",             # looks like a known format but cannot be parsed (truncated, garbled)
    "unsupported_format",  # a format we do not read (binary, spreadsheet, unknown)
    "too_large",           # over TextLimits.max_bytes (not read) or a decompression bomb
    "timed_out",           # over TextLimits.timeout_s
    "empty",               # parsed fine but holds no text (blank page, empty file, blank scan)
    "tool_missing",        # antiword/soffice/tesseract/pdftoppm not installed
    "unreadable",          # the path is missing, not a regular file, or permission denied
)


@dataclass(frozen=True)
class TextLimits:
    """Per-file limits and OCR settings (all configurable)."""

    max_bytes: int = 50 * 1024 * 1024
    """Files larger than this fail with ``too_large`` without being read."""
    timeout_s: float = 120.0
    """Wall-clock budget for one file, all steps and subprocesses together."""
    ocr_min_chars_per_page: int = 40
    """A PDF page whose text layer has fewer non-space characters is OCRed as a scan."""
    ocr_dpi: int = 300
    ocr_lang: str = "eng"
    ocr_psm: int = 3
    """Tesseract page segmentation mode (3 = fully automatic)."""


@dataclass
class DocumentText:
    """What a file gave: the canonical text (offsets refer to it) and how it was obtained."""

    status: Status
    text: str = ""
    method: str | None = None
    reason: str | None = None
    detail: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    format: str | None = None
    """Format detected from the bytes: docx, doc, odt, rtf, pdf, png, jpeg, tiff, ... txt."""
    page_starts: list[int] | None = None
    """Offset in ``text`` where each page starts (PDF, multi-page images); else None."""
    ocr_pages: list[int] = field(default_factory=list)
    """1-based numbers of the pages whose text came from OCR."""

    @property
    def ok(self) -> bool:
        return self.status != "failed"


class ExtractionFailed(Exception):
    """Raised inside the extractors; turned into a failed DocumentText by extract_text."""

    def __init__(self, reason: str, detail: str, method: str | None = None):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.method = method


# --------------------------------------------------------------------------- entry point


def extract_text(path: Path | str, limits: TextLimits | None = None) -> DocumentText:
    """Read one document file. Never raises; see the module docstring for the contract."""
    limits = limits or TextLimits()
    started = time.monotonic()
    job = _Job(Path(path), limits, started + limits.timeout_s)
    try:
        result = job.run()
    except ExtractionFailed as exc:
        result = DocumentText(
            status="failed", method=exc.method, reason=exc.reason, detail=exc.detail,
            format=job.format,
        )
    except MemoryError:
        result = DocumentText(status="failed", reason="too_large", detail="out of memory",
                              format=job.format)
    except Exception as exc:  # noqa: BLE001 - a parser bug on a weird file is a corrupt file
        result = DocumentText(
            status="failed", reason="corrupt", method=job.method, format=job.format,
            detail=f"{type(exc).__name__}: {exc}"[:500],
        )
    if result.status == "failed":
        result.text = ""
        result.page_starts = None
    result.seconds = round(time.monotonic() - started, 4)
    return result


# --------------------------------------------------------------------------- detection

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)
# extensions whose files must hold a binary format: unknown bytes there mean damage
_KNOWN_BINARY_EXT = {
    ".docx", ".docm", ".dotx", ".doc", ".dot", ".pdf", ".png", ".jpg", ".jpeg", ".tif",
    ".tiff", ".gif", ".bmp", ".odt", ".rtf",
}
_EXT_FORMAT = {".jpg": "jpeg", ".tif": "tiff", ".docm": "docx", ".dotx": "docx", ".dot": "doc"}


def sniff_format(head: bytes, suffix: str = "") -> str:
    """Format from the first bytes: zip, ole2, pdf, rtf, png, jpeg, tiff, gif, bmp, or
    ``unknown`` (maybe plain text). Zip and OLE2 containers are refined later."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE2):
        return "ole2"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            if name == "bmp" and suffix.lower() not in (".bmp", ".dib"):
                continue  # "BM" is too short a signature to trust on its own
            return name
    return "unknown"


# --------------------------------------------------------------------------- the job


class _Job:
    def __init__(self, path: Path, limits: TextLimits, deadline: float):
        self.path = path
        self.limits = limits
        self.deadline = deadline
        self.format: str | None = None
        self.method: str | None = None

    # -- helpers
    def remaining(self, what: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ExtractionFailed(
                "timed_out", f"over the {self.limits.timeout_s:g} s limit before {what}",
                self.method,
            )
        return left

    def fail(self, reason: str, detail: str) -> ExtractionFailed:
        return ExtractionFailed(reason, detail, self.method)

    def done(self, text: str, status: Status = "text", pages: int | None = None,
             page_texts: list[str] | None = None, ocr_pages: list[int] | None = None
             ) -> DocumentText:
        page_starts = None
        if page_texts is not None:
            page_texts = [normalise_text(t).strip("\n") for t in page_texts]
            page_starts, pos = [], 0
            for t in page_texts:
                page_starts.append(pos)
                pos += len(t) + 2
            text = "\n\n".join(page_texts)
        else:
            text = normalise_text(text)
        if not text.strip():
            raise self.fail("empty", "no text found in the file")
        return DocumentText(
            status=status, text=text, method=self.method, pages=pages, format=self.format,
            page_starts=page_starts, ocr_pages=ocr_pages or [],
        )

    # -- dispatch
    def run(self) -> DocumentText:
        try:
            st = self.path.stat()
        except OSError as exc:
            raise self.fail("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
        if not self.path.is_file():
            raise self.fail("unreadable", "not a regular file")
        if st.st_size > self.limits.max_bytes:
            raise self.fail(
                "too_large", f"{st.st_size} bytes, over the limit of {self.limits.max_bytes}"
            )
        if st.st_size == 0:
            raise self.fail("empty", "the file has 0 bytes")
        try:
            with self.path.open("rb") as fh:
                head = fh.read(2048)
        except OSError as exc:
            raise self.fail("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")

        suffix = self.path.suffix.lower()
        kind = sniff_format(head, suffix)
        self.format = kind
        if kind == "zip":
            return self._zip()
        if kind == "ole2":
            return self._ole2()
        if kind == "pdf":
            return self._pdf()
        if kind == "rtf":
            return self._rtf()
        if kind in ("png", "jpeg", "tiff", "gif", "bmp"):
            return self._image()
        return self._plain(suffix)

    # -- zip containers
    def _zip(self) -> DocumentText:
        try:
            zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            self.format = "docx" if self.path.suffix.lower() == ".docx" else "zip"
            raise self.fail("corrupt", f"not a readable zip/OOXML container: {exc}")
        with zf:
            names = set(zf.namelist())
            main = _ooxml_main_part(zf, names)
            if main is not None and main.startswith("word/"):
                self.format, self.method = "docx", "docx"
                return self._docx(zf, main)
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype.startswith("application/vnd.oasis.opendocument.text"):
                    self.format = "odt"
                    return self._soffice()
                self.format = "zip"
                raise self.fail("unsupported_format", f"OpenDocument {mimetype}")
            if main is not None:
                self.format = "ooxml"
                raise self.fail("unsupported_format", f"OOXML document with main part {main} "
                                "(spreadsheet or presentation?)")
            if self.path.suffix.lower() in (".docx", ".docm", ".dotx"):
                self.format = "docx"
                raise self.fail("corrupt", "zip without word/document.xml")
            raise self.fail("unsupported_format", "zip archive, not a Word document")

    def _docx(self, zf: zipfile.ZipFile, main: str) -> DocumentText:
        info = zf.getinfo(main)
        if info.file_size > 10 * self.limits.max_bytes:
            raise self.fail("too_large", f"{main} unpacks to {info.file_size} bytes")
        self.remaining("reading the docx")
        try:
            data = zf.read(main)
        except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError, ...
            raise self.fail("corrupt", f"cannot unpack {main}: {type(exc).__name__}: {exc}")
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                                 remove_comments=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise self.fail("corrupt", f"{main} is not well-formed XML: {exc}")
        return self.done(docx_body_text(root))

    # -- OLE2 compound files
    def _ole2(self) -> DocumentText:
        import olefile

        try:
            ole = olefile.OleFileIO(str(self.path))
        except Exception as exc:  # noqa: BLE001
            self.format = "doc" if self.path.suffix.lower() in (".doc", ".dot") else "ole2"
            raise self.fail("corrupt", f"damaged OLE2 compound file: {exc}")
        try:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
        finally:
            ole.close()
        if {"EncryptionInfo", "EncryptedPackage"} <= streams:
            self.format = "docx"
            raise self.fail("password_protected", "encrypted Office Open XML document")
        if "WordDocument" not in streams:
            self.format = "ole2"
            kind = ("Excel workbook" if {"Workbook", "Book"} & streams else
                    "PowerPoint presentation" if "PowerPoint Document" in streams else
                    "OLE2 file that is not a Word document")
            raise self.fail("unsupported_format", kind)
        self.format = "doc"
        if _doc_is_encrypted(self.path):
            raise self.fail("password_protected", "encrypted Word 97-2003 document")
        antiword_error = None
        if shutil.which("antiword"):
            self.method = "antiword"
            try:
                return self._antiword()
            except ExtractionFailed as exc:
                if exc.reason == "timed_out":
                    raise
                antiword_error = exc.detail
        try:
            return self._soffice()
        except ExtractionFailed as exc:
            if antiword_error and exc.reason != "timed_out":
                # tool_missing stays: LibreOffice reads some files antiword refuses
                exc.detail = f"antiword: {antiword_error}; soffice: {exc.detail}"
            raise

    def _antiword(self) -> DocumentText:
        env = dict(os.environ, LC_ALL="C.UTF-8")
        proc = _run(["antiword", "-w", "0", "-m", "UTF-8.txt", str(self.path)],
                    self.remaining("antiword"), env=env, what="antiword", method=self.method)
        text = proc.stdout.decode("utf-8", "replace")
        if proc.returncode != 0 or not text.strip():
            err = proc.stderr.decode("utf-8", "replace").strip()
            reason = "password_protected" if "encrypt" in err.lower() else "corrupt"
            raise self.fail(reason, err[:300] or f"antiword exit status {proc.returncode}")
        return self.done(text)

    def _soffice(self) -> DocumentText:
        self.method = "soffice"
        exe = shutil.which("soffice") or shutil.which("libreoffice")
        if not exe:
            raise self.fail("tool_missing", "LibreOffice (soffice) is not installed: "
                            "apt-get install libreoffice-writer-nogui")
        with tempfile.TemporaryDirectory(prefix="kinscope-soffice-") as tmp:
            src = Path(tmp) / ("input" + (self.path.suffix.lower() or ".bin"))
            shutil.copyfile(self.path, src)
            outdir = Path(tmp) / "out"
            cmd = [
                exe, f"-env:UserInstallation={_soffice_profile().as_uri()}", "--headless",
                "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(outdir), str(src),
            ]
            env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
            with _SOFFICE_LOCK:  # one profile per process: one conversion at a time
                proc = _run(cmd, self.remaining("soffice"), env=env, what="soffice",
                            method=self.method)
            out = outdir / "input.txt"
            if not out.is_file():
                err = (proc.stderr + proc.stdout).decode("utf-8", "replace").strip()
                raise self.fail("corrupt", f"LibreOffice could not convert the file: "
                                f"{err[:300] or 'no output'}")
            text = out.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
        return self.done(text)

    # -- RTF
    def _rtf(self) -> DocumentText:
        from striprtf.striprtf import rtf_to_text

        self.format = self.method = "rtf"
        raw = self.path.read_bytes().decode("latin-1")  # RTF is 7-bit; \'xx escapes decode
        self.remaining("parsing the RTF")
        codepage = re.search(r"\\ansicpg(\d+)", raw[:4096])
        encoding = f"cp{codepage.group(1)}" if codepage else "cp1252"
        try:
            "".encode(encoding)
        except LookupError:
            encoding = "cp1252"
        return self.done(rtf_to_text(raw, encoding=encoding, errors="replace"))

    # -- plain text
    def _plain(self, suffix: str) -> DocumentText:
        data = self.path.read_bytes()
        text = decode_plain_text(data)
        if text is None:
            if suffix in _KNOWN_BINARY_EXT:
                self.format = _EXT_FORMAT.get(suffix, suffix.lstrip("."))
                raise self.fail("corrupt", f"content does not match its {suffix} extension "
                                "(unknown binary data)")
            self.format = "binary"
            raise self.fail("unsupported_format", "unrecognised binary format")
        self.format, self.method = "txt", "plain"
        return self.done(text)

    # -- PDF
    def _pdf(self) -> DocumentText:
        import logging

        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError

        self.format = "pdf"
        self.method = "pdf_text"
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        try:
            reader = PdfReader(str(self.path), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception as exc:  # noqa: BLE001 - unsupported crypto handler
                    raise self.fail("password_protected", f"encrypted PDF ({exc})")
                if not opened:
                    raise self.fail("password_protected", "PDF needs a password to open")
            pages = list(reader.pages)
        except ExtractionFailed:
            raise
        except FileNotDecryptedError as exc:
            raise self.fail("password_protected", str(exc))
        except (PdfReadError, Exception) as exc:  # noqa: BLE001 - damaged structure
            return self._pdftotext(f"pypdf: {type(exc).__name__}: {exc}")
        if not pages:
            return self._pdftotext("pypdf found no pages")

        texts: list[str] = []
        ocr_pages: list[int] = []
        errors = 0
        for number, page in enumerate(pages, start=1):
            self.remaining(f"page {number}")
            try:
                text = page.extract_text() or ""
            except Exception:  # noqa: BLE001 - one broken page content stream
                text, errors = "", errors + 1
            if _visible_chars(text) < self.limits.ocr_min_chars_per_page:
                ocr = self._ocr_pdf_page(number)
                if _visible_chars(ocr) > _visible_chars(text):
                    text = ocr
                    ocr_pages.append(number)
            texts.append(text)
        if errors == len(pages) and not ocr_pages:
            return self._pdftotext(f"pypdf could not read any of the {len(pages)} pages")
        status: Status = "ocr" if ocr_pages else "text"
        if ocr_pages:
            self.method = "tesseract" if len(ocr_pages) == len(pages) else "pdf_text+tesseract"
        return self.done("", status, pages=len(pages), page_texts=texts, ocr_pages=ocr_pages)

    def _pdftotext(self, why: str) -> DocumentText:
        """Fallback for PDFs pypdf cannot parse (poppler is more tolerant); no OCR."""
        if not shutil.which("pdftotext"):
            raise self.fail("corrupt", why)
        self.method = "pdftotext"
        proc = _run(["pdftotext", "-enc", "UTF-8", str(self.path), "-"],
                    self.remaining("pdftotext"), what="pdftotext", method=self.method)
        err = proc.stderr.decode("utf-8", "replace")
        if proc.returncode != 0:
            if "ncorrect password" in err or proc.returncode == 3:
                raise self.fail("password_protected", err.strip()[:300])
            raise self.fail("corrupt", f"{why}; pdftotext: {err.strip()[:300]}")
        pages = proc.stdout.decode("utf-8", "replace").split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        if not any(p.strip() for p in pages):
            raise self.fail("corrupt", f"{why}; pdftotext found no text")
        return self.done("", "text", pages=len(pages), page_texts=pages)

    def _ocr_pdf_page(self, number: int) -> str:
        pdftoppm = shutil.which("pdftoppm")
        if not pdftoppm:
            raise self.fail("tool_missing", "pdftoppm is not installed (needed to OCR a "
                            "scanned PDF page): apt-get install poppler-utils")
        with tempfile.TemporaryDirectory(prefix="kinscope-ocr-") as tmp:
            prefix = Path(tmp) / "page"
            proc = _run(
                [pdftoppm, "-r", str(self.limits.ocr_dpi), "-gray", "-f", str(number),
                 "-l", str(number), "-singlefile", str(self.path), str(prefix)],
                self.remaining(f"rendering page {number}"), what="pdftoppm", method=self.method,
            )
            image = prefix.with_suffix(".pgm")
            if proc.returncode != 0 or not image.is_file():
                return ""  # page cannot be rendered: keep its text layer, if any
            try:
                return self._tesseract(image)
            except ExtractionFailed as exc:
                if exc.reason == "corrupt":
                    return ""  # tesseract choked on this page: keep its text layer
                raise

    # -- images
    def _image(self) -> DocumentText:
        from PIL import Image, ImageOps

        self.method = "tesseract"
        pages = 1
        with tempfile.TemporaryDirectory(prefix="kinscope-ocr-") as tmp:
            source = self.path
            try:
                with Image.open(self.path) as img:
                    pages = getattr(img, "n_frames", 1) or 1
                    orientation = img.getexif().get(0x0112, 1) if self.format == "jpeg" else 1
                    alpha = img.mode in ("RGBA", "LA", "PA") or (
                        img.mode == "P" and "transparency" in img.info)
                    if (orientation not in (None, 1) or alpha) and pages == 1:
                        fixed = ImageOps.exif_transpose(img)
                        if alpha:
                            rgba = fixed.convert("RGBA")
                            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                            fixed = Image.alpha_composite(white, rgba).convert("L")
                        source = Path(tmp) / "image.png"
                        fixed.save(source)
            except Image.DecompressionBombError as exc:
                raise self.fail("too_large", str(exc))
            except Exception as exc:  # noqa: BLE001 - truncated / garbled image
                raise self.fail("corrupt", f"unreadable {self.format} image: {exc}")
            text = self._tesseract(source)
        page_texts = text.split("\f")
        if len(page_texts) > 1 and not page_texts[-1].strip():
            page_texts.pop()
        if len(page_texts) > 1:
            return self.done("", "ocr", pages=len(page_texts), page_texts=page_texts,
                             ocr_pages=list(range(1, len(page_texts) + 1)))
        return self.done(text, "ocr", pages=pages, ocr_pages=list(range(1, pages + 1)))

    def _tesseract(self, image: Path) -> str:
        exe = shutil.which("tesseract")
        if not exe:
            raise self.fail("tool_missing", "Tesseract is not installed: "
                            "apt-get install tesseract-ocr tesseract-ocr-eng")
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        proc = _run(
            [exe, str(image), "stdout", "-l", self.limits.ocr_lang,
             "--psm", str(self.limits.ocr_psm)],
            self.remaining("OCR"), env=env, what="tesseract", method=self.method,
        )
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip()
            if "Failed loading language" in err or "Error opening data file" in err:
                raise self.fail("tool_missing", f"Tesseract language data "
                                f"'{self.limits.ocr_lang}' is not installed: {err[:200]}")
            raise self.fail("corrupt", f"tesseract could not read the image: {err[:300]}")
        return proc.stdout.decode("utf-8", "replace")


# --------------------------------------------------------------------------- docx body

_W_NS = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 strict
}
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CELL_SEP = " | "
# run-level subtrees whose text is not part of the visible document
_SKIP_INLINE = {"del", "moveFrom", "pPr", "rPr", "instrText", "delText", "delInstrText",
                "footnoteReference", "endnoteReference", "commentReference"}


def _local(el) -> tuple[str | None, str]:
    tag = el.tag
    if not isinstance(tag, str):
        return None, ""  # comment / processing instruction
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return None, tag


def docx_body_text(root) -> str:
    """Text of a WordprocessingML document element, in body order.

    One line per paragraph; a table row is one line with its cells joined by ``" | "``
    (a cell holding several paragraphs contributes them joined by ``"\\n"``; nested
    tables are read the same way); horizontally merged cells appear once. Runs inside
    content controls (``w:sdt``), hyperlinks, fields, smart tags and tracked insertions
    are read; tracked deletions and field codes are not. Text boxes anchored in a
    paragraph follow it as extra lines. Headers, footers, footnotes and comments are not
    read. For documents written by ``synthetic.documents`` this equals its canonical
    text (see ``synthetic.documents.docx_text``).
    """
    body = None
    for child in root:
        ns, name = _local(child)
        if ns in _W_NS and name == "body":
            body = child
            break
    lines: list[str] = []
    if body is not None:
        _blocks(body, lines)
    return "\n".join(lines)


def _blocks(container, lines: list[str]) -> None:
    for child in container:
        ns, name = _local(child)
        if ns == _MC_NS:
            if name == "AlternateContent":
                _blocks(_mc_choice(child), lines)
            continue
        if ns not in _W_NS:
            continue
        if name == "p":
            boxes: list = []
            parts: list[str] = []
            _inline(child, parts, boxes)
            lines.append("".join(parts))
            for box in boxes:
                _blocks(box, lines)
        elif name == "tbl":
            for row in _rows(child):
                cells = []
                for cell in _cells(row):
                    cell_lines: list[str] = []
                    _blocks(cell, cell_lines)
                    cells.append("\n".join(cell_lines))
                lines.append(_CELL_SEP.join(cells))
        elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"):
            _blocks(child, lines)


def _mc_choice(alternate):
    for child in alternate:
        ns, name = _local(child)
        if ns == _MC_NS and name == "Choice":
            return child
    for child in alternate:
        ns, name = _local(child)
        if ns == _MC_NS and name == "Fallback":
            return child
    return []


def _rows(tbl):
    for child in tbl:
        ns, name = _local(child)
        if ns not in _W_NS:
            continue
        if name == "tr":
            yield child
        elif name in ("sdt", "sdtContent", "customXml"):
            yield from _rows(child)


def _cells(tr):
    for child in tr:
        ns, name = _local(child)
        if ns not in _W_NS:
            continue
        if name == "tc":
            yield child
        elif name in ("sdt", "sdtContent", "customXml"):
            yield from _cells(child)


def _inline(el, parts: list[str], boxes: list) -> None:
    for child in el:
        ns, name = _local(child)
        if ns == _MC_NS:
            if name == "AlternateContent":
                _inline(_mc_choice(child), parts, boxes)
            continue
        if ns in _W_NS:
            if name in _SKIP_INLINE:
                continue
            if name == "t":
                parts.append(child.text or "")
                continue
            if name in ("tab", "ptab"):
                parts.append("\t")
                continue
            if name in ("br", "cr"):
                parts.append("\n")
                continue
            if name == "noBreakHyphen":
                parts.append("-")
                continue
            if name == "txbxContent":
                boxes.append(child)
                continue
            if name == "p":  # a paragraph nested inline (rare; not in a text box)
                boxes.append([child])
                continue
        _inline(child, parts, boxes)


def _ooxml_main_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The officeDocument part named in _rels/.rels (word/document.xml for Word)."""
    if "_rels/.rels" in names:
        try:
            rels = zf.read("_rels/.rels").decode("utf-8", "replace")
        except Exception:  # noqa: BLE001
            rels = ""
        for match in re.finditer(r"<Relationship\b[^>]*>", rels):
            tag = match.group(0)
            if re.search(r'Type="[^"]*/officeDocument"', tag):
                target = re.search(r'Target="([^"]+)"', tag)
                if target:
                    part = target.group(1).lstrip("/")
                    if part in names:
                        return part
    if "word/document.xml" in names:
        return "word/document.xml"
    return None


def _doc_is_encrypted(path: Path) -> bool:
    try:
        import msoffcrypto

        with path.open("rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # noqa: BLE001 - msoffcrypto cannot parse: let antiword try
        return False


# --------------------------------------------------------------------------- text helpers

_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n",
                              "\u2029": "\n"})
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})


def normalise_text(text: str) -> str:
    """The one normalisation applied before text is returned (see module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = _CONTROLS.sub(" ", text).translate(_LIGATURES)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    return unicodedata.normalize("NFC", text)


def decode_plain_text(data: bytes) -> str | None:
    """Decode bytes that are text (UTF-8/UTF-16 with BOM, UTF-8, cp1252); None if binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROLS.findall(text[:65536]))
        if controls > max(2, len(text[:65536]) // 100):
            return None
        return text
    return None


def _visible_chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


# --------------------------------------------------------------------------- subprocesses


def _run(cmd: list[str], timeout: float, *, env: dict | None = None, what: str,
         method: str | None = None) -> subprocess.CompletedProcess:
    """Run a tool with a hard timeout; the whole process group is killed on expiry (so
    LibreOffice's soffice.bin child does not outlive its launcher script)."""
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, start_new_session=True,
        )
    except FileNotFoundError:
        raise ExtractionFailed("tool_missing", f"{what} is not installed ({cmd[0]})", method)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise ExtractionFailed("timed_out", f"{what} ran over the time limit "
                               f"({timeout:.1f} s left for this file)", method)
    except BaseException:
        _kill_group(proc)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


_PROFILE: Path | None = None
_SOFFICE_LOCK = threading.Lock()


def _soffice_profile() -> Path:
    """A LibreOffice user profile private to this process (profiles cannot be shared by
    concurrent soffice instances); created once, reused, removed at exit."""
    global _PROFILE
    if _PROFILE is None or not _PROFILE.parent.exists():
        _PROFILE = Path(tempfile.mkdtemp(prefix=f"kinscope-lo-{os.getpid()}-")) / "profile"
        atexit.register(shutil.rmtree, _PROFILE.parent, True)
    return _PROFILE
