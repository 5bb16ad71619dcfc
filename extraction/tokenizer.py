"""The Kinscope tokenizer: spaCy's English tokenizer plus splits that case notes need.

Bulleted lines ("-Tyler Flynn", "*mum", "•MGM"), arrows and dots after initials ("L.D..")
would otherwise glue punctuation to names and break span alignment; hyphenated names
("Ellie-Mae", "Rashid-Siddique") are kept whole instead of split at the hyphen. Registered as
``kinscope.Tokenizer.v1`` and named in ``extraction/configs/mentions.cfg``; importing
:mod:`extraction.pipeline` (or this module) registers it before a model is loaded.
"""

from __future__ import annotations

import spacy
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_PREFIXES = [r"-", r"\*", r"\u2022", r"\u2013", r"\u2014", r"~", r">", r"\+(?=[A-Za-z])",
                  r"=", r"#(?=[A-Za-z])"]
EXTRA_SUFFIXES = [r"(?<=[A-Z]\.)\.", r"(?<=[a-z]{2})\.(?=\.)", r":", r"-(?=$)"]
EXTRA_INFIXES = [r"(?<=[A-Za-z])/(?=[A-Za-z])", r"(?<=[A-Za-z]{2})\.(?=[A-Z][a-z])",
                 r"(?<=[a-z])\((?=[A-Za-z])", r"(?<=[A-Za-z])\)(?=[A-Za-z])",
                 r"(?<=[A-Za-z]),(?=[A-Za-z])", r"(?<=[A-Za-z])\+(?=[A-Za-z])",
                 r"(?<=[a-z]{2})\.(?=\[\d)"]  # a footnote mark after a full stop: "her father.[3]"


def _suffixes(nlp) -> list[str]:
    out = [r"(?<!\.[A-Z])\.\.+" if p == r"\.\.+" else p for p in nlp.Defaults.suffixes]
    return out + EXTRA_SUFFIXES


def _infixes(nlp) -> list[str]:
    """Defaults without the letter-hyphen-letter split: "Ellie-Mae", "Doyle-Carr", "step-dad"
    and "half-brother" stay one token (en/em dashes and "--" still split)."""
    out = [p.replace("(?:-|", "(?:") for p in nlp.Defaults.infixes]
    return out + EXTRA_INFIXES


@registry.tokenizers("kinscope.Tokenizer.v1")
def create_tokenizer():
    def make(nlp):
        tok = Tokenizer(nlp.vocab, rules=nlp.Defaults.tokenizer_exceptions,
                                        url_match=nlp.Defaults.url_match)
        nlp.tokenizer = tok
        # defaults first, then Kinscope's additions
        d = nlp.Defaults
        tok.prefix_search = compile_prefix_regex(list(d.prefixes) + EXTRA_PREFIXES).search
        tok.suffix_search = compile_suffix_regex(_suffixes(nlp)).search
        tok.infix_finditer = compile_infix_regex(_infixes(nlp)).finditer
        return tok
    return make


def blank_en():
    """A blank English pipeline with the Kinscope tokenizer."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "kinscope.Tokenizer.v1"}}})
