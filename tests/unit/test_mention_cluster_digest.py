"""A child-level cluster's digest (linkage.mention_step.cluster_row) is what lets a re-resolved
child keep a cluster with its person: it must stay the same when nothing the cross-child step or
the link to the person reads changed, and change when any of it does."""

from linkage.mention_matching import parse_name_form
from linkage.mention_step import cluster_row
from linkage.resolve_mentions import MentionCluster


def cluster(texts=("Sarah Khan", "Sarah"), roles=("aunt",), confidences=(0.9, 0.8)) -> MentionCluster:
    return MentionCluster("C-1", ["note:N-1:0-10", "note:N-2:4-9"], [parse_name_form(t) for t in texts],
                          list(texts), set(roles), set(), {"P-note:N-1:0-10"}, list(confidences),
                          key="P-note:N-1:0-10")


CONTEXT = {"P-note:N-1:0-10": {"phone:0770", "address:a1"}}
REFS = [{"mention_id": "note:N-1:0-10", "method": "name", "confidence": 0.9},
        {"mention_id": "note:N-2:4-9", "method": "given-name", "confidence": 0.8}]


def digest(cl=None, context=CONTEXT, refs=REFS) -> str:
    return cluster_row(cl or cluster(), context, refs)["props"]["digest"]


def test_same_cluster_same_digest_whatever_the_order_of_its_refs():
    assert digest() == digest(cluster(), {k: set(v) for k, v in CONTEXT.items()}, list(reversed(REFS)))


def test_each_part_the_cross_child_step_reads_changes_the_digest():
    base = digest()
    changed = {
        "texts": digest(cluster(texts=("Sarah Khan", "Sara"))),
        "roles": digest(cluster(roles=("mother",))),
        "confidences": digest(cluster(confidences=(0.9, 0.7))),
        "context": digest(context={"P-note:N-1:0-10": {"phone:0770", "address:a2"}}),
        "a ref's method": digest(refs=[REFS[0], {**REFS[1], "method": "role"}]),
        "a ref fewer": digest(refs=REFS[:1]),
    }
    assert all(d != base for d in changed.values()), changed
