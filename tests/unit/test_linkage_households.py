"""Households: relatives sharing surname, address and postcode are not one person
(parent/child, Jr/Sr, one given name in three generations, siblings, twins), and the
public-benchmark date formats parse."""

from __future__ import annotations

import pytest

from linkage import normalise as n
from linkage.records import household_conflict, link_adult_records
from linkage.settings import HouseholdRule
from linkage.training_data import prepare

HOME = {"family_name": "Hussain", "address_line": "12 Mill Lane, Kelderby",
        "postcode": "KX3 9QY"}


def rec(rid, given, dob=None, gender=None, **extra):
    return {"record_id": rid, "given_name": given, "date_of_birth": dob, "gender": gender,
            **HOME, **extra}


def conflict(a, b, rule=None):
    return household_conflict(prepare(a), prepare(b), rule)


@pytest.mark.parametrize("a,b,why", [
    # Mohammed in three generations: same name, surname, address; born decades apart
    (rec("1", "Mohammed", "1950-04-02", "M"), rec("2", "Mohammed", "1978-09-30", "M"), "years"),
    (rec("1", "Mohammed", "1978-09-30", "M"), rec("2", "Mohammed", "2004-01-15", "M"), "years"),
    # Jr / Sr
    (rec("1", "John", "1961-05-05", "M"), rec("2", "John", "1989-11-12", "M"), "years"),
    # mother and daughter
    (rec("1", "Amina", "1975-03-01", "F"), rec("2", "Aminah", "1999-03-01", "F"), "years"),
    # brother and sister, close in age
    (rec("1", "Daniel", "1990-02-02", "M"), rec("2", "Danielle", "1992-06-06", "F"), "gender"),
    # twins: same date of birth, different given names
    (rec("1", "Hassan", "2001-07-07", "M"), rec("2", "Hussein", "2001-07-07", "M"), "given"),
    (rec("1", "Aisha", "2001-07-07", "F"), rec("2", "Yusuf", "2001-07-07", "M"), "gender"),
])
def test_household_traps_conflict(a, b, why):
    reason = conflict(a, b)
    assert reason is not None and why in reason, reason


@pytest.mark.parametrize("a,b", [
    (rec("1", "Mohammed", "1978-09-30", "M"), rec("2", "Muhammad", "1978-09-30", "M")),
    (rec("1", "Jon", "1978-09-30", "M"), rec("2", "Jonathan", "1978-03-09", None)),
    # a one-digit typo in the year with the same day and month is not a generation
    (rec("1", "Sarah", "1958-09-30", "F"), rec("2", "Sarah", "1978-09-30", "F")),
    # gender keyed wrongly on one record of the same name
    (rec("1", "Sarah", "1980-01-02", "F"), rec("2", "Sarah", "1980-01-02", "M")),
    # initials and missing fields never conflict
    (rec("1", "S", "1980-01-02", "F"), rec("2", "Sarah", None, "M")),
    # given and family name swapped
    ({"record_id": "1", "given_name": "Smith", "family_name": "Karen"},
     {"record_id": "2", "given_name": "Karen", "family_name": "Smith"}),
])
def test_same_person_does_not_conflict(a, b):
    assert conflict(a, b) is None


def test_rule_can_be_switched_off_and_tuned():
    a, b = rec("1", "John", "1961-05-05", "M"), rec("2", "John", "1971-05-06", "M")
    assert conflict(a, b) is None                       # 10 years: not by itself
    assert "years" in conflict(a, b, HouseholdRule(min_year_gap=8))
    a2 = rec("2", "John", "1990-05-06", "M")
    assert conflict(a, a2, HouseholdRule(enabled=False)) is None


def test_family_is_not_merged_by_default_model():
    """The shipped model plus the rule: a household of parent, children, twins and a
    grandfather of the same name stays apart; true duplicates still merge."""
    records = [
        rec("gf", "Mohammed", "1948-02-10", "Male"),
        rec("f1", "Mohammed", "1975-06-21", "Male"),
        rec("f2", "Mohamed", "1975-06-21", "M", phone="07700 900123"),  # the father again
        rec("m1", "Fatima", "1979-12-01", "Female"),
        rec("s1", "Mohammed", "2003-09-09", "Male"),
        rec("t1", "Hassan", "2007-04-04", "Male"),
        rec("t2", "Hussein", "2007-04-04", "Male"),
        rec("d1", "Aisha", "2010-01-30", "Female"),
        rec("d2", "Aisha", "30/01/2010", "F"),  # the daughter again, UK date
    ]
    for r in records:
        r["relationship_id"] = r.pop("record_id")
    where = link_adult_records(records).cluster_of()
    assert where["f1"] == where["f2"] and where["d1"] == where["d2"]
    people = {where[k] for k in ("gf", "f1", "m1", "s1", "t1", "t2", "d1")}
    assert len(people) == 7, where


