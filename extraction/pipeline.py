"""The mention pipeline: trained NER (when present) + rule components + role-name linker.

::

    nlp = build_pipeline()                 # .kinscope/models/ner if trained, else rules only
    extract_mentions("Mum (Danielle) was present with MGM.", nlp)
    extract_many(texts, nlp, n_process=1, batch_size=256)

Model lookup (first that exists): ``model_dir`` argument, ``$KINSCOPE_NER_MODEL``,
``<settings.home>/models/ner`` (``.kinscope/models/ner`` in a checkout). ``model_dir`` may
also name an installed spaCy package such as ``en_core_web_sm`` where a deployment has one;
its ``PERSON``/``ORG``/``GPE``/``DATE`` entities are used (GPE/LOC/FAC -> PLACE).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from extraction import components, phrases, span_repair  # noqa: F401  (register the factories and extensions)
from extraction.tokenizer import blank_en
from extraction.components import MENTIONS_KEY

CALIBRATION_FILE = "kinscope_calibration.json"
RULE_PIPES = ("kinscope_role_ruler", "kinscope_abbr_ruler", "kinscope_regex", "kinscope_names",
              "kinscope_phrases", "kinscope_span_repair", "kinscope_linker")
# labels an official pipeline (en_core_web_*) uses -> Kinscope labels
FOREIGN_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
                  "DATE": "DATE", "NORP": None, "CARDINAL": None, "ORDINAL": None, "TIME": None,
                  "MONEY": None, "QUANTITY": None, "PERCENT": None, "EVENT": None,
                  "WORK_OF_ART": None, "LAW": None, "LANGUAGE": None, "PRODUCT": None}


@dataclass(frozen=True)
class Mention:
    label: str            # PERSON, ROLE, GROUP, ORG, PLACE, SETTING, ADDRESS, POSTCODE, PHONE, EMAIL, DATE
    text: str
    start_char: int
    end_char: int
    role: str | None = None         # canonical role ("maternal grandmother") where known
    relation_to: str | None = None  # "Tia" in "Tia's older brother Reece"
    confidence: float = 0.0
    source: str = "rule"            # "ner", "rule" or "ner+rule"
    agency: str | None = None       # "North Yorkshire Police" in "DC Ward (North Yorkshire Police)"
    place_type: str | None = None   # PLACE/SETTING/ADDRESS: home, education, health, custody, public, town, address
    alias_of: int | None = None     # PERSON: start of the name this is another name for ("known as 'Tiny'")

    def to_dict(self) -> dict:
        return asdict(self)


def default_model_dir(settings=None) -> Path:
    """The settings tree's ``ner_model`` (``KINSCOPE_NER_MODEL``), else ``<home>/models/ner``."""
    from kinscope.settings import settings_from_environment

    settings = settings or settings_from_environment()
    return Path(settings.ner_model) if settings.ner_model else settings.home / "models" / "ner"


def is_model(path: Path) -> bool:
    """A trained spaCy model folder (config.cfg and meta.json)."""
    return (path / "config.cfg").is_file() and (path / "meta.json").is_file()


def load_base(model_dir: Path | str | None = None, *, rules_only: bool = False) -> tuple[Language, dict]:
    """The statistical part: a trained model folder, an installed package name, or blank en."""
    calibration: dict = {}
    if rules_only:
        return blank_en(), calibration
    candidate = Path(model_dir) if model_dir is not None else default_model_dir()
    if is_model(candidate):
        nlp = spacy.load(candidate, exclude=[p for p in RULE_PIPES])
        cal = candidate / CALIBRATION_FILE
        if cal.is_file():
            calibration = json.loads(cal.read_text(encoding="utf-8")).get("ner_confidence", {})
        return nlp, calibration
    if model_dir is not None and isinstance(model_dir, str) and not Path(model_dir).exists():
        nlp = spacy.load(model_dir)  # an installed package, e.g. en_core_web_sm
        for name in list(nlp.pipe_names):
            if name not in ("tok2vec", "ner", "transformer"):
                nlp.disable_pipe(name)
        nlp.add_pipe("kinscope_foreign_labels", after="ner")
        return nlp, calibration
    if model_dir is not None:
        raise FileNotFoundError(f"no spaCy model in {model_dir} (train one with `kinscope train-ner`)")
    import logging

    logging.getLogger(__name__).warning(
        "no trained NER model at %s: rules only (names are found far less often); "
        "run `kinscope train-ner`", candidate)
    return blank_en(), calibration


