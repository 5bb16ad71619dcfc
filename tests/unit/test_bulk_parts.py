"""The bulk load's CSVs written by spawned workers are the one-process CSVs, byte for byte once
each file's parts are joined after its header, with the same report, quarantine and people; an
id repeated across two workers' ranges is rejected where one process rejects it. No server: the
table phase of `BulkExportLoader` needs none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_model.bulk_import import BulkExportLoader
from graph_model.bulk_parts import count_lines, jsonl_spans, repeats_across
from graph_model.export_reader import iter_jsonl
from kinscope.settings import Settings
from synthetic.council import generate_council


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bulk-parts") / "full"
    generate_council(out, children=6, seed=5, render_documents=False, malformed=True)
    return out


def _add_notes(export: Path, target: Path, notes: list[str], *, first: bool = False) -> Path:
    import shutil

    shutil.copytree(export, target)
    path = target / "case_notes.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [*(n + "\n" for n in notes), *lines] if first else [*lines, *(n + "\n" for n in notes)]
    path.write_text("".join(lines), encoding="utf-8")
    return target


def _tables(export: Path, out: Path, processes: int) -> tuple[BulkExportLoader, dict[str, str]]:
    loader = BulkExportLoader(None, export, report_dir=out, settings=Settings(home=out / "home"),  # type: ignore[arg-type]
                              batch_size=50, processes=processes)
    loader.write_import_files()
    loader.quarantine.close()
    texts = {}
    for key, f in loader.files.items():
        names = [f.path.name, *(name for name, _, _ in loader.parts.get(key, ()))]
        texts[key] = "".join((loader.stage / name).read_text(encoding="utf-8") for name in names)
    return loader, texts


def _same(one: tuple[BulkExportLoader, dict[str, str]], many: tuple[BulkExportLoader, dict[str, str]]) -> None:
    (a, a_files), (b, b_files) = one, many
    assert a_files == b_files
    def counts(loader):
        return [(f, s.rows_read, s.rows_loaded, dict(s.rejected), dict(s.warnings)) for f, s in loader.report.files.items()]

    assert counts(a) == counts(b)
    assert a.quarantine.items == b.quarantine.items
    for path in (a.report_dir / "quarantine").iterdir():
        assert path.read_text(encoding="utf-8") == (b.report_dir / "quarantine" / path.name).read_text(encoding="utf-8")
    assert list(a.workers.items()) == list(b.workers.items())
    assert a.memberships == b.memberships
    assert a.report.documents_missing == b.report.documents_missing and a.listed_documents == b.listed_documents
    multiline = [arg for arg in a._import_args() if arg.startswith("--multiline")]
    assert multiline == [arg for arg in b._import_args() if arg.startswith("--multiline")]


def test_workers_write_what_one_process_writes(export, tmp_path):
    bad = [json.dumps({"note_id": "N-LAST", "child_id": "C-NOPE", "body": "x", "updated_at": "2021-01-01T00:00:00Z"}),
           "{not json", json.dumps({"note_id": "N-Q", "child_id": "C-1", "updated_at": "bad"})]
    src = _add_notes(export, tmp_path / "src", bad)
    one = _tables(src, tmp_path / "one", processes=1)
    many = _tables(src, tmp_path / "many", processes=2)
    assert len(many[0].parts["case_note"]) == 4  # the notes in 4 ranges, each CSV file in one worker
    assert all(len(many[0].parts[k]) == 1 for k in ("adult_record", "document", "allocation_record"))
    notes = [item for item in many[0].quarantine.items if item["file"] == "case_notes.jsonl"]
    assert max(item["line"] for item in notes) == count_lines(src / "case_notes.jsonl", 0, (src / "case_notes.jsonl").stat().st_size)
    _same(one, many)
    assert "--nodes=CaseNote=case_note.csv," + ",".join(
        name for name, rows, _ in many[0].parts["case_note"] if rows) in many[0]._import_args()


def test_an_id_repeated_across_ranges_is_rejected_as_one_process_rejects_it(export, tmp_path):
    first = json.loads((export / "case_notes.jsonl").read_text(encoding="utf-8").splitlines()[0])
    src = _add_notes(export, tmp_path / "src", [json.dumps({**first, "body": "the later copy"})])
    one = _tables(src, tmp_path / "one", processes=1)
    many = _tables(src, tmp_path / "many", processes=2)
    assert one[0].report.stats("case_notes.jsonl").rejected["duplicate_id"] == 1
    assert "case_note" not in many[0].parts  # written again in one process
    assert not list(many[0].stage.glob("case_note.part*"))
    _same(one, many)


def test_ranges_cover_the_file_at_line_starts(tmp_path):
    path = tmp_path / "x.jsonl"
    lines = [json.dumps({"i": i, "pad": "é" * (i % 7)}) for i in range(101)]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    for parts in (1, 2, 3, 7, 500):
        spans = jsonl_spans(path, parts)
        assert spans[0][0] == 0 and spans[-1][1] == path.stat().st_size
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
        got, offset = [], 0
        for start, end in spans:
            got += [(row.line + offset, row.values["i"]) for row in iter_jsonl(path, start=start, end=end)]
            offset += count_lines(path, start, end)
        assert got == [(row.line, row.values["i"]) for row in iter_jsonl(path)]


def test_repeats_across():
    from graph_model.bulk_parts import id_digest

    assert not repeats_across([id_digest("a") + id_digest("b"), id_digest("c")])
    assert repeats_across([id_digest("a") + id_digest("b"), id_digest("c") + id_digest("a")])
