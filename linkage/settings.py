"""Typed settings of the record linker (in the spirit of Splink's settings object).

One :class:`RecordModelSettings` says which comparisons the model uses (each a field of
the normalised record and a comparator), how dedupe learns its blocking rules, the
thresholds that grade links, where the shipped training pairs are and where learned
settings are cached. Everything a council might tune is here and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

LINKAGE_DIR = Path(__file__).resolve().parent
# several independent sources (see default_pairs.sources.json and
# linkage.training_data.build_default_training); adult_records.json is the generator's share
DEFAULT_TRAINING_FILE = LINKAGE_DIR / "training" / "default_pairs.json"


def _default_model_dir() -> Path:
    try:
        from kinscope.settings import _default_home

        return _default_home() / "models" / "linkage"
    except Exception:  # pragma: no cover - linkage used without the kinscope package
        return Path.cwd() / ".kinscope" / "models" / "linkage"


def _environment():
    """The settings tree (``kinscope.settings``: KINSCOPE_LINKAGE_* variables), read afresh for
    a default when no settings were passed in."""
    from kinscope.settings import settings_from_environment

    return settings_from_environment()


def _default_training_file() -> Path:
    return _environment().linkage_training_file or DEFAULT_TRAINING_FILE


@dataclass(frozen=True)
class Comparison:
    """One feature of the pairwise model.

    name: unique label (shown in explanations); field: key of the normalised record
    (see ``linkage.normalise.normalise_record``); kind: the comparison type (see
    ``linkage.comparisons.build_variable``); has_missing: learn a separate weight when
    either side is blank.
    """

    name: str
    field: str
    kind: str
    has_missing: bool = True


DEFAULT_COMPARISONS: tuple[Comparison, ...] = (
    Comparison("given name (nickname-aware)", "given", "given_name"),
    Comparison("family name", "family", "family_name"),
    Comparison("full name, any order (swapped fields)", "full_name", "name_set"),
    Comparison("date of birth (partial, transposed)", "dob", "dob"),
    Comparison("birth year difference", "dob", "dob_year"),
    Comparison("gender", "gender", "gender"),
    Comparison("relationship", "role", "relationship"),
    Comparison("address", "address", "address"),
    Comparison("postcode", "postcode", "postcode"),
    Comparison("phone", "phone", "exact"),
    Comparison("email", "email", "exact"),
    Comparison("source person id", "ref", "exact"),
    Comparison("same child", "child", "exact"),
)


@dataclass(frozen=True)
class Thresholds:
    """Link grades on dedupe's match probability.

    same_person: records are clustered when their cophenetic similarity is at least this
    (dedupe's ``partition`` threshold). possibly_same: pairs between this and
    ``same_person`` are reported for review, never merged silently.
    """

    same_person: float = 0.5
    possibly_same: float = 0.2

    @classmethod
    def from_env(cls, settings=None) -> "Thresholds":
        """Defaults, overridden by the settings tree's ``linkage_same_person`` /
        ``linkage_possibly_same`` (``KINSCOPE_LINKAGE_SAME_PERSON`` /
        ``KINSCOPE_LINKAGE_POSSIBLY_SAME``) when set (thresholds are configuration)."""
        settings = settings or _environment()
        same, review = settings.linkage_same_person, settings.linkage_possibly_same
        return cls(same_person=float(same) if same is not None else cls.same_person,
                   possibly_same=float(review) if review is not None else cls.possibly_same)


@dataclass(frozen=True)
class BlockingSettings:
    """How dedupe learns blocking rules from the labelled matches.

    recall: share of labelled matches the learned rules must put in a common block;
    index_predicates: allow TF-IDF / Levenshtein canopies (better recall, more memory). Off:
    a canopy's keys depend on every record indexed with it, so they cannot be kept between
    runs and an increment would have to re-block the whole council;
    curated_rules: also block on hand-written keys (same person_ref, phone, email, full
    date of birth, transposed date, nickname group + family initial, ...).
    """

    recall: float = 0.99
    index_predicates: bool = False
    curated_rules: bool = True  # add linkage.comparisons.curated_blocking_rules()
    forest_samples: int = 800   # dedupe's random-forest conjunction search draws 5,000
    max_pair_share: float = 0.005  # drop learned rules comparing more of all pairs
    max_block_size: int = 500  # when linking, skip blocks with more records than this


@dataclass(frozen=True)
class HouseholdRule:
    """Post-scoring vetoes for relatives who share surname, address and postcode (parent /
    child, siblings, Jr / Sr, twins, one given name across generations): a scored pair that
    breaks one of these is given score 0 and is never merged, whatever the model says.

    min_year_gap: both birth years known and this many years or more apart (unless day and
    month agree and the years differ in one digit: a typo); given_and_gender: both genders
    known and different and the given names not the same name (identical or nickname
    forms); different_given: both first given names full names that are clearly
    different (no nickname, initial, typo or Jaro-Winkler >= 0.82 link) and neither
    record's given name is the other's family name (swapped fields), e.g. twins.

    A file without families (one person per address, as in FEBRL) has no such traps, and
    there the rule would only cost recall where a date of birth or given name was keyed
    wrongly; ``mode="auto"`` measures which kind of file it is (no labels needed).
    one_child_two_relatives: both records on one child's file with kin roles one person cannot
    both hold to that child (father and half-brother, the maternal and the paternal grandmother).
    thin_evidence: where the rule applies, a pair with nothing but names and an address to go on
    and given names that are not one name scores midway between ``possibly_same`` and
    ``same_person`` at most: reviewed, not merged.
    """

    enabled: bool = True
    # "auto": apply the rule when the file has households -- among its candidate pairs that
    # agree on family name and address, at least ``auto_min_share`` have clearly different
    # given names (families), or there are too few such pairs to tell; "always"; "never"
    mode: str = "auto"
    auto_min_share: float = 0.25
    auto_min_pairs: int = 20
    min_year_gap: int = 12
    given_and_gender: bool = True
    different_given: bool = True
    # a pair only names and an address support, with given names that are not one name
    # (linkage.records.thin_evidence), is "possibly the same" (reviewed), never merged
    thin_evidence: bool = True
    # two records on one child's file with kin roles one person cannot both hold to that child
    # (linkage.record_rules.two_relatives_of_one_child: a father and a half-brother of one name)
    one_child_two_relatives: bool = True


@dataclass(frozen=True)
class FileWeightSettings:
    """Re-estimation of the comparison weights on the file being linked, without labels
    (``linkage.file_weights``: Fellegi-Sunter m / u per comparison level by EM, started
    from the shipped model's probabilities).

    enabled: re-estimate on every file big enough; min_pairs / min_matches: the least
    candidate pairs, and expected matches among them by the shipped model, for a fit (a
    small file keeps the shipped model's scores); blend: weight of the shipped model's
    log-odds added to the file's; exclude: comparison names left out of the fit (they
    still block and explain); smoothing: pseudo-pairs pulling rare levels to "no evidence".
    """

    enabled: bool = True
    min_pairs: int = 2000
    min_matches: float = 50.0
    blend: float = 0.0
    # the order-free full name and the birth-year difference restate the given / family
    # name and date-of-birth comparisons: counted twice they would overstate the evidence
    exclude: tuple[str, ...] = ("full name, any order (swapped fields)", "birth year difference")
    smoothing: float = 20.0
    max_iterations: int = 25
    # u (how often each level occurs among non-matches) from this many random record pairs
    random_pairs: int = 20000
    # where the household rule applies, the pairs it vetoes are held as non-matches in EM
    household_distinct: bool = True


@dataclass(frozen=True)
class PlaceholderSettings:
    """Values that do not block: when at least ``min_share`` of a file's records (and the
    file has ``min_records`` or more) hold one value of a field among ``fields`` -- every
    postcode ``00000``, a default date of birth, a switchboard number --, that value is
    treated as blank when the file is blocked (it is still compared and scored). Not part
    of the learned model (blocking at link time only)."""

    enabled: bool = True
    fields: tuple[str, ...] = ("postcode", "dob", "phone", "email", "ref")
    min_share: float = 0.1
    min_records: int = 200


@dataclass(frozen=True)
class LinkKeySettings:
    """Block keys added when a file is linked, beside the model's learned and curated rules
    (not part of the learned model, so not of its cache key).

    order_free_names: records whose given and family names start (``name_prefix`` letters)
    crosswise alike are candidate pairs: names entered in each other's fields (``White,
    Georgia`` / ``Georgia White``) share no learned key when the date of birth and the address
    also differ, so they were never compared (the swapped-name re-score needs a candidate
    pair). Only crosswise pairs are added: adding the pairs that start alike the usual way as
    well cost precision on the development files (FEBRL 2 P 0.995 -> 0.983)."""

    order_free_names: bool = True
    name_prefix: int = 3


@dataclass(frozen=True)
class RecordRules:
    """The council-record rules of :mod:`linkage.record_rules` (not part of the learned model).
    ``surname_change``: one person under two family names by given name, role and a shared
    phone / e-mail (pair scores raised to ``lift``); ``parents_of_siblings``: one mother or
    father on siblings' files joined (members joined get at most ``joined_confidence``);
    ``max_children``: a family person on more children's files than this makes none siblings."""

    surname_change: bool = True
    lift: float = 0.9
    parents_of_siblings: bool = True
    joined_confidence: float = 0.6
    max_children: int = 8


