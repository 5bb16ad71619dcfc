"""Helpers for the unit tests of extraction forms: the mentions a pipeline gives for a text, and
the mentions it gives when a statistical NER is simulated by tagging given spans first (the rule
components then run on that doc as they run after the trained NER)."""

from __future__ import annotations

from extraction.pipeline import extract_mentions, mentions_of


def spans(nlp, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in extract_mentions(text, nlp)}


def with_ner(nlp, text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The mentions when an NER had tagged the first occurrence of each (text, label) of `ents`."""
    doc = nlp.make_doc(text)
    tagged = [doc.char_span(text.index(t), text.index(t) + len(t), label=lab) for t, lab in ents]
    doc.ents = sorted((s for s in tagged if s is not None), key=lambda s: s.start)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [(m.text, m.label) for m in mentions_of(doc)]
