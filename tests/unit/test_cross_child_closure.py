"""An increment's cross-child step (linkage.cross_child_step.ComponentReader) links only the
clusters connected by accepted pairs to what changed, and gives every cluster the person a full
run of the final state gives (pure: the graph is a list here)."""

import random
from dataclasses import replace

from linkage.cross_child import MAX_NAME_BLOCK, cluster_blocks, link_across_children, link_to_record_persons
from linkage.cross_child_step import ComponentReader, block_flag_text, changed_block_seeds, record_changed_seeds
from linkage.mention_matching import parse_name_form
from linkage.name_blocks import record_first_given, record_name_keys
from linkage.resolve_mentions import MentionCluster

GIVEN = ["Sarah", "Sara", "Tom", "Thomas", "Ali", "Amira", "Dean", "Joanne", "Jo", "Kyle", "Priya", "Liam",
         "Grace", "Owen", "Nadia", "Carl"]
FAMILY = ["Khan", "Smith", "Jones", "Begum", "Clegg", "Osei", "Hale", "Marsh", "Nowak", "Reid", "Ahmed", "Price"]
ROLES = ["", "aunt", "uncle", "youth worker", "social worker", "mother", "health visitor"]


def council(seed: int, n: int, start: int = 0) -> list[MentionCluster]:
    rng = random.Random(seed)
    out = []
    for k in range(start, start + n):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        texts = rng.choice([[f"{given} {family}"], [f"Mrs {family}"], [given], [f"{given} {family}", given],
                            [f"Mr {family}"]])
        role = rng.choice(ROLES)
        key = f"P-note:N-{k:04d}:0"
        out.append(MentionCluster(f"C-{rng.randrange(25)}", [key[2:]], [parse_name_form(t) for t in texts],
                                  texts, {role} if role else set(), set(), {key}, [0.9] * len(texts), key=key))
    return out


def contexts(clusters: list[MentionCluster], seed: int) -> dict[str, set[str]]:
    rng = random.Random(seed)
    return {cl.key: {f"phone:0770{rng.randrange(150)}", f"address:{rng.randrange(150)}", f"place:{rng.randrange(8)}"}
            for cl in clusters}


class ListReader(ComponentReader):
    """The graph of one council state: its clusters, their stored persons (the last run's)."""

    def __init__(self, clusters, context, last_final):
        super().__init__(None)
        self.all = {cl.key: cl for cl in clusters}
        self.context, self.last = context, last_final
        self.blocks = {b: sorted(clusters[i].key for i in ms) for b, ms in cluster_blocks(clusters).items()}
        self.reads = 0

    def _read(self, keys, light=False):
        """As the graph reads them: a light cluster has no mention ids, texts or confidences."""
        self.reads += len(keys)
        cls = [self.all[k] for k in keys if k in self.all]
        stored = {cl.key: (self.last.get(cl.key), cl.key not in self.last, self.context[cl.key]) for cl in cls}
        if light:
            cls = [replace(cl, mention_ids=[], texts=[], confidences=[]) for cl in cls]
        return cls, stored

    def _blocks_of(self, keys):
        return sorted({(b, len(ms)) for b, ms in self.blocks.items() for k in keys if k in ms})

    def _member_lists(self, blocks):
        return {b: self.blocks[b] for b in blocks if b in self.blocks}

    def _mates(self, persons):
        return {k for k, p in self.last.items() if p in persons and k in self.all}


def increment(before, after, context, last=None) -> tuple[dict[str, str], int]:
    """What an increment from ``before`` (resolved in full: ``last``) to ``after`` gives every
    cluster of ``after``, and how many clusters it linked."""
    return increment_with(ListReader, before, after, context, last)


