"""Candidate pairs added at link time (linkage.settings.LinkKeySettings): records whose names
start crosswise alike (entered in each other's fields) are compared -- so the swapped-name
re-score can see them -- even when nothing else blocks them together; names that start alike
the usual way are not added."""

from __future__ import annotations

from linkage.records import candidate_ids, crosswise_name_pairs
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
