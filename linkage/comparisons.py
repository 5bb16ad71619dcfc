"""dedupe variables for the Kinscope comparisons: a comparator (``linkage.normalise``)
plus blocking predicates, so that custom comparisons can still block.

Predicate functions and comparators are module-level so learned settings pickle by
reference.
"""

from __future__ import annotations

import functools

import dedupe
from dedupe import predicates
from dedupe.variables.base import FieldType
from dedupe.variables.string import ShortStringType, StringType

from linkage import normalise as n
from linkage.settings import Comparison

# ----------------------------------------------------------------------------- predicates


def given_name_variants(field: str) -> frozenset[str]:
    """Nickname group keys of the first given name (Jon, John, Jonathan share ``john``)."""
    tokens = field.split()
    if not tokens or n.is_initial(tokens[0]):
        return frozenset()
    return n.name_variants(tokens[0])


def first_initial(field: str) -> frozenset[str]:
    return frozenset((field[:1],)) if field else frozenset()


def dob_year(field: str) -> frozenset[str]:
    return frozenset((field[:4],)) if len(field) >= 4 else frozenset()


def dob_day_month(field: str) -> frozenset[str]:
    """Day and month as an unordered pair: a transposed date blocks with the original."""
    p = n.parse_dob(field)
    if p is None or p.day is None:
        return frozenset()
    a, b = sorted((p.month, p.day))
    return frozenset((f"{a}-{b}",))


def postcode_outward_code(field: str) -> frozenset[str]:
    """The district of a UK postcode (``YO12`` of ``YO12 5AB``); any other code whole (the
    last three characters of a US zip or an Australian postcode are no inward code)."""
    if not field:
        return frozenset()
    return frozenset((n.postcode_outward(field) if " " in field else field,))


def house_number(field: str) -> frozenset[str]:
    """The house number of a normalised address key."""
    number = n._split_key(field)["number"]
    return frozenset((number,)) if number else frozenset()


def whole_field(field: str) -> frozenset[str]:
    return frozenset((field,)) if field else frozenset()


def street_key(field: str) -> frozenset[str]:
    """House number + street of a normalised address key."""
    parts = n._split_key(field)
    if not parts["text"]:
        return frozenset()
    return frozenset((f"{parts['number'] or ''} {parts['text']}".strip(),))


def dob_full(field: str) -> frozenset[str]:
    """A complete date of birth (placeholders such as 1 January count as incomplete)."""
    return frozenset((field,)) if len(field) == 10 and not field.endswith("-01-01") \
        else frozenset()


def first_three(field: str) -> frozenset[str]:
    compact = field.replace(" ", "")
    return frozenset((compact[:3],)) if len(compact) >= 3 else frozenset()


_ROLE_GROUPS = {"foster carer": "carer", "kinship carer": "carer", "carer": "carer",
                "father": "male parent", "partner of mother": "male parent",
                "mother": "female parent", "partner of father": "female parent",
                "partner": "partner", "friend": "friend"}


def role_group(field: str) -> frozenset[str]:
    """Relationship without side, carers together, parents and step-parents by sex."""
    base = field.partition(":")[0]
    return frozenset((_ROLE_GROUPS.get(base, base),))


def curated_blocking_rules() -> list:
    """Hand-written blocking rules added to the learned ones (Splink-style union): cheap
    keys that keep recall when names are blank, typo'd or nicknamed. (Changing them changes
    the model cache key: this module is part of the fingerprint.)"""
    P = predicates.SimplePredicate
    C = predicates.CompoundPredicate
    return [
        P(whole_field, "ref"),
        P(whole_field, "phone"),
        P(whole_field, "email"),
        P(dob_full, "dob"),
        C((P(dob_day_month, "dob"), P(dob_year, "dob"))),
        C((P(given_name_variants, "given"), P(first_initial, "family"))),
        C((P(first_three, "family"), P(dob_year, "dob"))),
        C((P(first_three, "family"), P(first_initial, "given"))),
        C((P(given_name_variants, "given"), P(dob_year, "dob"))),
        C((P(given_name_variants, "given"), P(role_group, "role"))),
        C((P(first_three, "given"), P(role_group, "role"))),
        C((P(given_name_variants, "given"), P(postcode_outward_code, "postcode"))),
        P(street_key, "address"),
        # a postcode alone is a block of a whole suburb where codes are not UK unit
        # postcodes (FEBRL, US zips): with the house number or the surname's start it
        # keeps the pairs whose names were both changed, at a tenth of the pairs
        C((P(whole_field, "postcode"), P(house_number, "address"))),
        C((P(whole_field, "postcode"), P(first_three, "family"))),
    ]


