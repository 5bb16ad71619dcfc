"""Streaming readers: every line is either a row or a reported problem."""

from graph_model.export_reader import iter_csv, iter_jsonl


def test_csv_rows_and_problems(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(
        b"\xef\xbb\xbfa,b,c\n"  # BOM
        b"1,2,3\n"
        b"1,2\n"  # too few fields
        b'"multi\nline",x,y\n'  # quoted newline
        b"\n"  # blank line
        b"bad\xff,2,3\n"  # not UTF-8
    )
    rows = list(iter_csv(path))
    assert rows[0].values == {"a": "1", "b": "2", "c": "3"}
    assert rows[1].problem.reason == "wrong_field_count"
    assert rows[2].values["a"] == "multi\nline"
    assert rows[3].problem.reason == "invalid_encoding"
    assert "\\xff" in rows[3].raw
    assert len(rows) == 4


def test_jsonl_rows_and_problems(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"a": 1}\n{broken\n\n[1, 2]\n{"b": "\xc3\xa9"}\n')
    rows = list(iter_jsonl(path))
    assert rows[0].values == {"a": 1} and rows[0].line == 1
    assert rows[1].problem.reason == "invalid_json" and rows[1].line == 2
    assert rows[2].problem.reason == "not_an_object" and rows[2].line == 4
    assert rows[3].values == {"b": "é"}