@pytest.mark.parametrize("raw,expected", [
    ("25/03/2002", "2002-03-25"), ("2002-3-25", "2002-03-25"), ("March 2002", "2002-03"),
    ("25 March 2002", "2002-03-25"), ("March 25, 2002", "2002-03-25"),
    ("25-Mar-2002", "2002-03-25"), ("20020325", "2002-03-25"), ("03/25/2002", "2002-03-25"),
    ("Smarch 2002", None), ("20021399", None), ("31 February 2002", None),
])
def test_other_date_formats(raw, expected):
    assert n.normalise_dob(raw) == expected


def test_graded_given_names_and_dates():
    assert n.given_name_similarity("kate", "cate") == pytest.approx(0.6)  # first letter typo
    assert 0 < n.given_name_similarity("michaela", "mihcaela") <= 0.8
    assert n.given_name_similarity("hassan", "yusuf") == 0.0
    assert n.dob_similarity("1975-06-12", "1975-12-06") == pytest.approx(0.75)  # transposed
    assert n.dob_similarity("1975-06-21", "1975-06-28") == pytest.approx(0.45)  # day typo
    assert n.dob_similarity("1975-06-21", "1975-08-21") == pytest.approx(0.4)   # month typo
    assert n.dob_similarity("1975-06-21", "1955-06-21") == pytest.approx(0.5)   # year digit
    assert n.dob_similarity("1975-06-21", "1957-06-21") == 0.0


# --------------------------------------------------------------------------- file-level


def _data(rows):
    return {r["record_id"]: prepare(r) for r in rows}


def test_household_rule_auto_tells_families_from_one_person_per_address():
    from linkage.records import household_rule_applies, household_share

    family = [rec(str(i), g, f"19{60 + i}-01-0{1 + i % 8}") for i, g in
              enumerate(["Amina", "Yusuf", "Bilal", "Maryam", "Idris", "Zainab"])]
    dups = [rec(f"d{i}", g, "1970-01-01") for i, g in
            enumerate(["Amina", "Aminah", "Amina", "Amnia", "Amina", "Amina"])]
    for rows, expect in ((family, True), (dups, False)):
        data = _data(rows)
        ids = sorted(data)
        scores = {"pairs": [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]}
        share, n = household_share(scores, data)
        assert n == 15
        rule = HouseholdRule(auto_min_pairs=10)
        assert household_rule_applies(scores, data, rule) is expect, share
        assert household_rule_applies(scores, data, HouseholdRule(mode="always"))
        assert not household_rule_applies(scores, data, HouseholdRule(mode="never"))


def test_swapped_given_and_family_names_merge():
    rows = [{"relationship_id": "1", "given_name": "Georgia", "family_name": "White",
             "date_of_birth": "1944-09-18", "address_line": "12 Tenison Woods Circuit",
             "postcode": "2195"},
            {"relationship_id": "2", "given_name": "White", "family_name": "Georgia",
             "date_of_birth": "1944-09-18", "address_line": "12 tenison woos circuit",
             "postcode": "2195"},
            {"relationship_id": "3", "given_name": "Peter", "family_name": "Hollis",
             "date_of_birth": "1950-01-02"}]
    where = link_adult_records(rows).cluster_of()
    assert where["1"] == where["2"] != where["3"]


