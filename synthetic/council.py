"""Generate a synthetic council: a full source export (or an increment of one) plus truth/.

Streaming: families are generated one at a time and appended to open files; only people
shared across families (staff, partner professionals, foster carers, exploitation
associates and the children linked through them) are held until the end.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from kinscope.errors import KinscopeError
from synthetic import roles
from synthetic.allocations import allocate
from synthetic.families import build_family
from synthetic.family_records import FamilyRecords, Settings, build_records
from synthetic.increment import Delta, mutate
from synthetic.notes.styles import select as select_styles
from synthetic.people import Ids
from synthetic.records import ExportWriter
from synthetic.truth import FormBook, Network
from synthetic.world import World, build_world

BASE_EXPORTED_AT = datetime(2024, 6, 1, 2, 0, tzinfo=timezone.utc)
INCREMENT_EXPORTED_AT = datetime(2024, 7, 1, 2, 0, tzinfo=timezone.utc)
INCREMENT_ID_OFFSET = 9_000_000
GENERATOR_VERSION = 1


def generate_council(out: Path, *, children: int, seed: int, increment_of: Path | None = None,
                     styles: list[str] | None = None, notes_per_child: tuple[int, int] = (5, 25),
                     docs_per_child: tuple[int, int] = (1, 3), render_documents: bool = True,
                     malformed: bool = False, progress: bool = False) -> dict:
    """Write a contract export with truth/ to `out`; return a summary.

    increment_of: a full export written by this generator; the council is regenerated from
    the seed recorded in its truth/generator.json and an increment (kind "increment") is
    written with changed rows, new notes/documents and deletions. Truth is the full final
    state (base + increment). styles: subset of note styles (see synthetic.notes.styles).
    render_documents=False writes every document as plain .txt (fast; for benchmarks).
    """
    started = time.perf_counter()
    out = Path(out)
    base_meta = None
    if increment_of is not None:
        base_meta = _read_base(Path(increment_of))
        seed, children = base_meta["seed"], base_meta["children"]
        styles = base_meta.get("styles")
        notes_per_child = tuple(base_meta.get("notes_per_child", notes_per_child))
        docs_per_child = tuple(base_meta.get("docs_per_child", docs_per_child))
    try:
        style_mods = select_styles(styles)
    except ValueError as exc:
        raise KinscopeError(str(exc)) from exc
    if children < 1:
        raise KinscopeError("--children must be at least 1")
    if out.exists() and any(out.iterdir()):
        if not ((out / "manifest.json").is_file() or (out / "truth").is_dir()):
            raise KinscopeError(f"{out} exists and is not an export folder; refusing to overwrite it")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)

    kind = "increment" if base_meta else "full"
    cap = INCREMENT_EXPORTED_AT if base_meta else BASE_EXPORTED_AT
    st = Settings(style_mods, tuple(notes_per_child), tuple(docs_per_child))
    ids = Ids()
    inc_ids = Ids(INCREMENT_ID_OFFSET)
    world = build_world(seed, children, ids)
    register_globals(world)
    writer = ExportWriter(out)
    forms = FormBook()
    renderer = _renderer(render_documents)
    doc_formats: dict[str, int] = {}
    pbar = _progress(progress, children)

    remaining, index, n_children = children, 0, 0
    while remaining > 0:
        rng = random.Random(f"{seed}:family:{index}")
        fam = build_family(rng, world, ids, index, remaining)
        allocate(rng, world, ids, fam)
        rec = build_records(rng, world, ids, fam, st, BASE_EXPORTED_AT)
        delta = None
        if base_meta:
            delta = mutate(random.Random(f"{seed}:increment:{index}"), world, inc_ids, fam, rec, st,
                           BASE_EXPORTED_AT, cap)
        _emit(writer, forms, fam, rec, delta, renderer, out, doc_formats, seed)
        remaining -= len(fam.children)
        n_children += len(fam.children)
        index += 1
        if pbar:
            pbar.update(len(fam.children))
    if base_meta:  # new families referred since the last export
        for j in range(max(1, children // 50)):
            rng = random.Random(f"{seed}:newfamily:{j}")
            fam = build_family(rng, world, inc_ids, index + j, 3)
            _shift_dates(fam, BASE_EXPORTED_AT)
            allocate(rng, world, inc_ids, fam)
            rec = build_records(rng, world, inc_ids, fam, st, cap)
            delta = Delta(children=rec.children, sa=rec.sa, allocs=rec.allocs, notes=rec.notes, docs=rec.docs)
            _emit(writer, forms, fam, rec, delta, renderer, out, doc_formats, seed)
            n_children += len(fam.children)
    forms.flush_global(writer)
    if pbar:
        pbar.close()
    pending = renderer[1](out / "documents") if render_documents else {}
    malformed_rows = 0
    writer.close()
    if malformed:
        from synthetic.malformed import write_malformed_rows
        malformed_rows = write_malformed_rows(out, random.Random(f"{seed}:malformed"))
    manifest = {"contract_version": 1, "source_system": "Kinscope synthetic council",
                "exported_at": cap.strftime("%Y-%m-%dT%H:%M:%SZ"), "kind": kind}
    if base_meta:
        manifest["since"] = BASE_EXPORTED_AT.strftime("%Y-%m-%dT%H:%M:%SZ")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    gen = {"generator_version": GENERATOR_VERSION, "seed": seed, "children": children, "kind": kind,
           "styles": [m.NAME for m in style_mods], "notes_per_child": list(notes_per_child),
           "docs_per_child": list(docs_per_child), "render_documents": render_documents,
           "truth": "full final state" if base_meta else "full",
           "base": str(Path(increment_of).resolve()) if increment_of else None}
    (out / "truth" / "generator.json").write_text(json.dumps(gen, indent=2) + "\n", encoding="utf-8")
    if getattr(renderer[2], "passwords", None):
        (out / "truth" / "document_passwords.json").write_text(
            json.dumps(renderer[2].passwords, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    counts = writer.counts()
    return {"out": str(out), "kind": kind, "seed": seed, "children": n_children, "families": index,
            "files": counts, "documents_by_format": dict(sorted(doc_formats.items())),
            "doc_conversion": pending, "malformed_rows": malformed_rows,
            "elapsed_seconds": round(time.perf_counter() - started, 2)}


def _read_base(path: Path) -> dict:
    gen = path / "truth" / "generator.json"
    if not gen.is_file():
        raise KinscopeError(f"{path} has no truth/generator.json: --increment-of needs a full export written by kinscope synth")
    meta = json.loads(gen.read_text(encoding="utf-8"))
    if meta.get("kind") != "full":
        raise KinscopeError(f"{path} is an increment; --increment-of needs the full export it was based on")
    return meta


def _shift_dates(fam, since: datetime) -> None:
    """New referrals: open after the last export."""
    from datetime import timedelta
    d0 = since.date() + timedelta(days=2)
    for c in fam.children:
        c.horizon = INCREMENT_EXPORTED_AT.date()
        c.open_date = d0 + timedelta(days=(c.open_date.toordinal() % 20))
        c.close_date = None
        for r in c.rels:
            if r.start is not None and r.start < c.open_date:
                r.start = c.open_date
            if r.end is not None and r.end < c.open_date:
                r.end = None


def _renderer(render: bool):
    if render:
        try:
            from synthetic import documents as docmod
            return docmod.render_document, docmod.render_pending, getattr(docmod, "_default", None)
        except ImportError:
            pass
    from synthetic._text_documents import render_document, render_pending
    return render_document, render_pending, None


def _progress(on: bool, total: int):
    if not on:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="child", desc="synth")


def _emit(w: ExportWriter, forms: FormBook, fam, rec: FamilyRecords, delta: Delta | None, renderer,
          out: Path, doc_formats: dict, seed: int) -> None:
    """Write one family's contract rows (all, or the delta) and its final-state truth."""
    write = delta if delta is not None else rec
    for row in write.children:
        w.csv["children.csv"].write(row)
    for row in write.sa:
        w.csv["significant_adults.csv"].write(row)
    for row in write.allocs:
        w.csv["worker_allocations.csv"].write(row)
    for n in write.notes:
        w.note(n)
    new_docs = {id(d) for d in write.docs}
    for d in rec.docs:
        if id(d) in new_docs:
            rng = random.Random(f"{seed}:{d['document_id']}")
            d["file_name"] = renderer[0](d["text"], out / "documents" / d["stem"], d["fmt"], rng)
            doc_formats[d["fmt"]] = doc_formats.get(d["fmt"], 0) + 1
            w.csv["documents.csv"].write(d)
    for row in getattr(write, "deletions", []):
        w.csv["deletions.csv"].write(row)
    _truth(w, forms, fam, rec)


