"""File exports the app serves (CSV, DOCX): cells a spreadsheet shows as text, one table writer.

Pure: rows in, bytes/text out. The routes in :mod:`dashboards.app` check access and audit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # + full-width


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a value that starts (or, after leading spaces or
    line breaks, which some importers trim, starts) like a formula gets a leading apostrophe."""
    s = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    if s[:1] in FORMULA_START or s.lstrip(" \t\r\n\v\f\u00a0\u3000")[:1] in FORMULA_START:
        return "'" + s
    return s


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document: the header, then every row with each cell neutralised by :func:`csv_cell`."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(list(header))
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def safe_filename(text: str) -> str:
    """Letters, digits, ``-`` and ``_`` only (for Content-Disposition)."""
    return "".join(ch for ch in str(text) if ch.isalnum() or ch in "-_") or "export"


def docx_table(title: str, intro: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A Word document: a heading, a paragraph and one table (text cells; nothing is interpreted)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(title, level=1)
    doc.add_paragraph(intro)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
