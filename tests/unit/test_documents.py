"""synthetic/documents.py: every format is written as a real file a reader can (or cannot) open.

Tests that need soffice, antiword or tesseract FAIL with an install hint when the tool is
missing (CI installs them); they never skip.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from zipfile import BadZipFile

import pytest

from kinscope.errors import MissingToolError
from synthetic import documents as D
from synthetic.documents import DocumentRenderer, docx_text

TEXT = """Safety plan for Zoë Kowalski
Date of plan: 4 November 2023
Worker: Łukasz Nowak, Social Worker, Northfield Team
What we are worried about:
Zoë's mother Karen Kowalski has been drinking heavily and there have been arguments with her partner Dean Matthews at the family home on Elm Road.

People who will help:
Name | Relationship | Phone
Margaret Kowalski | Maternal grandmother | 07700 900123
Siobhán O'Neill | Family friend | 07700 900456
Signed: Karen Kowalski {braces} and a back\\slash"""

LONG = TEXT + "\n" + "\n".join(
    f"{i}. Karen and Dean agreed the plan with Margaret at the family home." for i in range(90)
)

TOOLS = {
    "soffice": "libreoffice-writer-nogui",
    "antiword": "antiword",
    "tesseract": "tesseract-ocr",
}


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} is not installed: apt-get install {TOOLS[tool]}", pytrace=False)
    return path


def words(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


def recall(expected: str, got: str, ascii_only: bool = False) -> float:
    want = Counter(w for w in words(expected) if not ascii_only or w.isascii())
    have = Counter(words(got))
    return sum((want & have).values()) / sum(want.values())


@pytest.fixture
def docs(tmp_path) -> Path:
    return tmp_path / "export" / "documents"


def render(docs: Path, fmt: str, text: str = TEXT, seed: int = 1, name: str = "DOC-1",
           renderer: DocumentRenderer | None = None) -> Path:
    r = renderer or DocumentRenderer()
    return docs / r.render_document(text, docs / name, fmt, random.Random(seed))


# ------------------------------------------------------------------ text-bearing formats


def test_docx_text_is_canonical_with_a_real_table(docs):
    from docx import Document

    path = render(docs, "docx")
    assert path.name == "DOC-1.docx"
    assert docx_text(path) == TEXT
    doc = Document(path)
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 3
    assert doc.tables[0].cell(2, 0).text == "Siobhán O'Neill"
    # every non-table line is its own paragraph, in order
    assert [p.text for p in doc.paragraphs] == [ln for ln in TEXT.split("\n") if " | " not in ln]


def test_txt_and_rtf_round_trip(docs):
    from striprtf.striprtf import rtf_to_text

    for seed in range(6):  # CRLF/LF and BOM vary with rng
        txt = render(docs, "txt", seed=seed, name=f"T{seed}")
        assert txt.suffix == ".txt"
        assert txt.read_text(encoding="utf-8-sig") == TEXT + "\n"
    rtf = render(docs, "rtf", text=TEXT + "\ttabbed")
    assert rtf.suffix == ".rtf"
    assert rtf_to_text(rtf.read_text(encoding="ascii")) == TEXT + "\ttabbed\n"


def test_pdf_has_a_real_unicode_text_layer_and_pages(docs):
    from pypdf import PdfReader

    short = PdfReader(render(docs, "pdf"))
    extracted = "\n".join(p.extract_text() for p in short.pages)
    assert words(extracted) == words(TEXT)
    assert "Zoë" in extracted and "Łukasz" in extracted and "Siobhán" in extracted

    long = PdfReader(render(docs, "pdf", text=LONG, name="LONG"))
    assert len(long.pages) >= 2
    assert words("\n".join(p.extract_text() for p in long.pages)) == words(LONG)


def test_doc_is_legacy_word_readable_by_antiword(docs):
    need("soffice")
    need("antiword")
    r = DocumentRenderer(workers=2)
    sub = docs / "2023"
    names = [r.render_document(TEXT + f"\nCase {i}", sub / f"D.{i}", "doc", random.Random(i))
             for i in range(3)]
    names.append(r.render_document(TEXT, docs / "TOP", "doc", random.Random(9)))
    assert names == ["2023/D.0.doc", "2023/D.1.doc", "2023/D.2.doc", "TOP.doc"]
    assert not (docs / "TOP.doc").exists()  # deferred until render_pending

    counts = r.render_pending(docs)
    assert counts["doc_converted"] == 4 and counts["doc_batches"] >= 1
    left = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*"))
    assert left == ["2023", *names[:3], "TOP.doc"]  # intermediates and queue folder removed

    for i, name in enumerate(names[:3]):
        data = (docs / name).read_bytes()
        assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file
        out = subprocess.run(
            ["antiword", "-w", "0", "-m", "UTF-8.txt", str(docs / name)],
            capture_output=True, text=True, check=True,
        ).stdout
        got = [ln.strip() for ln in out.splitlines() if ln.strip()]
        assert got == [ln for ln in (TEXT + f"\nCase {i}").split("\n") if ln.strip()]
    assert r.render_pending(docs)["doc_converted"] == 0  # queue is empty now


def test_doc_without_soffice_is_a_clear_error(docs, monkeypatch):
    monkeypatch.setattr(D, "find_soffice", lambda: None)
    with pytest.raises(MissingToolError, match="apt-get install libreoffice-writer-nogui"):
        render(docs, "doc")


# ------------------------------------------------------------------ scans


def _ocr(image, tmp: Path) -> str:
    need("tesseract")
    src = tmp / "ocr-page.png"
    image.save(src)
    return subprocess.run(["tesseract", str(src), "-", "-l", "eng"], capture_output=True,
                          text=True, check=True).stdout


def test_scans_are_images_without_text(docs):
    from PIL import Image
    from pypdf import PdfReader

    png, jpg, tif = (render(docs, f) for f in ("png", "jpg", "tif"))
    assert (png.suffix, jpg.suffix, tif.suffix) == (".png", ".jpg", ".tif")
    for path, fmt in ((png, "PNG"), (jpg, "JPEG"), (tif, "TIFF")):
        with Image.open(path) as im:
            assert im.format == fmt and im.width >= 1500
            assert round(im.info["dpi"][0]) == 200
    with Image.open(render(docs, "tif", text=LONG, name="LONG")) as im:
        assert im.mode == "1" and im.n_frames >= 2

    scan = PdfReader(render(docs, "pdf_scan", text=LONG, name="SCAN"))
    assert scan.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4 at 200 dpi
    assert len(scan.pages) >= 2
    for page in scan.pages:
        assert page.extract_text().strip() == ""
        assert len(page.images) == 1


@pytest.mark.slow
def test_ocr_recovers_most_words_from_every_scan_format(docs, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    for seed, fmt in enumerate(("png", "jpg", "tif", "pdf_scan")):
        path = render(docs, fmt, seed=seed)
        if fmt == "pdf_scan":
            image = PdfReader(path).pages[0].images[0].image
        else:
            image = Image.open(path)
        text = _ocr(image, tmp_path)
        assert recall(TEXT, text, ascii_only=True) >= 0.9, (fmt, text)


# ------------------------------------------------------------------ unreadable files


def test_corrupt_files_look_real_but_do_not_parse(docs):
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    seen = set()
    for seed in range(12):
        path = render(docs, "corrupt", seed=seed, name=f"C{seed}")
        data = path.read_bytes()
        seen.add(path.suffix)
        if path.suffix == ".docx":
            assert data[:2] == b"PK"
            with pytest.raises((PackageNotFoundError, BadZipFile)):
                Document(path)
        else:
            assert path.suffix == ".pdf" and data[:5] == b"%PDF-"
            with pytest.raises(PdfReadError):
                reader = PdfReader(path)
                for page in reader.pages:
                    page.extract_text()
    assert seen == {".docx", ".pdf"}


def test_password_docx_is_really_encrypted(docs):
    import msoffcrypto
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from msoffcrypto.exceptions import InvalidKeyError

    r = DocumentRenderer()
    path = render(docs, "password_docx", renderer=r)
    assert path.suffix == ".docx"
    with path.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        assert office.is_encrypted()
        with pytest.raises(InvalidKeyError):
            office.load_key(password="wrong-password")
            office.decrypt(io.BytesIO())
    with pytest.raises((PackageNotFoundError, BadZipFile)):
        Document(path)
    with path.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        office.load_key(password=r.passwords[path.name])
        plain = io.BytesIO()
        office.decrypt(plain)
    assert docx_text(plain) == TEXT


def test_password_pdf_is_really_encrypted(docs):
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    r = DocumentRenderer()
    path = render(docs, "password_pdf", renderer=r)
    reader = PdfReader(path)
    assert path.suffix == ".pdf" and reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert not PdfReader(path).decrypt("")  # no empty user password
    reader = PdfReader(path)
    assert reader.decrypt(r.passwords[path.name])
    assert "Łukasz" in reader.pages[0].extract_text()


# ------------------------------------------------------------------ general


def test_same_rng_same_bytes(tmp_path):
    for fmt in ("docx", "rtf", "txt", "pdf", "png", "jpg", "tif", "pdf_scan", "corrupt"):
        a = render(tmp_path / "a" / "documents", fmt, seed=4).read_bytes()
        b = render(tmp_path / "b" / "documents", fmt, seed=4).read_bytes()
        assert a == b, fmt
    png4 = render(tmp_path / "a" / "documents", "png", seed=4).read_bytes()
    png5 = render(tmp_path / "c" / "documents", "png", seed=5).read_bytes()
    assert png4 != png5


def test_names_are_relative_to_documents_and_module_functions_work(docs):
    name = D.render_document("Hello", docs / "sub" / "R-1.v2", "txt", random.Random(0))
    assert name == "sub/R-1.v2.txt" and (docs / name).is_file()
    assert D.render_pending(docs) == {"doc_converted": 0, "doc_batches": 0, "seconds": 0.0}
    with pytest.raises(ValueError, match="unknown document format"):
        D.render_document("Hello", docs / "X", "odt", random.Random(0))
