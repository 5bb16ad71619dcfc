"""Mutate one regenerated family into its state at the increment's export: changed rows,
new notes/documents/relationships, deletions. Returns the delta; `rec` becomes the final state."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from synthetic import names, places, roles
from synthetic.families import Alloc, Family, Rel
from synthetic.family_records import (FamilyRecords, Settings, alloc_row, iso, make_doc, make_note,
                                      sa_row, ts)
from synthetic.people import Ids, new_person, random_date
from synthetic.world import World


@dataclass
class Delta:
    children: list[dict] = field(default_factory=list)
    sa: list[dict] = field(default_factory=list)
    allocs: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    docs: list[dict] = field(default_factory=list)
    deletions: list[dict] = field(default_factory=list)


def mutate(rng: random.Random, world: World, ids: Ids, fam: Family, rec: FamilyRecords, st: Settings,
           since: datetime, cap: datetime) -> Delta:
    delta = Delta()
    lo, hi = since.date() + timedelta(days=1), cap.date() - timedelta(days=1)

    def when() -> datetime:
        return ts(random_date(rng, lo, hi), rng, cap)

    # children rows
    for row in rec.children:
        c = row["_child"]
        if rng.random() >= 0.10 or (c.close_date and c.close_date < lo):
            continue
        kind = rng.choice(("address", "status", "close", "preferred"))
        if kind == "address" or (kind == "preferred" and not c.person.dob):
            c.address = places.address(rng, fam.town)
            row["address_line"], row["postcode"] = c.address.line(rng), c.address.postcode
        elif kind == "status":
            c.legal_status = {"Early Help": "CIN", "CIN": "CP", "CP": "LAC", "LAC": "LAC",
                              "Care leaver": "Care leaver"}[c.legal_status]
            row["legal_status"] = c.legal_status
        elif kind == "close":
            c.close_date = random_date(rng, lo, hi)
            row["close_date"] = c.close_date.isoformat()
        else:
            c.preferred = names.nickname(rng, c.person.given) or c.person.given
            row["preferred_name"] = c.preferred
        row["updated_at"] = iso(when())
        delta.children.append(row)

    # significant adult rows: fixes, changes, deletions
    keep = []
    for row in rec.sa:
        r = rng.random()
        if r < 0.02:
            delta.deletions.append({"table": "significant_adults", "id": row["relationship_id"], "deleted_at": iso(when())})
            continue
        if r < 0.08:
            p = row["_person"]
            k = rng.choice(("spelling", "phone", "address"))
            if k == "spelling" and p.known_name:
                row["given_name"], row["family_name"] = p.given, p.family
            elif k == "phone":
                p.phone = places.phone(rng)
                row["phone"] = places.phone_as(rng, p.phone)
            else:
                a = places.address(rng, fam.town)
                p.old_address, p.address = p.address, a
                row["address_line"], row["postcode"] = a.line(rng), a.postcode
            row["updated_at"] = iso(when())
            delta.sa.append(row)
        keep.append(row)
    rec.sa = keep

    # a new partner appears on the children's files
    mum = next((r.person for c in fam.children for r in c.rels if r.role == "mother"), None)
    if mum is not None and rng.random() < 0.06:
        h = names.heritage(mum.heritage)
        p = new_person(rng, ids, h, "Male", age=(mum.age_on(cap.date()) or 30) + rng.randint(-5, 6), on=cap.date())
        p.phone = places.phone(rng) if rng.random() < 0.6 else None
        fam.people.append(p)
        start = random_date(rng, lo, hi)
        for c in fam.children:
            if c.close_date and c.close_date < start:
                continue
            r = Rel(p, "mother's partner", roles.HOUSEHOLD, True, rng.choice(roles.RECORDED["mother's partner"]), False, start)
            c.rels.append(r)
            row = sa_row(c, r, rng, ids, cap)
            rec.sa.append(row)
            delta.sa.append(row)

    # worker changes
    for c in fam.children:
        if (c.close_date and c.close_date < lo) or rng.random() >= 0.06:
            continue
        cur = [a for a in c.allocs if a.end is None and a.worker.canon != "independent reviewing officer"]
        if not cur:
            continue
        a = cur[-1]
        d = random_date(rng, lo, hi)
        a.end = d
        pool = world.workers[a.worker.team]
        new = Alloc(ids.next("A"), rng.choice(pool), d, None)
        c.allocs.append(new)
        for row in rec.allocs:
            if row["_alloc"] is a:
                row["end_date"] = d.isoformat()
                row["updated_at"] = iso(ts(d, rng, cap))
                delta.allocs.append(row)
        row = alloc_row(c, new, rng, cap)
        rec.allocs.append(row)
        delta.allocs.append(row)

    # deleted notes / documents
    for lst, table, key in ((rec.notes, "case_notes", "note_id"), (rec.docs, "documents", "document_id")):
        gone = [x for x in lst if rng.random() < (0.01 if table == "case_notes" else 0.015)]
        for x in gone:
            lst.remove(x)
            delta.deletions.append({"table": table, "id": x[key], "deleted_at": iso(when())})

    # new notes and documents
    for c in fam.children:
        end = min(hi, c.close_date) if c.close_date else hi
        if end < lo:
            continue
        if rng.random() < 0.35:
            for d in sorted(random_date(rng, lo, end) for _ in range(rng.randint(1, 4))):
                n = make_note(rng, world, fam, c, d, ids, st, cap)
                rec.notes.append(n)
                delta.notes.append(n)
        if rng.random() < 0.08:
            doc = make_doc(rng, world, fam, c, random_date(rng, lo, end), ids, cap)
            rec.docs.append(doc)
            delta.docs.append(doc)
    return delta
