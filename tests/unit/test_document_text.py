"""extraction.document_text: every supported kind of file -> text, or a failure reason.

Files are generated here (python-docx, fpdf2, Pillow, LibreOffice, msoffcrypto, pypdf).
Tests that need antiword, LibreOffice or Tesseract FAIL (never skip) when the tool is
missing: install them with
``apt-get install antiword libreoffice-writer-nogui tesseract-ocr tesseract-ocr-eng poppler-utils``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from extraction import document_text as dt
from extraction.document_text import DocumentText, TextLimits, extract_text, normalise_text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
APT = {
    "antiword": "antiword",
    "soffice": "libreoffice-writer-nogui",
    "tesseract": "tesseract-ocr tesseract-ocr-eng",
    "pdftoppm": "poppler-utils",
}

OCR_LINES = [
    "Home visit to Ellie Marsh on Tuesday.",
    "Her grandmother Patricia Marsh was present.",
    "Dave Hollis lives at Eastfield Court.",
]


def need(tool: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        pytest.fail(f"{tool} is not installed; these tests need it: apt-get install {APT[tool]}",
                    pytrace=False)
    return exe


def need_font(name: str = "DejaVuSans.ttf") -> str:
    path = FONT_DIR / name
    if not path.exists():
        pytest.fail(f"font {path} missing: apt-get install fonts-dejavu-core", pytrace=False)
    return str(path)


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


def assert_failed(result: DocumentText, reason: str) -> None:
    assert result.status == "failed", result
    assert result.reason == reason, result
    assert result.text == ""
    assert result.detail


# --------------------------------------------------------------------------- generators


def make_docx(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading("Strategy meeting", level=1)
    doc.add_paragraph("Ellie lives with her mother Danielle.")
    table = doc.add_table(rows=3, cols=3)
    rows = [("Name", "Relationship", "Phone"),
            ("Patricia Marsh", "Maternal grandmother", "07700 900123"),
            ("Dave Hollis", "Mum's partner", "")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.add_paragraph("Next review in six weeks.")
    doc.save(path)
    return path


def make_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", need_font())
    pdf.set_font("DejaVu", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def text_image(lines: list[str], scale: int = 1):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(need_font(), 40 * scale)
    img = Image.new("L", (1700 * scale, (90 + 70 * len(lines)) * scale), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((50 * scale, (40 + 70 * i) * scale), line, fill=0, font=font)
    return img


def encrypt_pdf(src: Path, dst: Path, user: str, owner: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory) -> Path:
    """A Word 97 .doc written by LibreOffice (slow: done once per module). Uses the
    extractor's own per-process LibreOffice profile so the fallback test starts warm."""
    soffice = need("soffice")
    tmp = tmp_path_factory.mktemp("doc")
    from docx import Document

    src = tmp / "visit.docx"
    doc = Document()
    doc.add_paragraph("Home visit report for Reece Marsh.")
    doc.add_paragraph("Maternal aunt Kerry Walsh attended; café nearby.")
    for i in range(20):  # antiword refuses very small text streams
        doc.add_paragraph(f"Paragraph {i}: the family discussed the plan and next steps.")
    doc.save(src)
    cmd = [soffice, f"-env:UserInstallation={dt._soffice_profile().as_uri()}", "--headless",
           "--norestore", "--convert-to", "doc:MS Word 97", "--outdir", str(tmp), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False,
                          env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
    out = tmp / "visit.doc"
    assert out.is_file(), f"soffice could not write a .doc: {proc.stderr or proc.stdout}"
    return out


# --------------------------------------------------------------------------- text formats


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    result = extract_text(make_docx(tmp_path / "meeting.docx"))
    assert (result.status, result.method, result.format) == ("text", "docx", "docx")
    assert result.text == (
        "Strategy meeting\n"
        "Ellie lives with her mother Danielle.\n"
        "Name | Relationship | Phone\n"
        "Patricia Marsh | Maternal grandmother | 07700 900123\n"
        "Dave Hollis | Mum's partner | \n"
        "Next review in six weeks."
    )
    assert result.reason is None and result.seconds >= 0


def test_docx_content_controls_insertions_deletions_and_text_boxes(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    p = doc.add_paragraph("Child: ")
    p._p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>Ellie Marsh</w:t></w:r>'
        "</w:sdtContent></w:sdt>"))
    p._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> aged 9'
        "</w:t></w:r></w:ins>"))
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText> aged 8</w:delText>'
        "</w:r></w:del>"))
    doc.add_paragraph("Second line")
    doc.save(tmp_path / "controls.docx")
    result = extract_text(tmp_path / "controls.docx")
    assert result.text == "Child: Ellie Marsh aged 9\nSecond line"