def increment_with(reader_class, before, after, context, last=None) -> tuple[dict[str, str], int]:
    last = link_across_children(before, context) if last is None else last
    reader = reader_class(after, context, last)
    new = {cl.key for cl in after} - {cl.key for cl in before}
    gone = {cl.key for cl in before} - {cl.key for cl in after}
    old_blocks = {b: [before[i] for i in ms] for b, ms in cluster_blocks(before).items()}
    changed = {b for b, ks in reader.blocks.items() if set(ks) & new}
    changed |= {b for b, cls in old_blocks.items() if any(cl.key in gone for cl in cls)}
    reader._changed_blocks = lambda: [
        {"block": b, "size": len(reader.blocks.get(b, [])),
         "flags": block_flag_text(old_blocks[b], list(range(len(old_blocks[b]))), b) if b in old_blocks else None}
        for b in sorted(changed)]
    block_seeds, _ = changed_block_seeds(reader)
    regroup = {last[k] for k in gone}
    seeds = new | {k for k, p in last.items() if p in regroup and k in reader.all} | set(block_seeds)
    keys = reader.closure(sorted(seeds))
    # the rounds account for every cluster the closure found: the seeds, then what each round added
    assert reader.rounds[0]["frontier"] == len(seeds)
    added = sum(r["partners"] + r["mates"] for r in reader.rounds)
    assert len(seeds) + added >= len(keys) and reader.rounds[-1]["partners"] + reader.rounds[-1]["mates"] == 0
    _, final = reader.linked(keys)
    return {cl.key: final.get(cl.key, last.get(cl.key)) for cl in after}, len(keys)


def test_an_increment_links_only_what_its_change_reaches_and_agrees_with_a_full_run():
    base = council(3, 240)
    context = contexts(base + council(4, 8, start=900), 5)
    assert max(len(ms) for ms in cluster_blocks(base).values()) <= MAX_NAME_BLOCK
    last = link_across_children(base, context)
    linked_counts = []
    for step in range(4):
        added = council(10 + step, 2, start=900 + 2 * step)
        removed = {base[step * 7].key}
        after = sorted([cl for cl in base if cl.key not in removed] + added, key=lambda cl: cl.key)
        got, linked = increment(base, after, context, last)
        want = link_across_children(after, context)
        assert got == want, step
        linked_counts.append(linked)
    # through common names every cluster shares a block chain with every other: the increments
    # must not link them all
    assert max(linked_counts) < len(base) // 2, linked_counts


def test_a_block_whose_one_holder_changes_relinks_its_members():
    def cl(child, key, texts):
        return MentionCluster(child, [key], [parse_name_form(t) for t in texts], texts, set(), set(),
                              {f"P-{key}"}, [0.9] * len(texts), key=f"P-{key}")

    before = [cl("C-1", "a", ["Mrs Sophie Clegg"]), cl("C-2", "b", ["Mrs Clegg"])]
    context = {c.key: set() for c in before + [cl("C-3", "c", ["Mrs Anna Clegg"])]}
    last = link_across_children(before, context)
    assert last["P-a"] == last["P-b"]  # one Clegg the council knows: the title and surname suffice
    after = before + [cl("C-3", "c", ["Mrs Anna Clegg"])]
    got, _ = increment(before, after, context)
    assert got == link_across_children(after, context)
    assert got["P-a"] != got["P-b"]  # two Cleggs now: "Mrs Clegg" alone is no longer enough


def test_a_block_too_large_before_and_after_is_not_read_and_one_that_grows_large_relinks():
    def cl(child, key, text):
        return MentionCluster(child, [key], [parse_name_form(text)], [text], set(), set(), {f"P-{key}"}, [0.9],
                              key=f"P-{key}")

    given = [g + s for g in GIVEN for s in ("", "a", "e", "o", "ie", "y", "ette", "ina", "ia", "us", "in", "el", "an",
                                             "ey")][:MAX_NAME_BLOCK + 1]
    large = [cl(f"C-{k}", f"k{k:04d}", f"{g} Clegg") for k, g in enumerate(given)]
    assert len(large) == MAX_NAME_BLOCK + 1
    context = {c.key: set() for c in large}
    new = cl("C-new", "new", "Sophie Clegg")
    context[new.key] = set()
    reads = []
    for before, after in ((large, large + [new]), (large[:-1], large[:-1] + [new])):
        last = link_across_children(before, context)
        reader_reads = []

        class Counting(ListReader):
            def _read(self, keys, light=False):
                reader_reads.extend(keys)
                return super()._read(keys, light)

        got, _ = increment_with(Counting, before, after, context, last)
        assert got == link_across_children(after, context)
        reads.append(len(reader_reads))
    # too large before and after: its 201 members are not read; grown large (200 -> 201): they are
    assert reads[0] < 10 < MAX_NAME_BLOCK < reads[1], reads