# ----------------------------------------------------------------------------- variables


class GivenNameType(ShortStringType):
    type = "KinscopeGivenName"
    _predicate_functions = ShortStringType._predicate_functions + (given_name_variants,
                                                                   first_initial)

    def __init__(self, field: str, **kwargs):
        super().__init__(field, **kwargs)
        self.comparator = n.record_given_distance


class FamilyNameType(ShortStringType):
    type = "KinscopeFamilyName"

    def __init__(self, field: str, **kwargs):
        super().__init__(field, **kwargs)
        self.comparator = n.family_name_distance


class AddressType(StringType):
    type = "KinscopeAddress"
    _predicate_functions = StringType._predicate_functions + (street_key,)

    def __init__(self, field: str, **kwargs):
        super().__init__(field, **kwargs)
        self.comparator = n.address_distance


class _SimpleType(FieldType):
    _Predicate = predicates.SimplePredicate


class DobType(_SimpleType):
    type = "KinscopeDob"
    _predicate_functions = (whole_field, dob_year, dob_day_month)
    comparator = staticmethod(n.dob_distance)


class DobYearType(_SimpleType):
    type = "KinscopeDobYear"
    _predicate_functions = ()
    comparator = staticmethod(n.dob_year_distance)


@functools.lru_cache(maxsize=200_000)
def _token_similarity(a: str, b: str) -> float:
    return n.jaro_winkler(a, b)


def name_set_distance(a: str, b: str) -> float:
    """``linkage.normalise.name_set_distance`` with each token pair's Jaro-Winkler cached:
    a file's names share few tokens, and this comparison ran most of the scoring time."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return 1.0
    if len(ta) > len(tb):
        ta, tb = tb, ta
    return 1.0 - sum(max(_token_similarity(x, y) for y in tb) for x in ta) / len(ta)


class NameSetType(_SimpleType):
    type = "KinscopeNameSet"
    _predicate_functions = ()
    comparator = staticmethod(name_set_distance)


class PostcodeType(_SimpleType):
    type = "KinscopePostcode"
    _predicate_functions = (whole_field, postcode_outward_code)
    comparator = staticmethod(n.postcode_distance)


class RelationshipType(_SimpleType):
    type = "KinscopeRelationship"
    _predicate_functions = ()
    comparator = staticmethod(n.relationship_distance)


class GenderType(_SimpleType):
    type = "KinscopeGender"
    _predicate_functions = ()
    comparator = staticmethod(n.gender_distance)


_KINDS = {
    "given_name": GivenNameType,
    "family_name": FamilyNameType,
    "address": AddressType,
    "dob": DobType,
    "dob_year": DobYearType,
    "postcode": PostcodeType,
    "relationship": RelationshipType,
    "gender": GenderType,
    "name_set": NameSetType,
    "exact": dedupe.variables.Exact,
    "string": dedupe.variables.String,
    "short_string": dedupe.variables.ShortString,
}


def build_variable(c: Comparison):
    try:
        cls = _KINDS[c.kind]
    except KeyError:
        raise ValueError(f"unknown comparison kind {c.kind!r}; one of {sorted(_KINDS)}") from None
    var = cls(c.field, name=c.name, has_missing=c.has_missing)
    # "field is blank" is a feature, never a blocking rule: an Exists predicate puts every
    # record without (say) a person_ref into one block, i.e. compares nearly all pairs.
    var.predicates = [p for p in var.predicates if not isinstance(p, predicates.ExistsPredicate)]
    return var


def build_variables(comparisons) -> list:
    return [build_variable(c) for c in comparisons]


def distance(kind: str, a, b) -> float | None:
    """Distance (0 = identical) of two normalised values under a comparison kind, for
    explanations ("which fields agreed"); ``None`` when either is blank."""
    if a is None or b is None:
        return None
    if kind == "exact":  # dedupe's Exact comparator is a similarity (1 = equal)
        return 0.0 if a == b else 1.0
    var_cls = _KINDS[kind]
    comp = {
        GivenNameType: n.record_given_distance,
        FamilyNameType: n.family_name_distance,
        AddressType: n.address_distance,
        NameSetType: name_set_distance,
    }.get(var_cls) or getattr(var_cls, "comparator", None)
    if comp is None:
        return None
    return float(comp(a, b))