def test_giant_blocks_are_skipped():
    """Every record shares one address (a care home) and postcode 00000: dedupe's own
    pairs compare all of them."""
    from linkage.records import _prepare_all, candidate_pairs, load_or_train
    from linkage.settings import RecordModelSettings

    names = ["Ann", "Bob", "Cyd", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jon"]
    fams = ["Ames", "Booth", "Clay", "Dunn", "Eke", "Frost", "Gale", "Hart"]
    rows = [{"relationship_id": f"{g}{f}", "given_name": g, "family_name": f,
             "address_line": "1 Care Home Lane", "postcode": "00000"}
            for g in names for f in fams]
    model = load_or_train(RecordModelSettings())
    data = _prepare_all(rows)
    capped = list(candidate_pairs(model, data, 20))
    every = list(candidate_pairs(model, data, None))
    assert len(every) >= 80 * 79 // 2
    assert len(capped) < len(every) // 4
    assert len({(a[0], b[0]) for a, b in capped}) == len(capped)  # each pair once


def test_thin_evidence_is_reviewed_not_merged():
    """Only names and an address: 'Daniel' (no date of birth, no gender) and 'Danielle' may be
    brother and sister; the same name or a nickname form is not thin."""
    from linkage.records import thin_evidence

    danielle = {"given": "danielle", "family": "marsh", "dob": "1993-02-11", "gender": "f"}
    daniel = {"given": "daniel", "family": "marsh"}
    assert thin_evidence(danielle, daniel)
    assert not thin_evidence(danielle, {"given": "danielle", "family": "marsh"})
    assert not thin_evidence({"given": "jon", "family": "pickering"}, {"given": "jonathan", "family": "pickering"})
    assert not thin_evidence(danielle, {**daniel, "dob": "1993-02-11"})


def test_a_postcode_every_record_holds_does_not_block():
    """Every postcode is 00000 (a US sample's placeholder): "given name + postcode" would
    block on the given name alone, pairing every John with every John; the placeholder is
    blank for blocking (and only for blocking)."""
    from linkage.records import _prepare_all, candidate_ids, load_or_train, placeholder_values
    from linkage.settings import PlaceholderSettings, RecordModelSettings

    givens = ["John", "Mary", "Ahmed", "Chen", "Olga", "Priya", "Tomasz", "Grace", "Kwame", "Lina"]
    # family names alike in no way a blocking rule reads (first letters, sounds) and a house number
    # of its own per row: only the placeholder postcode is shared, whatever rules the model learned
    fams = ["Abbott", "Becker", "Castillo", "Dimitrov", "Eriksen", "Fitzgerald", "Gallagher", "Horvath",
            "Ibrahim", "Jovanovic", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okonkwo", "Petrov",
            "Quinn", "Rossi", "Schmidt", "Tanaka"]
    rows = [{"relationship_id": f"{g}-{f}-0", "given_name": g, "family_name": f,
             "address_line": f"{i + 1} {f} Road", "postcode": "00000"}
            for i, (g, f) in enumerate((g, f) for g in givens for f in fams)]
    data = _prepare_all(rows)
    assert placeholder_values(data, PlaceholderSettings()) == {"postcode": {"00000"}}
    assert placeholder_values(data, PlaceholderSettings(enabled=False)) == {}
    model = load_or_train(RecordModelSettings())
    off = candidate_ids(model, data, 500, PlaceholderSettings(enabled=False))
    on = candidate_ids(model, data, 500, PlaceholderSettings())
    given_of = {rid: rid.split("-")[0] for rid in data}
    only_given = [(a, b) for a, b in off if given_of[a] == given_of[b]
                  and data[a]["family"][0] != data[b]["family"][0]]
    assert only_given  # blocked on "John" alone
    assert len(on) < len(off) // 2
    # pairs that shared nothing but the given name (and the placeholder) mostly no longer block;
    # a learned rule on the given name with another field may still pair a few
    still = sum(1 for pair in on if pair in set(only_given))
    assert still <= len(only_given) // 4, (still, len(only_given))


def test_household_share_from_the_comparison_matrix_equals_the_loop():
    """The vectorised household share and vetoes (read from the candidates' comparison
    matrix) agree with comparing every pair again."""
    import numpy
    from dedupe.datamodel import DataModel

    from linkage import comparisons, scoring
    from linkage.records import (Candidates, _columns, apply_household_rule, household_conflicts,
                                 household_share)
    from linkage.settings import RecordModelSettings

    rows = [rec(str(i), g, dob, sex) for i, (g, dob, sex) in enumerate([
        ("Amina", "1975-03-01", "F"), ("Aminah", "1999-03-01", "F"), ("Yusuf", "2001-07-07", "M"),
        ("Daniel", "1990-02-02", "M"), ("Danielle", "1992-06-06", "F"), ("Amina", "1975-03-01", None),
        ("A", None, None), ("Hassan", None, "M"), ("Husain", "2001-07-07", "M")])]
    rows.append({**rec("x", "Mohammed", "1950-04-02", "M"), "address_line": None})
    data = _data(rows)
    keys = sorted(data)
    ids = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]]
    pos = {k: i for i, k in enumerate(keys)}
    ia = numpy.array([pos[a] for a, _ in ids])
    ib = numpy.array([pos[b] for _, b in ids])
    dm = DataModel(comparisons.build_variables(RecordModelSettings().comparisons))
    records = [data[k] for k in keys]
    cand = Candidates(records, ia, ib, scoring.distances_indexed(dm, records, ia, ib), _columns(dm))
    scores = scoring.scores_array(ids, numpy.full(len(ids), 0.9))
    assert household_share(scores, data, cand) == household_share(scores, data)
    rule = HouseholdRule()
    assert household_conflicts(cand, rule).tolist() == \
        [household_conflict(data[a], data[b], rule) is not None for a, b in ids]
    fast, slow = scores.copy(), scores.copy()
    rule = HouseholdRule(mode="always")
    assert apply_household_rule(fast, data, rule, thin_cap=0.35, cand=cand) == \
        apply_household_rule(slow, data, rule, thin_cap=0.35) > 0
    assert (fast["score"] == slow["score"]).all()