def test_an_increment_reads_whole_only_the_clusters_it_links():
    base = council(3, 240)
    context = contexts(base + council(4, 8, start=900), 5)
    last = link_across_children(base, context)
    after = sorted(base + council(20, 2, start=900), key=lambda cl: cl.key)
    reader = ListReader(after, context, last)
    keys = reader.closure(sorted({cl.key for cl in after} - {cl.key for cl in base}))
    clusters, final = reader.linked(keys)
    assert set(keys) <= reader.whole  # a person's id and rows need its clusters' mention ids
    assert all(cl.mention_ids for cl in clusters)
    light = set(reader.clusters) - reader.whole
    assert light  # the block members outside the closure were read for scoring only
    assert all(not reader.clusters[k].mention_ids for k in light)
    want = link_across_children(after, context)
    assert {k: final[k] for k in keys} == {k: want[k] for k in keys}


def _record_person(pid, *records):
    return {"person_id": pid, "records": [{"relationship_id": f"{pid}-{k}", "relationship": role, "given": given,
                                           "family": family, "child_id": child}
                                          for k, (given, family, role, child) in enumerate(records)]}


def _blocks_marked(before: list[dict], after: list[dict], renamed: set[str]) -> list[dict]:
    """What resolution/record_name_blocks leaves on the blocks of the records of the persons that
    changed (linkage.name_blocks): per block, any_cluster or the first given names marked."""
    old, new = ({p["person_id"]: p for p in ps} for ps in (before, after))
    marked: dict[str, dict] = {}

    def mark(rec, any_name):
        for key in record_name_keys(rec["given"], rec["family"]):
            row = marked.setdefault(key, {"block": key, "any_cluster": False, "givens": []})
            given = record_first_given(rec["given"])
            row["any_cluster"] |= any_name or given is None
            if given and given not in row["givens"]:
                row["givens"].append(given)

    for pid in set(old) | set(new):
        if old.get(pid) == new.get(pid):
            continue
        for side in (old.get(pid), new.get(pid)):
            for rec in (side or {}).get("records", []):
                mark(rec, rec["relationship_id"] in renamed)
    return sorted(marked.values(), key=lambda r: r["block"])


def test_an_increment_relinks_to_record_persons_only_the_clusters_a_changed_record_can_take():
    """A record renamed (Kyle Nowak -> Kyle Smith) and a person split in two: the clusters seeded
    from the records' name blocks are only those with a full form a changed record could match,
    and every cluster still ends as a full run of the final state links it."""
    clusters = council(7, 220)
    context = contexts(clusters, 8)
    before = [_record_person("P-R-1", ("Kyle", "Nowak", "Father", "C-1")),
              _record_person("P-R-2", ("Carl", "Reid", "Uncle", "C-2"), ("Thomas", "Price", "Uncle", "C-3")),
              _record_person("P-R-3", ("Nadia", "Marsh", "Aunt", "C-4")),
              _record_person("P-R-4", ("Ali", None, "Uncle", "C-5"))]
    after = [_record_person("P-R-1", ("Kyle", "Smith", "Father", "C-1")),             # renamed
             _record_person("P-R-2", ("Carl", "Reid", "Uncle", "C-2")),               # split in two
             _record_person("P-R-9", ("Thomas", "Price", "Uncle", "C-3")),
             before[2], before[3]]
    renamed = {"P-R-1-0"}

    def full(persons):
        return link_to_record_persons(clusters, link_across_children(clusters, context), persons)

    last, want = full(before), full(after)
    assert last != want  # the change moves some cluster's person: the test is not empty
    reader = ListReader(clusters, context, last)
    marked = _blocks_marked(before, after, renamed)
    reader._records_changed_blocks = lambda: marked
    seeds = record_changed_seeds(reader)
    in_marked = {k for r in marked for k in reader.blocks.get(r["block"], [])}
    assert 0 < len(seeds) < len(in_marked)  # not every cluster of those blocks
    # every group whose record person changes is seeded through one of its own clusters
    groups = link_across_children(clusters, context)
    moved = {groups[k] for k in want if want[k] != last[k]}
    assert moved and moved <= {groups[k] for k in seeds}
    keys = reader.closure(seeds)
    linked_clusters, final = reader.linked(keys)
    final = link_to_record_persons(linked_clusters, final, after)
    got = {cl.key: final.get(cl.key, last[cl.key]) for cl in clusters}
    assert got == want