@Language.component("kinscope_foreign_labels")
def foreign_labels(doc):
    """Map an official pipeline's labels to Kinscope's (drop the ones Kinscope has no use for)."""
    from spacy.tokens import Span
    ents = []
    for e in doc.ents:
        lab = FOREIGN_LABELS.get(e.label_, e.label_)
        if lab:
            ents.append(Span(doc, e.start, e.end, label=lab))
    doc.ents = ents
    return doc


def rule_components(*, ner_confidence: dict | None = None,
                    use_gazetteer: bool = True) -> list[tuple[str, str, dict]]:
    """(pipe name, versioned factory, config) of the rule part of the pipeline, in order --
    the same components ``extraction/configs/mentions.cfg`` lists after ``ner``."""
    parts = [("kinscope_role_ruler", "kinscope_role_ruler_v1", {}),
             ("kinscope_abbr_ruler", "kinscope_abbreviation_ruler_v1", {}),
             ("kinscope_regex", "kinscope_regex_v1", {})]
    if use_gazetteer:
        parts.append(("kinscope_names", "kinscope_names_v1", {}))
    # people, groups and places as prose writes them; names guessed from their context pass
    # the name model (extraction.name_model) with or without a statistical NER
    parts.append(("kinscope_phrases", "kinscope_phrases_v1", {"guess_names": True}))
    parts.append(("kinscope_span_repair", "kinscope_span_repair_v1", {}))  # extraction.span_repair
    parts.append(("kinscope_linker", "kinscope_linker_v1", {"ner_confidence": dict(ner_confidence or {}),
                                                            "use_gazetteer": use_gazetteer}))
    return parts


def add_rule_components(nlp: Language, *, ner_confidence: dict | None = None,
                        use_gazetteer: bool = True) -> Language:
    """Append the rule components and the linker to `nlp` (idempotent)."""
    for pipe, factory, config in rule_components(ner_confidence=ner_confidence, use_gazetteer=use_gazetteer):
        if pipe not in nlp.pipe_names:
            nlp.add_pipe(factory, name=pipe, config=config)
    return nlp


def build_pipeline(model_dir: Path | str | None = None, *, rules_only: bool = False,
                   use_gazetteer: bool = True) -> Language:
    """Trained NER (if present) + rule components + linker.

    model_dir: a folder written by :func:`extraction.training.train_ner` (default: the
    project's ``.kinscope/models/ner`` when it exists; rules only otherwise) or an installed
    spaCy package name. rules_only: ignore any model (the benchmark baseline).
    """
    nlp, calibration = load_base(model_dir, rules_only=rules_only)
    return add_rule_components(nlp, ner_confidence=calibration, use_gazetteer=use_gazetteer)


_DEFAULT_NLP: Language | None = None


def _default_nlp() -> Language:
    global _DEFAULT_NLP
    if _DEFAULT_NLP is None:
        _DEFAULT_NLP = build_pipeline()
    return _DEFAULT_NLP


def mentions_of(doc) -> list[Mention]:
    out = []
    for sp in doc.spans[MENTIONS_KEY] if MENTIONS_KEY in doc.spans else []:
        out.append(Mention(label=sp.label_, text=sp.text, start_char=sp.start_char,
                           end_char=sp.end_char, role=sp._.role, relation_to=sp._.relation_to,
                           confidence=float(sp._.confidence or 0.0), source=sp._.source or "rule",
                           agency=sp._.agency, place_type=sp._.place_type, alias_of=sp._.alias_of))
    return out


def extract_mentions(text: str, nlp: Language | None = None) -> list[Mention]:
    """Every mention in `text` (character offsets into `text` exactly as given)."""
    nlp = nlp or _default_nlp()
    return mentions_of(nlp(text or ""))


def extract_many(texts: Iterable[str], nlp: Language | None = None, n_process: int = 1,
                 batch_size: int = 256) -> Iterator[list[Mention]]:
    """Mentions of each text, in order (nlp.pipe; n_process > 1 forks workers)."""
    nlp = nlp or _default_nlp()
    for doc in nlp.pipe((t or "" for t in texts), n_process=n_process, batch_size=batch_size):
        yield mentions_of(doc)