def test_a_learned_rule_on_the_given_name_alone_is_dropped_and_one_with_another_field_kept():
    """A fresh-clone CI's training once learned "one-gram fingerprint of the given name" alone:
    selective on the training pairs, every John with every John in a council."""
    from types import SimpleNamespace

    from dedupe import predicates as P

    from linkage.records import _finish_blocking
    from linkage.settings import RecordModelSettings

    alone = P.SimplePredicate(P.oneGramFingerprint, "given")
    family = P.SimplePredicate(P.sameThreeCharStartPredicate, "family")
    with_family = (P.SimplePredicate(P.oneGramFingerprint, "given"), family)
    deduper = SimpleNamespace(predicates=(alone, with_family, family),
                              fingerprinter=SimpleNamespace(reset_indices=lambda: None))
    records = [{"given": g, "family": f} for g in ("john", "mary", "ahmed") for f in ("abbott", "becker", "quinn")]
    settings = RecordModelSettings()
    _finish_blocking(deduper, settings.__class__(blocking=settings.blocking.__class__(curated_rules=False,
                                                                                     max_pair_share=1.0)), records)
    assert alone not in deduper.predicates
    assert with_family in deduper.predicates and family in deduper.predicates


def test_a_cluster_the_rule_tells_apart_is_rebuilt_without_the_conflict():
    """Mary and Lee Burke, one foster couple: a record with only an initial fits both, so
    clustering joins all three although the rule zeroed Mary-Lee; the cluster is rebuilt from
    its own pairs, strongest first, never joining the two (records invented)."""
    import numpy

    from linkage.records import _prepare_all, split_household_conflicts
    home = {"family_name": "Burke", "address_line": "180 Meadow Terrace", "postcode": "AV4 4YX"}
    records = [{"record_id": "R-1", "given_name": "Mary", "gender": "Female", **home},
               {"record_id": "R-2", "given_name": "Lee", "gender": "Male", **home},
               {"record_id": "R-3", "given_name": "M", **home},
               {"record_id": "R-4", "given_name": "Lee", "gender": "Male", **home},
               {"record_id": "R-5", "given_name": "Mary", **home}]
    data = _prepare_all(records)
    kept = numpy.array([(("R-1", "R-3"), 0.95), (("R-2", "R-3"), 0.9), (("R-2", "R-4"), 0.99),
                        (("R-1", "R-5"), 0.97), (("R-1", "R-2"), 0.0)],
                       dtype=[("pairs", "U8", 2), ("score", "f8")])
    merged = [(["R-1", "R-2", "R-3", "R-4", "R-5"], [0.9, 0.8, 0.7, 0.9, 0.9])]
    out = split_household_conflicts(merged, kept, data, HouseholdRule(), threshold=0.5)
    assert sorted(ids for ids, _ in out) == [["R-1", "R-3", "R-5"], ["R-2", "R-4"]]
    assert dict(zip(*out[0])) | dict(zip(*out[1])) == {"R-1": 0.9, "R-2": 0.8, "R-3": 0.7, "R-4": 0.9, "R-5": 0.9}
    # a cluster with no conflict is left as it is
    same = [(["R-2", "R-4"], [0.9, 0.9])]
    assert split_household_conflicts(same, kept, data, HouseholdRule(), threshold=0.5) == same


def test_a_council_links_with_the_rule_on_whatever_statistics_were_kept():
    """A graph whose kept statistics say "no households" (fitted under mode auto) is linked with
    the rule on once the council's settings say always."""
    from linkage.file_weights import FileStatistics
    from linkage.settings import RecordModelSettings
    records = [rec("R-1", "Mary", gender="Female"), rec("R-2", "Lee", gender="Male"),
               rec("R-3", "Mary", gender="Female"), rec("R-4", "Lee", gender="Male")]
    kept = FileStatistics(None, False)
    council = link_adult_records(records, settings=RecordModelSettings.for_council(), statistics=kept)
    assert council.statistics.households is True
    assert RecordModelSettings.for_council().household.mode == "always"
    assert all({m.relationship_id for m in c.members} not in ({"R-1", "R-2"}, {"R-3", "R-4"})
               for c in council.clusters)
    assert link_adult_records(records, statistics=kept).statistics.households is False  # auto keeps it


