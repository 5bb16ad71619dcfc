"""Candidate pairs added at link time (linkage.settings.LinkKeySettings): records whose names
start crosswise alike (entered in each other's fields) are compared -- so the swapped-name
re-score can see them -- even when nothing else blocks them together; names that start alike
the usual way are not added."""

from __future__ import annotations

from linkage.records import blocking_keys, candidate_ids, crosswise_key, crosswise_name_pairs
from linkage.settings import LinkKeySettings, PlaceholderSettings


class _NoKeys:
    """A fingerprinter that blocks nothing: only the link-time keys make pairs."""

    def index_all(self, data):
        pass

    def reset_indices(self):
        pass

    def __call__(self, records):
        return iter(())


class _Model:
    fingerprinter = _NoKeys()


DATA = {
    "1": {"given": "georgia", "family": "white", "dob": "1980-01-02"},
    "2": {"given": "white", "family": "georgia", "dob": None},          # swapped, no date
    "3": {"given": "georgina", "family": "whitely", "dob": "1975-05-05"},  # starts as 1, crosswise to 2
    "4": {"given": "george", "family": "whyte", "dob": "1980-01-02"},
    "5": {"given": None, "family": "white", "dob": "1980-01-02"},       # no given name: no key
}


def test_only_names_that_start_crosswise_alike_pair_up():
    assert crosswise_name_pairs(DATA) == {("1", "2"), ("2", "3")}
    assert crosswise_name_pairs({"a": {"given": "mary ann", "family": "o brien"},
                                 "b": {"given": "obrien", "family": "maryanne"}}) == {("a", "b")}
    # a name that is both given and family name ("James James") pairs with nobody this way
    assert crosswise_name_pairs({"a": {"given": "james", "family": "james"},
                                 "b": {"given": "james", "family": "james"}}) == set()


def test_swapped_names_become_a_candidate_pair_only_with_the_link_keys():
    off = candidate_ids(_Model(), DATA, 500, PlaceholderSettings(), LinkKeySettings(order_free_names=False))
    assert off == []
    on = candidate_ids(_Model(), DATA, 500, PlaceholderSettings(), LinkKeySettings())
    assert on == [("1", "2"), ("2", "3")]
    # the block-size cap applies to these pairs as to the model's blocks
    assert candidate_ids(_Model(), DATA, 2, PlaceholderSettings(), LinkKeySettings()) == []


def test_an_increment_keeps_the_crosswise_blocks_so_it_finds_and_skips_them_as_a_full_run_does():
    keys = blocking_keys(_Model(), DATA, LinkKeySettings())
    # the swapped pair shares one kept block; a record without a given name has none
    assert keys["1"] == keys["2"] == keys["3"] == {crosswise_key(DATA["1"])}
    assert keys["5"] == set() and crosswise_key(DATA["5"]) is None
    assert blocking_keys(_Model(), DATA, LinkKeySettings(order_free_names=False))["1"] == set()
    # a block too big on the whole file is skipped in a scope where it looks small
    skip = frozenset({crosswise_key(DATA["1"])})
    assert candidate_ids(_Model(), DATA, 500, PlaceholderSettings(), LinkKeySettings(), skip_blocks=skip) == []
    assert candidate_ids(_Model(), DATA, 500, PlaceholderSettings(), LinkKeySettings(),
                         skip_blocks=frozenset({"cross:zzz|yyy"})) == [("1", "2"), ("2", "3")]
