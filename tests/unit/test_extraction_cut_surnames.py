"""A first name the NER ended one word early, before a surname the gazetteer reads on, is the whole
name (extraction.components._extend_cut_surnames); a common word after it is not taken in."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from extraction.components import _Cand, _extend_cut_surnames


def _cands(text: str, first: int, surname_word: int):
    doc = spacy.blank("en")(text)
    ner = _Cand(Span(doc, first, first + 1, label="PERSON"), "PERSON", "ner", None, None, 0.9)
    full = _Cand(Span(doc, first, surname_word + 1, label="PERSON"), "PERSON", "gazetteer", "gazetteer_full",
                 None, 0.6)
    return doc, ner, full


def test_a_rare_surname_the_ner_left_out_is_taken_in():
    doc, ner, full = _cands("Kayden said Reece Lund picked him up.", 2, 3)
    _extend_cut_surnames([ner, full])
    assert doc.text[ner.start:ner.end] == "Reece Lund" and ner.tok_end == 4 and ner.source == "ner"


def test_a_common_word_after_a_first_name_is_not():
    for text in ("Then Reece Said he was fine.", "Kayden told Reece Police were called."):
        doc, ner, full = _cands(text, 1 if text.startswith("Then") else 2, 2 if text.startswith("Then") else 3)
        _extend_cut_surnames([ner, full])
        assert doc.text[ner.start:ner.end] == "Reece", text
