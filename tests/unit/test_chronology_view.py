"""The chronology's pure helpers: one-line summaries, who was involved (named as the viewer's map
names them), filters by person and type, undated records, export rows (neutralised in the CSV)."""

from __future__ import annotations

import csv
import io
from datetime import date

from dashboards import chronology as ch
from dashboards import exports

ROWS = [
    {"kind": "note", "record_id": "N-1", "date": date(2024, 1, 5), "record_type": "Home visit",
     "title": "Home visit", "opening": "Karen said Dave left in March. Isla was at school.",
     "involved": [{"key": "P-2", "text": "Dave"}, {"key": "P-1", "text": "Karen"}, {"key": "P-1", "text": "mum"}]},
    {"kind": "document", "record_id": "D-1", "date": date(2024, 2, 1), "record_type": "Safety plan",
     "title": "Safety plan v2", "opening": "People who keep Isla safe.", "involved": [{"key": "P-1", "text": "Karen"}]},
    {"kind": "note", "record_id": "N-2", "date": None, "record_type": None, "title": None,
     "opening": "=HYPERLINK(\"http://x\") said nothing", "involved": [{"key": "P-Q", "text": "Q"}]},
]
MEMBERS = [{"key": "P-1", "name": "Karen Owen"}, {"key": "P-2", "name": "Dave Smith"}]


def test_summary_is_the_subject_unless_it_only_repeats_the_type():
    assert ch.one_line_summary("Safety plan v2", "ignored", "Safety plan") == "Safety plan v2"
    assert ch.one_line_summary("Home visit", "Karen said Dave left. Then more.", "Home visit") == "Karen said Dave left."
    assert ch.one_line_summary(None, "  One\nline.  Two.", None) == "One line."
    assert ch.one_line_summary("", "", None) == "(no text)"
    long = "word " * 80
    s = ch.one_line_summary(None, long, None)
    assert len(s) <= ch.SUMMARY_WIDTH + 1 and s.endswith("…") and "  " not in s


def test_people_named_as_the_map_names_them_once_each():
    items = ch.entries(ROWS, MEMBERS)
    assert [p["name"] for p in items[0]["people"]] == ["Dave Smith", "Karen Owen"]
    # not on the viewer's map: named as the record writes the name (never a canonical name)
    assert items[2]["people"] == [{"key": "P-Q", "name": "Q"}]
    assert items[0]["href"] == "/record/note/N-1" and items[2]["type"] == "Case note"


def test_filters_by_person_and_type_and_undated_left_out():
    items, undated = ch.dated(ch.entries(ROWS, MEMBERS))
    assert undated == 1 and [e["record_id"] for e in items] == ["N-1", "D-1"]
    assert [e["record_id"] for e in ch.filter_entries(items, person="P-2")] == ["N-1"]
    assert [e["record_id"] for e in ch.filter_entries(items, person="P-1", record_type="Safety plan")] == ["D-1"]
    assert ch.filter_entries(items, person="P-404") == []
    assert [o["value"] for o in ch.person_options(items)] == ["P-2", "P-1"]
    assert ch.person_options(items)[1]["label"] == "Karen Owen (2)"
    assert [o["value"] for o in ch.type_options(items)] == ["Home visit", "Safety plan"]
    assert ch.describe_filters("Karen Owen", "Home visit") == "Entries involving Karen Owen and of type Home visit"


def test_export_rows_through_the_csv_writer_are_text():
    rows = ch.export_rows(ch.entries(ROWS, MEMBERS), "http://app/")
    assert rows[0][-1] == "http://app/record/note/N-1" and rows[0][3] == "Dave Smith; Karen Owen"
    got = list(csv.reader(io.StringIO(exports.csv_text(ch.HEADER, rows))))
    assert got[0] == list(ch.HEADER) and got[1][0] == "2024-01-05"
    assert got[3][4].startswith("'=HYPERLINK")  # a formula-looking summary stays text


def test_docx_holds_the_rows():
    from docx import Document

    data = exports.docx_table("Chronology: Isla", "All entries", ch.HEADER, ch.export_rows(ch.entries(ROWS, MEMBERS)))
    doc = Document(io.BytesIO(data))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(ch.HEADER)
    assert table.rows[2].cells[4].text == "Safety plan v2" and len(table.rows) == 4