def _truth(w: ExportWriter, forms: FormBook, fam, rec: FamilyRecords) -> None:
    net = Network()
    people = {p.pid: p for c in fam.children for r in c.rels for p in (r.person,)}
    for c in fam.children:
        people[c.person.pid] = c.person
    for row in rec.children:
        c = row["_child"]
        forms.add(c.person, f"{row['given_name']} {row['family_name']}".strip())
        if row["preferred_name"]:
            forms.add(c.person, row["preferred_name"])
        for r in c.rels:
            if r.category == roles.FAMILY and r.person.is_child:
                net.see(c.child_id, r.person.pid, r.category, r.role, c.open_date)
    for row in rec.sa:
        p, r, c = row["_person"], row["_rel"], row["_child"]
        forms.add(p, " ".join(x for x in (row["given_name"], row["family_name"]) if x))
        w.truth["record_truth.csv"].write({"relationship_id": row["relationship_id"], "person_id": p.pid})
        net.see(c.child_id, p.pid, r.category, r.role, r.start or row["_created"], r.end)
    for row in rec.allocs:
        a, c = row["_alloc"], row["_child"]
        people[a.worker.person.pid] = a.worker.person
        forms.add(a.worker.person, row["worker_name"])
        net.see(c.child_id, a.worker.person.pid, roles.PROFESSIONAL, a.worker.canon, a.start, a.end)
    for kind, items, key, text_key in (("case_note", rec.notes, "note_id", "body"),
                                       ("document", rec.docs, "document_id", "text")):
        for n in items:
            c = n["_child"]
            d = n["_date"]
            author = n.get("_author")
            if kind == "case_note" and author is not None:
                net.see(c.child_id, author.person.pid, roles.PROFESSIONAL, author.canon, d)
            rels = {r.person.pid: r for r in c.rels}
            for s in n["spans"]:
                pid = s["person_id"]
                p = people.get(pid) or _global_lookup(pid, n, c)
                forms.add(p, s["text"])
                if p is c.person:
                    continue
                r = rels.get(pid)
                if r is not None:
                    net.see(c.child_id, pid, r.category, r.role, d)
                else:
                    net.see(c.child_id, pid, roles.category(s["role"]), s["role"], d)
            rec_out = {"record_type": kind, "record_id": n[key], "child_id": c.child_id, "spans": n["spans"]}
            if kind == "case_note":
                rec_out["style"] = n["style"]
            w.mentions.write(rec_out)
            if kind == "document":
                w.doc_texts.write({"document_id": n["document_id"], "file_name": n["file_name"],
                                   "format": n["fmt"], "text": n["text"]})
    net.write(w)
    forms.flush_local(w)


_GLOBAL: dict[str, object] = {}


def _global_lookup(pid: str, n: dict, c):
    """Professionals mentioned in text are not in the child's relations: find them by id."""
    p = _GLOBAL.get(pid)
    if p is None:
        raise KeyError(f"span person {pid} in {n.get('note_id') or n.get('document_id')} is unknown")
    return p


def register_globals(world: World) -> None:
    _GLOBAL.clear()
    for p in world.all_global_people():
        _GLOBAL[p.pid] = p