@dataclass(frozen=True)
class RecordModelSettings:
    comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS
    blocking: BlockingSettings = field(default_factory=BlockingSettings)
    thresholds: Thresholds = field(default_factory=Thresholds.from_env)
    household: HouseholdRule = field(default_factory=HouseholdRule)
    file_weights: FileWeightSettings = field(default_factory=FileWeightSettings)
    placeholders: PlaceholderSettings = field(default_factory=PlaceholderSettings)
    link_keys: LinkKeySettings = field(default_factory=LinkKeySettings)
    rules: RecordRules = field(default_factory=RecordRules)
    # "hierarchical": dedupe's centroid-linkage clustering of each connected component
    # (unscored pairs count as non-matches); "components": connected components of the
    # pairs scored at or above the threshold
    clustering: str = "hierarchical"
    # score the unblocked pairs inside connected components of at most this many records
    # before clustering (0: never)
    complete_components: int = 12
    # a council's own labels (``kinscope label``) via KINSCOPE_LINKAGE_TRAINING_FILE
    training_file: Path = field(default_factory=_default_training_file)
    model_dir: Path = field(default_factory=_default_model_dir)
    num_cores: int = 1
    # processes comparing a file's distinct value pairs (linkage.scoring.compare_tasks):
    # 1 none forked (the default), 0 one per CPU; small files and daemonic workers always compare
    # in-process. Forking is opt-in: a fork of a process that runs other threads (a pipeline task
    # with a Neo4j driver, a test session) can hang its child on a lock another thread held — a
    # fresh-clone CI run hung so in test_linkage_scoring.
    comparison_workers: int = 1
    seed: int = 20240201

    @classmethod
    def for_council(cls, **changes) -> "RecordModelSettings":
        """The settings for a council's own significant-adult records: the household rule always
        on. A council's file is families by construction, but one person recorded once per child
        (a foster carer on eight files) outnumbers the relatives in the pairs ``mode="auto"``
        counts: a synthetic council of 6,914 records measured 24.9%, under the 25% that turns the
        rule on, and a foster couple became one person in one run and two in the next."""
        return cls(**{"household": HouseholdRule(mode="always"), **changes})

    def fingerprint(self) -> str:
        """Hash of what determines a learned model: comparisons, blocking, training file
        content and the linkage code version; used to name the cached settings file."""
        from linkage import MODEL_VERSION

        h = hashlib.sha256()
        h.update(MODEL_VERSION.encode())
        h.update(json.dumps([asdict(c) for c in self.comparisons]).encode())
        h.update(json.dumps(asdict(self.blocking)).encode())
        h.update(str(self.seed).encode())
        for module in ("normalise.py", "comparisons.py"):  # comparators pickle by reference
            h.update((LINKAGE_DIR / module).read_bytes())
        h.update((LINKAGE_DIR.parent / "kinscope" / "vocabulary.py").read_bytes())  # fold, relationships
        path = Path(self.training_file)
        h.update(path.read_bytes() if path.is_file() else b"")
        return h.hexdigest()[:16]

    def settings_path(self) -> Path:
        return Path(self.model_dir) / f"adult_records-{self.fingerprint()}.dedupe"
