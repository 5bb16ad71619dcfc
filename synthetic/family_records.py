"""Turn one family's true world into contract rows, notes and documents (in memory, one
family at a time)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from types import ModuleType

from synthetic import doc_texts, variation
from synthetic.allocations import worker_at
from synthetic.families import Child, Family, Rel
from synthetic.notes.compose import choose_note_type, compose
from synthetic.people import Ids, random_date
from synthetic.world import World

UTC = timezone.utc


@dataclass
class Settings:
    styles: list[ModuleType]
    notes_per_child: tuple[int, int] = (5, 25)
    docs_per_child: tuple[int, int] = (1, 3)


@dataclass
class FamilyRecords:
    children: list[dict] = field(default_factory=list)
    sa: list[dict] = field(default_factory=list)          # each has "_person", "_rel", "_child"
    allocs: list[dict] = field(default_factory=list)      # each has "_alloc", "_child"
    notes: list[dict] = field(default_factory=list)       # contract keys + "spans", "style", "_child", "_author"
    docs: list[dict] = field(default_factory=list)        # contract keys + "text", "spans", "fmt", "_child"


def ts(d: date, rng: random.Random, cap: datetime | None = None) -> datetime:
    t = datetime.combine(d, time(rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59)), UTC)
    if cap is not None and t > cap:
        t = cap - timedelta(minutes=rng.randint(5, 600))
    return t


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def child_row(c: Child, rng: random.Random, cap: datetime) -> dict:
    p = c.person
    last = c.close_date or c.open_date + timedelta(days=rng.randint(0, 400))
    c.updated_at = min(last, cap.date())
    return {
        "child_id": c.child_id, "given_name": p.given, "family_name": p.family,
        "preferred_name": c.preferred or "", "date_of_birth": p.dob.isoformat() if p.dob else "",
        "gender": c.gender_recorded, "postcode": c.address.postcode, "address_line": c.address.line(rng),
        "legal_status": c.legal_status, "open_date": c.open_date.isoformat(),
        "close_date": c.close_date.isoformat() if c.close_date else "", "restricted": c.restricted,
        "restricted_to_teams": ";".join(c.teams), "updated_at": iso(ts(c.updated_at, rng, cap)),
        "_child": c,
    }


def sa_row(c: Child, r: Rel, rng: random.Random, ids: Ids, cap: datetime) -> dict:
    p = r.person
    line, pc = variation.recorded_address(rng, p)
    created = r.start or (c.open_date + timedelta(days=rng.choice((0, 0, 1, 3, 14, 60, 200))))
    created = min(created, cap.date())
    relationship = r.recorded_as or r.role.capitalize()
    pr = r.pr
    if "no PR" in relationship:
        pr = False
    elif "(PR)" in relationship:
        pr = True
    return {
        "relationship_id": ids.next("R"), "child_id": c.child_id, "person_ref": variation.recorded_ref(rng, p),
        "given_name": variation.recorded_given(rng, p), "family_name": variation.recorded_family(rng, p),
        "date_of_birth": variation.recorded_dob(rng, p), "gender": variation.recorded_gender(rng, p),
        "relationship": relationship, "address_line": line, "postcode": pc,
        "phone": variation.recorded_phone(rng, p), "email": variation.recorded_email(rng, p),
        "parental_responsibility": "" if pr is None or rng.random() < 0.1 else pr,
        "start_date": r.start.isoformat() if r.start else "", "end_date": r.end.isoformat() if r.end else "",
        "updated_at": iso(ts(created, rng, cap)), "_person": p, "_rel": r, "_child": c, "_created": created,
    }


def alloc_row(c: Child, a, rng: random.Random, cap: datetime) -> dict:
    w = a.worker
    return {
        "allocation_id": a.allocation_id, "child_id": c.child_id, "worker_id": w.worker_id,
        "worker_name": w.person.full, "role": w.role, "team": w.team, "start_date": a.start.isoformat(),
        "end_date": a.end.isoformat() if a.end else "", "updated_at": iso(ts(a.end or a.start, rng, cap)),
        "_alloc": a, "_child": c,
    }


def make_note(rng: random.Random, world: World, fam: Family, c: Child, when: date, ids: Ids,
              st: Settings, cap: datetime) -> dict:
    nt = choose_note_type(rng, c)
    author = worker_at(c, when)
    subject, body, spans, style = compose(rng, world, fam, c, when, nt, author, st.styles)
    rec = ts(when + timedelta(days=rng.choice((0, 0, 0, 0, 1, 1, 2, 3, 6, 12))), rng, cap)
    upd = rec if rng.random() < 0.9 else min(cap, rec + timedelta(days=rng.randint(1, 30)))
    restricted = c.restricted and rng.random() < 0.9 or (not c.restricted and rng.random() < 0.02)
    return {
        "note_id": ids.next("N"), "child_id": c.child_id, "event_date": when.isoformat(),
        "recorded_at": iso(rec), "author_worker_id": author.worker_id if author else "",
        "note_type": nt, "subject": subject, "body": body, "restricted": bool(restricted),
        "updated_at": iso(upd), "spans": spans, "style": style, "_child": c, "_author": author,
        "_date": when,
    }


_SLUG = re.compile(r"[^a-z0-9]+")


def _bucket(document_id: str) -> str:
    """Sub-folder of documents/: 2,000 files each (and few LibreOffice batches for .doc)."""
    n = int(document_id.rsplit("-", 1)[1])
    return f"part-{(n - 1) // 2000:04d}"


def make_doc(rng: random.Random, world: World, fam: Family, c: Child, when: date, ids: Ids,
             cap: datetime) -> dict:
    dtype = doc_texts.choose_type(rng, c)
    author = worker_at(c, when)
    title, text, spans = doc_texts.build(rng, world, fam, c, when, dtype, author)
    did = ids.next("D")
    up = ts(when + timedelta(days=rng.randint(0, 14)), rng, cap)
    return {
        "document_id": did, "child_id": c.child_id, "file_name": "", "title": title,
        "document_type": dtype, "document_date": when.isoformat(), "uploaded_at": iso(up),
        "restricted": bool(c.restricted or (dtype in ("MARAC referral", "Police check") and rng.random() < 0.3)),
        "updated_at": iso(up), "text": text, "spans": spans, "fmt": doc_texts.choose_format(rng, dtype),
        "stem": f"{_bucket(did)}/{did}_{_SLUG.sub('_', dtype.lower()).strip('_')}", "_child": c, "_date": when,
    }


def build_records(rng: random.Random, world: World, ids: Ids, fam: Family, st: Settings,
                  cap: datetime) -> FamilyRecords:
    rec = FamilyRecords()
    for c in fam.children:
        rec.children.append(child_row(c, rng, cap))
        for r in c.rels:
            if r.on_record:
                rec.sa.append(sa_row(c, r, rng, ids, cap))
        for a in c.allocs:
            rec.allocs.append(alloc_row(c, a, rng, cap))
    for c in fam.children:
        end = min(c.active_end, cap.date() - timedelta(days=1))
        lo, hi = st.notes_per_child
        weight = {"Early Help": 0.6, "CIN": 0.8, "CP": 1.1, "LAC": 1.0, "Care leaver": 0.7}[c.legal_status]
        n = max(lo, min(hi, int(round(rng.triangular(lo, hi, lo + (hi - lo) * 0.3) * weight))))
        if c.cluster is not None:
            n = min(hi + 5, n + 4)
        dates = sorted(random_date(rng, c.open_date, end) for _ in range(n))
        for d in dates:
            rec.notes.append(make_note(rng, world, fam, c, d, ids, st, cap))
        dlo, dhi = st.docs_per_child
        for _ in range(rng.randint(dlo, dhi)):
            rec.docs.append(make_doc(rng, world, fam, c, random_date(rng, c.open_date, end), ids, cap))
    return rec
