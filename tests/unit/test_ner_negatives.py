"""A practitioner's "Not a person" correction trains the mention model as a negative example:
exactly the marked span is outside any entity; the rest of its context is unknown (missing), so
real people named around it are not taught as non-people."""

from __future__ import annotations

from spacy.tokens import DocBin

from extraction.tokenizer import blank_en
from extraction.training import negatives_to_docbin

CONTEXT = "Home visit. Saturday Dunmore said Kelly Oduya collects her from school."


def _example(text: str, needle: str, offset: int = 500) -> dict:
    start = text.index(needle)
    return {"context": text, "context_start": offset, "start": offset + start, "end": offset + start + len(needle)}


def test_only_the_marked_span_is_outside(tmp_path):
    nlp = blank_en()
    stats = negatives_to_docbin([_example(CONTEXT, "Saturday Dunmore")], tmp_path / "neg.spacy", nlp, repeat=2)
    assert stats == {"examples": 1, "misaligned": 0, "repeat": 2}
    docs = list(DocBin().from_disk(tmp_path / "neg.spacy").get_docs(nlp.vocab))
    assert len(docs) == 2
    iob = {t.text: t.ent_iob_ for t in docs[0]}
    assert iob["Saturday"] == "O" and iob["Dunmore"] == "O"
    assert iob["Kelly"] == "" and iob["Oduya"] == "" and iob["Home"] == ""  # missing: no gradient
    assert not docs[0].ents


def test_an_example_whose_span_left_its_context_is_counted_not_trained(tmp_path):
    bad = _example(CONTEXT, "Saturday") | {"start": 10_000, "end": 10_008}
    stats = negatives_to_docbin([bad, _example(CONTEXT, "Kelly")], tmp_path / "neg.spacy")
    assert stats["examples"] == 1 and stats["misaligned"] == 1