def test_doc_read_with_antiword(doc_file):
    need("antiword")
    result = extract_text(doc_file)
    assert (result.status, result.method, result.format) == ("text", "antiword", "doc")
    assert "Home visit report for Reece Marsh." in result.text
    assert "Maternal aunt Kerry Walsh attended; café nearby." in result.text


def test_doc_falls_back_to_libreoffice_when_antiword_is_absent(doc_file, monkeypatch):
    need("soffice")
    real_which = shutil.which
    monkeypatch.setattr(dt.shutil, "which",
                        lambda name, *a, **k: None if name == "antiword" else real_which(name))
    result = extract_text(doc_file)
    assert (result.status, result.method) == ("text", "soffice"), result
    assert "Home visit report for Reece Marsh." in result.text
    assert "café" in result.text


def test_rtf(tmp_path):
    path = tmp_path / "letter.rtf"
    path.write_text(
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\pard\f0 "
        r"Dear Ms Marsh,\par Zo\u235?e and Ren\'e9e visited \b Eastfield Court\b0 .\par}",
        encoding="ascii",
    )
    result = extract_text(path)
    assert (result.status, result.method, result.format) == ("text", "rtf", "rtf")
    assert "Dear Ms Marsh," in result.text
    assert "Zoëe and Renée visited Eastfield Court." in result.text


def test_plain_text_cp1252_and_crlf(tmp_path):
    path = tmp_path / "note.txt"
    text = "Caf\u00e9 with Ren\u00e9e \u2013 \u00a35\r\nsecond line\rthird\r\n"
    path.write_bytes(text.encode("cp1252"))
    result = extract_text(path)
    assert (result.status, result.method, result.format) == ("text", "plain", "txt")
    assert result.text == "Café with Renée – £5\nsecond line\nthird\n"