@pytest.mark.parametrize("role_a,role_b,apart", [
    ("Father", "Half brother", True),              # one name, two generations, one child's file
    ("Maternal Grandmother", "Paternal grandmother", True),
    ("Mother", "Maternal aunt", True),
    ("Associate", "Known associate", False),       # one person recorded twice on the file
    ("Mum's boyfriend", "Step father", False),
    ("Father", "Father (in custody)", False),
    ("Father", "Parent", False),                   # "parent" names no one relative
    ("Nan", "MGM", False),
])
def test_two_kin_roles_one_person_cannot_hold_to_one_child_keep_two_records_apart(role_a, role_b, apart):
    from linkage.record_rules import two_relatives_of_one_child
    a = prepare(rec("1", "Kevin", "2004-03-29", "M", child_id="K-1", relationship=role_a))
    b = prepare(rec("2", "Kevin", "2004-03-29", "M", child_id="K-1", relationship=role_b))
    assert two_relatives_of_one_child(a, b) is apart
    assert (household_conflict(a, b) == "two relatives of one child") is apart
    # the same two roles on two children's files say nothing (kin is relative to each child)
    assert not two_relatives_of_one_child(a, {**b, "child": "K-2"})


def test_one_name_as_father_and_half_brother_on_one_file_links_as_two_people():
    """The son's date of birth keyed on the father's row: the father's row and the son's rows
    agree on name, date of birth and address, but on one child's file one man is not both the
    father and the half-brother."""
    home = {"address_line": "40 Glan Road, Abercwm", "postcode": "CF9 3HD"}
    records = [
        {"relationship_id": "R-1", "child_id": "K-1", "given_name": "Kevin", "family_name": "Bowden",
         "date_of_birth": "1981-07-07", "gender": "Male", "relationship": "Father", **home},
        {"relationship_id": "R-2", "child_id": "K-2", "given_name": "Kevin", "family_name": "Bowden",
         "date_of_birth": "2004-03-29", "gender": "Male", "relationship": "Father", **home},
        {"relationship_id": "R-3", "child_id": "K-1", "given_name": "Kevin", "family_name": "Bowden Jnr",
         "date_of_birth": "2004-03-29", "gender": "Male", "relationship": "Brother (adult)", **home},
        {"relationship_id": "R-4", "child_id": "K-2", "given_name": "Kev", "family_name": "Bowden",
         "date_of_birth": "2004-03-29", "gender": "Male", "relationship": "Half brother",
         "phone": "07700 900672"},
    ]
    where = link_adult_records(records).cluster_of()
    assert where["R-2"] != where["R-4"]


def test_the_vectorised_rule_gives_the_loops_verdict_for_relatives_of_one_child():
    import numpy
    from linkage import comparisons, scoring
    from linkage.records import Candidates, _columns, _prepare_all, household_conflicts
    from linkage.settings import RecordModelSettings
    from dedupe.datamodel import DataModel

    rows = [rec(f"R-{i}", g, dob, sex, child_id=child, relationship=role) for i, (g, dob, sex, child, role) in enumerate([
        ("Kevin", "2004-03-29", "M", "K-1", "Father"), ("Kevin", "2004-03-29", "M", "K-1", "Half brother"),
        ("Kevin", "2004-03-29", "M", "K-2", "Brother"), ("Glenys", None, "F", "K-1", "MGM"),
        ("Glenys", None, "F", "K-1", "Paternal grandmother"), ("Glenys", None, "F", "K-1", "Nan"),
        ("Jordan", None, "M", "K-1", "Associate"), ("Jordan", None, "M", "K-1", "Known associate")])]
    data = _prepare_all(rows)
    keys = sorted(data)
    ids = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]]
    pos = {k: i for i, k in enumerate(keys)}
    ia, ib = numpy.array([pos[a] for a, _ in ids]), numpy.array([pos[b] for _, b in ids])
    dm = DataModel(comparisons.build_variables(RecordModelSettings().comparisons))
    records = [data[k] for k in keys]
    cand = Candidates(records, ia, ib, scoring.distances_indexed(dm, records, ia, ib), _columns(dm))
    verdicts = household_conflicts(cand, HouseholdRule()).tolist()
    assert verdicts == [household_conflict(data[a], data[b]) is not None for a, b in ids]
    assert sum(verdicts) >= 3