def test_plain_text_utf8_with_bom(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Zoë and Łukasz\n".encode())
    assert extract_text(path).text == "Zoë and Łukasz\n"


def test_format_detected_from_bytes_not_extension(tmp_path):
    rtf_named_doc = tmp_path / "really_rtf.doc"
    rtf_named_doc.write_bytes(rb"{\rtf1\ansi Jon Marsh\par}")
    result = extract_text(rtf_named_doc)
    assert (result.status, result.method) == ("text", "rtf")
    assert "Jon Marsh" in result.text

    pdf_named_txt = make_text_pdf(tmp_path / "really_pdf.txt", [["Jon Marsh is the father."]])
    result = extract_text(pdf_named_txt)
    assert (result.status, result.format) == ("text", "pdf")
    assert "Jon Marsh is the father." in result.text


# --------------------------------------------------------------------------- PDF and OCR


def test_text_pdf_pages(tmp_path):
    path = make_text_pdf(tmp_path / "report.pdf", [
        ["Core group meeting for Tia Marsh.", "Zoë Nowak, school nurse, attended."],
        ["Page two mentions Reece and the health visitor at Mill Lane clinic."],
    ])
    result = extract_text(path)
    assert (result.status, result.method, result.pages) == ("text", "pdf_text", 2)
    assert "Core group meeting for Tia Marsh." in result.text
    assert "Zoë Nowak, school nurse, attended." in result.text
    assert result.ocr_pages == []
    start = result.page_starts[1]
    assert result.page_starts[0] == 0
    assert result.text[start:].startswith("Page two mentions Reece")


def test_pdf_with_empty_user_password_opens(tmp_path):
    line = "Restricted copy for Amira Khan, social worker, do not print."
    plain = make_text_pdf(tmp_path / "plain.pdf", [[line]])
    path = encrypt_pdf(plain, tmp_path / "owner_only.pdf", user="", owner="s3cret")
    result = extract_text(path)
    assert result.status == "text", result
    assert "Amira Khan" in result.text


def test_png_ocr(tmp_path):
    need("tesseract")
    path = tmp_path / "scan.png"
    text_image(OCR_LINES).save(path, dpi=(200, 200))
    result = extract_text(path)
    assert (result.status, result.method, result.format, result.pages) == (
        "ocr", "tesseract", "png", 1)
    expected = words(" ".join(OCR_LINES))
    found = expected & words(result.text)
    assert len(found) >= 0.8 * len(expected), (expected - found, result.text)


def test_image_only_pdf_is_ocred(tmp_path):
    need("tesseract")
    need("pdftoppm")
    path = tmp_path / "scanned.pdf"
    text_image(OCR_LINES).save(path, "PDF", resolution=200)
    result = extract_text(path, TextLimits(ocr_dpi=200))
    assert (result.status, result.method, result.pages, result.ocr_pages) == (
        "ocr", "tesseract", 1, [1]), result
    expected = words(" ".join(OCR_LINES))
    found = expected & words(result.text)
    assert len(found) >= 0.8 * len(expected), (expected - found, result.text)


def test_tesseract_runs_with_one_thread(tmp_path, monkeypatch):
    need("tesseract")
    seen = []
    real_run = dt._run

    def spy(cmd, timeout, **kw):
        seen.append((cmd[0], (kw.get("env") or {}).get("OMP_THREAD_LIMIT"), timeout))
        return real_run(cmd, timeout, **kw)

    monkeypatch.setattr(dt, "_run", spy)
    path = tmp_path / "small.png"
    text_image(OCR_LINES[:1]).save(path)
    assert extract_text(path).status == "ocr"
    assert [(Path(c).name, env) for c, env, _ in seen] == [("tesseract", "1")]
    assert 0 < seen[0][2] <= TextLimits().timeout_s


# --------------------------------------------------------------------------- failures


def test_encrypted_docx_is_password_protected(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = make_docx(tmp_path / "plain.docx")
    path = tmp_path / "locked.docx"
    with plain.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("Pa55word", dst)
    result = extract_text(path)
    assert_failed(result, "password_protected")
    assert result.format == "docx"


def test_encrypted_pdf_is_password_protected(tmp_path):
    plain = make_text_pdf(tmp_path / "plain.pdf", [["Secret plan for Ellie."]])
    result = extract_text(encrypt_pdf(plain, tmp_path / "locked.pdf", "user-pw", "owner-pw"))
    assert_failed(result, "password_protected")


def test_truncated_and_garbled_docx_are_corrupt(tmp_path):
    data = make_docx(tmp_path / "ok.docx").read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(data[: len(data) // 2])
    assert_failed(extract_text(truncated), "corrupt")
    garbled = tmp_path / "garbled.docx"
    garbled.write_bytes(data[:300] + os.urandom(3000))
    assert_failed(extract_text(garbled), "corrupt")
    # a valid zip whose document.xml is broken
    broken = tmp_path / "broken_xml.docx"
    import zipfile

    with zipfile.ZipFile(tmp_path / "ok.docx") as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    assert_failed(extract_text(broken), "corrupt")


def test_truncated_pdf_is_corrupt(tmp_path):
    data = make_text_pdf(tmp_path / "ok.pdf", [["Line one about Ellie."] * 30]).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2].replace(b"%%EOF", b"%%EO\x00"))
    result = extract_text(path)
    assert_failed(result, "corrupt")
    assert result.format == "pdf"


def test_too_large_is_not_read(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "big.docx")
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("file was read"))
    result = extract_text(path, TextLimits(max_bytes=100))
    assert_failed(result, "too_large")


def test_unknown_binary_is_unsupported_but_damaged_known_type_is_corrupt(tmp_path):
    blob = bytes(range(256)) * 20
    (tmp_path / "thing.bin").write_bytes(blob)
    assert_failed(extract_text(tmp_path / "thing.bin"), "unsupported_format")
    (tmp_path / "thing.pdf").write_bytes(blob)
    result = extract_text(tmp_path / "thing.pdf")
    assert_failed(result, "corrupt")
    assert result.format == "pdf"


def test_other_zip_and_ole2_files_are_unsupported(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "photos.zip", "w") as zf:
        zf.writestr("a.txt", "hello")
    assert_failed(extract_text(tmp_path / "photos.zip"), "unsupported_format")


def test_empty_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert_failed(extract_text(tmp_path / "empty.txt"), "empty")
    (tmp_path / "blank.txt").write_bytes(b"  \r\n\r\n")
    assert_failed(extract_text(tmp_path / "blank.txt"), "empty")
    assert_failed(extract_text(tmp_path / "nowhere.docx"), "unreadable")
    assert_failed(extract_text(tmp_path), "unreadable")


def test_blank_image_is_empty(tmp_path):
    need("tesseract")
    from PIL import Image

    Image.new("L", (400, 300), 255).save(tmp_path / "blank.png")
    result = extract_text(tmp_path / "blank.png")
    assert_failed(result, "empty")
    assert result.method == "tesseract"


def test_corrupt_image(tmp_path):
    need("tesseract")
    path = tmp_path / "cut.png"
    buf = io.BytesIO()
    text_image(OCR_LINES).save(buf, "PNG")
    path.write_bytes(buf.getvalue()[:200])
    assert_failed(extract_text(path), "corrupt")


def test_timeout_budget_is_enforced(tmp_path):
    need("tesseract")
    path = tmp_path / "scan.png"
    text_image(OCR_LINES).save(path)
    result = extract_text(path, TextLimits(timeout_s=0))
    assert_failed(result, "timed_out")


def test_subprocess_killed_on_timeout():
    started = time.monotonic()
    with pytest.raises(dt.ExtractionFailed) as exc:
        dt._run(["sleep", "30"], 0.3, what="sleep")
    assert exc.value.reason == "timed_out"
    assert time.monotonic() - started < 5


def test_missing_tool_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "scan.png"
    text_image(OCR_LINES[:1]).save(path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    result = extract_text(path)
    assert_failed(result, "tool_missing")
    assert "tesseract" in result.detail.lower()


def test_exceptions_never_escape(tmp_path, monkeypatch):
    def boom(self):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(dt._Job, "_rtf", boom)
    (tmp_path / "x.rtf").write_bytes(rb"{\rtf1 hello}")
    result = extract_text(tmp_path / "x.rtf")
    assert_failed(result, "corrupt")
    assert "parser bug" in result.detail


def test_normalise_text_keeps_one_char_per_line_break():
    assert normalise_text("a\r\nb\rc\x0bd\x0ce\u2028f\x00g") == "a\nb\nc\nd\ne\nf g"
    assert normalise_text("e\u0301 \ufb01le") == "é file"


def test_reasons_are_documented():
    assert set(dt.REASONS) >= {"password_protected", "corrupt", "unsupported_format",
                               "too_large", "timed_out", "empty", "tool_missing"}


def test_files_rendered_by_the_synthetic_generator(tmp_path):
    """The generator's formats read back as its documented canonical text."""
    from random import Random

    from synthetic.documents import DocumentRenderer

    canonical = (
        "Review: Ellie Marsh\nPresent:\nDanielle Marsh (mother), Jon (father).\n"
        "Name | Relationship | Phone\nPatricia Marsh | Maternal grandmother | 07700 900123\n"
        "Reece Marsh | Brother | 07700 900456\nZoë Kowalski from school; Łukasz Nowak (PC)."
    )
    renderer, rng = DocumentRenderer(), Random(7)
    got = {}
    for fmt in ("docx", "rtf", "txt", "pdf", "password_docx", "password_pdf"):
        name = renderer.render_document(canonical, tmp_path / fmt, fmt, rng)
        got[fmt] = extract_text(tmp_path / name)
    assert got["docx"].text == canonical
    assert got["rtf"].text.rstrip("\n") == canonical
    assert got["txt"].text.rstrip("\n") == canonical
    assert got["pdf"].status == "text"
    assert " ".join(got["pdf"].text.split()) == " ".join(canonical.split())
    assert_failed(got["password_docx"], "password_protected")
    assert_failed(got["password_pdf"], "password_protected")
    for seed in range(8):  # covers truncated and garbled docx and pdf
        name = DocumentRenderer().render_document(canonical, tmp_path / f"bad{seed}",
                                                  "corrupt", Random(seed))
        assert_failed(extract_text(tmp_path / name), "corrupt")


def test_pdf_mixing_text_pages_and_a_scanned_page(tmp_path):
    need("tesseract")
    need("pdftoppm")
    from fpdf import FPDF

    image = tmp_path / "page.png"
    text_image(OCR_LINES).save(image)
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", need_font())
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.cell(0, 8, "Typed summary: core group meeting for Tia Marsh and her brother Reece.")
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=190)
    pdf.output(str(tmp_path / "mixed.pdf"))

    result = extract_text(tmp_path / "mixed.pdf", TextLimits(ocr_dpi=200))
    assert (result.status, result.method, result.pages, result.ocr_pages) == (
        "ocr", "pdf_text+tesseract", 2, [2]), result
    assert result.text.startswith("Typed summary: core group meeting for Tia Marsh")
    scanned = result.text[result.page_starts[1]:]
    expected = words(" ".join(OCR_LINES))
    assert len(expected & words(scanned)) >= 0.8 * len(expected), scanned
