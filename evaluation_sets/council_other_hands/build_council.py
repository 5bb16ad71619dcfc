"""Write an independent council export (contract v1) with its truth/ folder.

    uv run python evaluation_sets/council_other_hands/build_council.py --out DIR --half dev|heldout [--seed N]

Families, professionals and note-writing habits are written here by hand, apart
from Kinscope's own generator; the same seed and half always give the same export.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import documents  # noqa: E402
import families_dev  # noqa: E402
import families_heldout  # noqa: E402
import scenes  # noqa: E402
from family import person  # noqa: E402
from markup import Ctx, check_spans, render  # noqa: E402
from people import Person, category_of  # noqa: E402

HALVES = {"dev": (families_dev, 1, "LiquidLogic"), "heldout": (families_heldout, 2, "Mosaic")}
COPYABLE = {"Home visit", "Police notification", "Strategy discussion", "Meeting"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def stamp(day: dt.date, rng) -> str:
    return f"{day.isoformat()}T{rng.randint(8, 18):02d}:{rng.choice([0, 5, 12, 20, 34, 41, 55]):02d}:00Z"


def sibling_role(kid, other, kid_dad, other_dad) -> str:
    if kid.spec["dob"] == other.spec["dob"]:
        return "twin sister" if other.spec["sex"] == "F" else "twin brother"
    half = kid_dad is None or other_dad is None or kid_dad != other_dad
    base = "sister" if other.spec["sex"] == "F" else "brother"
    return f"half-{base}" if half else base


class Council:
    def __init__(self, half: str, seed: int | None):
        mod, default_seed, system = HALVES[half]
        self.half, self.area, self.system = half, mod.AREA, system
        self.rng = random.Random(default_seed if seed is None else seed)
        self.exported = d(self.area["exported_at"][:10])
        self.persons: dict[str, Person] = {}
        self.children, self.adult_rows, self.allocs, self.notes, self.docs = [], [], [], [], []
        self.doc_files: dict[str, str] = {}
        self.mentions: list[dict] = []
        self.record_truth: list[tuple[str, str]] = []
        self.evidence: dict[tuple[str, str], list] = {}  # (child_id, pid) -> [role, dates]
        self.workers = self._workers()
        self.pros = {k: [self._person(f"P-pro-{slug(s['given'] + ' ' + s['family'])}", s, r) for r, s in v]
                     for k, v in self.area["pros"].items()}
        self.schools = {kind: [dict(s, dsl_p=self._person(f"P-pro-{slug(s['dsl']['given'] + ' ' + s['dsl']['family'])}", s["dsl"], "designated safeguarding lead"),
                                    teacher_ps=[self._person(f"P-pro-{slug(t['given'] + ' ' + t['family'])}", t, r) for r, t in s["teachers"]])
                               for s in lst] for kind, lst in self.area["schools"].items()}
        for f in mod.FAMILIES:
            self._family(f)

    # --- people -------------------------------------------------------------
    def _person(self, pid, spec, role=None):
        if pid not in self.persons:
            p = person(pid, spec)
            p.pro_role = role
            self.persons[pid] = p
        return self.persons[pid]

    def _workers(self):
        out = {}
        for kind, lst in self.area["workers"].items():
            for wid, name, style in lst:
                given, fam = name.split(" ", 1)
                p = self._person(f"P-{wid}", {"given": given, "family": fam, "title": ""}, None)
                out.setdefault(kind, []).append((wid, p, style))
        return out

    # --- a family -----------------------------------------------------------
    def _family(self, f):
        rng = self.rng
        adults = {k: (self._person(f"P-{f.fid}-{k}", spec), role) for k, (spec, role) in f.adults.items()}
        kids = []
        for k in f.kids:
            cid = f"C-{len(self.children) + len(kids) + (3100 if self.half == 'dev' else 7100)}"
            kp = self._person(f"P-{f.fid}-{k.key}", k.spec)
            extras = {ek: (self._person(f"P-{f.fid}-{k.key}-{ek}", spec), role) for ek, (spec, role) in k.extras.items()}
            kids.append((k, cid, kp, extras))
        opened = d(f.opened + "-01") + dt.timedelta(days=rng.randint(0, 27))
        end = self.exported - dt.timedelta(days=rng.randint(3, 40))
        closed = rng.random() < 0.15
        if closed:
            end = end - dt.timedelta(days=rng.randint(30, 120))
        pick = {k: rng.choice(v) for k, v in self.pros.items()}
        schools = {kind: rng.choice(v) for kind, v in self.schools.items()}
        restricted_any = any(k.restricted for k in f.kids)
        sw_pool = self.workers["sw"]
        sw1, sw2 = rng.sample(sw_pool, 2)
        switch = opened + (end - opened) * rng.uniform(0.3, 0.7)
        sw_team = self.area["teams"]["exploit" if restricted_any else "sw"]
        has_fsw = rng.random() < 0.5
        fsw = rng.choice(self.workers["fsw"])

        roles_of = {}
        for k, cid, kp, extras in kids:
            roles = {}
            cast_keys = {}
            for ak, (p, role) in adults.items():
                role = k.roles.get(ak, role)
                if role is None:
                    continue
                roles[p.pid] = role
                cast_keys[ak] = p
            for ck, ak in k.alias.items():
                if ak in adults and k.roles.get(ak, 1) is not None:
                    cast_keys[ck] = adults[ak][0]
            for ek, (p, role) in extras.items():
                roles[p.pid] = role
                cast_keys[ek] = p
            roles[kp.pid] = None
            roles_of[cid] = (roles, cast_keys)
        dads = {cid: roles_of[cid][1].get("dad") for _, cid, _, _ in kids}
        for k, cid, kp, extras in kids:
            for k2, cid2, kp2, _ in kids:
                if cid2 != cid:
                    roles_of[cid][0][kp2.pid] = sibling_role(k, k2, dads[cid] and dads[cid].pid, dads[cid2] and dads[cid2].pid)

        fam_ctx = {"f": f, "kids": kids, "roles_of": roles_of, "pick": pick, "schools": schools, "opened": opened,
                   "end": end, "closed": closed, "sw": (sw1, sw2, switch, sw_team), "fsw": fsw if has_fsw else None}
        for k, cid, kp, extras in kids:
            self._child(fam_ctx, k, cid, kp)
        for k, cid, kp, extras in kids:
            self._records(fam_ctx, k, cid, adults)
        self._siblings(fam_ctx)
        for k, cid, kp, extras in kids:
            self._notes(fam_ctx, k, cid, kp)
        self._documents(fam_ctx)

    def _child(self, fc, k, cid, kp):
        f = fc["f"]
        team = fc["sw"][3]
        self.children.append({
            "child_id": cid, "given_name": k.spec["given"], "family_name": k.spec["family"],
            "preferred_name": k.pref, "date_of_birth": k.spec["dob"],
            "gender": {"F": "Female", "M": "Male"}[k.spec["sex"]], "postcode": f.postcode, "address_line": f.address,
            "legal_status": k.legal, "open_date": fc["opened"].isoformat(),
            "close_date": fc["end"].isoformat() if fc["closed"] else "",
            "restricted": "true" if k.restricted else "false", "restricted_to_teams": team if k.restricted else "",
            "updated_at": stamp(fc["end"], self.rng)})
        kp.forms_used.add(kp.full)
        sw1, sw2, switch, _ = fc["sw"]
        allocs = [(sw1, "Social Worker", team, fc["opened"], switch), (sw2, "Social Worker", team, switch, None)]
        if fc["fsw"]:
            allocs.append((fc["fsw"], "Family Support Worker", self.area["teams"]["fsw"], fc["opened"] - dt.timedelta(days=120), fc["opened"]))
        if k.legal in ("CP", "LAC"):
            allocs.append((self.workers["iro"][0], "Independent Reviewing Officer", self.area["teams"]["iro"], fc["opened"] + dt.timedelta(days=20), None))
        if k.legal == "Care leaver":
            allocs.append((self.workers["pa"][0], "Personal Advisor", self.area["teams"]["pa"], fc["opened"] + dt.timedelta(days=60), None))
        for (wid, p, _style), role, tm, start, stop in allocs:
            self.allocs.append({"allocation_id": f"A-{len(self.allocs) + 1}", "child_id": cid, "worker_id": wid,
                                "worker_name": p.full, "role": role, "team": tm, "start_date": start.isoformat(),
                                "end_date": stop.isoformat() if stop else "", "updated_at": stamp(start, self.rng)})
            p.forms_used.add(p.full)
            self._ev(cid, p.pid, role.lower().replace("advisor", "advisor"), start, stop or fc["end"])

    def _ev(self, cid, pid, role, *dates):
        e = self.evidence.setdefault((cid, pid), [role, []])
        if e[0] is None:
            e[0] = role
        e[1].extend(x for x in dates if x)

    def _records(self, fc, k, cid, adults):
        rng, f = self.rng, fc["f"]
        roles, _ = fc["roles_of"][cid]
        for r in f.records:
            if r.kids and k.key not in r.kids:
                continue
            p, _role = adults[r.adult]
            if p.pid not in roles:
                continue
            row = {"relationship_id": "", "child_id": cid, "person_ref": "", "given_name": p.given, "family_name": p.family,
                   "date_of_birth": p.dob, "gender": {"F": "Female", "M": "Male"}.get(p.sex, ""),
                   "relationship": r.relationship, "address_line": "", "postcode": "", "phone": "", "email": "",
                   "parental_responsibility": r.pr, "start_date": "", "end_date": "", "updated_at": ""}
            if roles[p.pid] in ("mother", "mother's partner", "stepfather") or (roles[p.pid] == "father" and rng.random() < 0.5):
                row["address_line"], row["postcode"] = f.address, f.postcode
            if rng.random() < 0.5:
                num = 900000 + (sum(map(ord, p.pid)) * 37) % 99999
                row["phone"] = rng.choice([f"07700 {num:06d}", f"07700{num:06d}", f"+44 7700 {num:06d}"])
            if rng.random() < 0.2:
                row["date_of_birth"] = ""
            if rng.random() < 0.3:
                row["person_ref"] = f"PER{(sum(map(ord, p.pid)) * 131) % 900000 + 100000}"
            for key in ("*", k.key):
                for col, val in r.changes.get(key, {}).items():
                    row[{"given": "given_name", "family": "family_name"}.get(col, col)] = val
            row["relationship_id"] = f"R-{len(self.adult_rows) + 1}"
            row["updated_at"] = stamp(fc["opened"] + dt.timedelta(days=rng.randint(0, 200)), rng)
            self.adult_rows.append(row)
            self.record_truth.append((row["relationship_id"], p.pid))
            for form in (f"{row['given_name']} {row['family_name']}".strip(), row["given_name"]):
                if form:
                    p.forms_used.add(form)
            self._ev(cid, p.pid, roles[p.pid], fc["opened"], fc["end"])

    def _siblings(self, fc):
        for _k, cid, kp, _ in fc["kids"]:
            for _k2, _cid2, kp2, _ in fc["kids"]:
                if kp2.pid != kp.pid:
                    self._ev(cid, kp2.pid, fc["roles_of"][cid][0][kp2.pid], fc["opened"], fc["end"])

    # --- notes --------------------------------------------------------------
    def _cast(self, fc, k, cid, kp, day):
        roles, keys = fc["roles_of"][cid]
        roles = dict(roles)
        cast = dict(keys)
        cast["child"] = kp
        sibs = [kp2 for _k2, cid2, kp2, _ in fc["kids"] if cid2 != cid]
        if sibs:
            cast["sib"] = self.rng.choice(sibs)
        pick = fc["pick"]
        for key in ("gp", "hv", "sn", "housing", "pc", "dc", "yw", "camhs", "idva", "tm"):
            p = pick[key]
            cast[key] = p
            roles[p.pid] = p.pro_role
        if k.school in fc["schools"]:
            s = fc["schools"][k.school]
            cast["dsl"] = s["dsl_p"]
            roles[s["dsl_p"].pid] = "designated safeguarding lead"
            t = s["teacher_ps"][sum(map(ord, k.key)) % len(s["teacher_ps"])]
            cast["teacher"] = t
            roles[t.pid] = t.pro_role
        sw1, sw2, switch, _ = fc["sw"]
        sw = sw1 if day < switch else sw2
        cast["sw"] = sw[1]
        roles[sw[1].pid] = "social worker"
        if k.legal in ("CP", "LAC"):
            cast["iro"] = self.workers["iro"][0][1]
            roles[cast["iro"].pid] = "independent reviewing officer"
        if k.legal == "Care leaver":
            cast["pa"] = self.workers["pa"][0][1]
            roles[cast["pa"].pid] = "personal advisor"
        return cast, roles, sw

    def _facts(self, fc, k, day):
        dob = d(k.spec["dob"])
        s = fc["schools"].get(k.school)
        return {"date": day, "town": fc["f"].town, "address": fc["f"].address, "places": self.area["places"],
                "age": (day - dob).days // 365, "arcs": set(fc["f"].arcs) | ({"peer"} if self.half == "heldout" else set()),
                "school": s["name"] if s else "", "dob": dob.strftime("%d/%m/%Y")}

    def _scene_pool(self, arcs):
        pool = list(scenes.SCENES) + (list(scenes.HELDOUT_ONLY) if self.half == "heldout" else [])
        weights = []
        for fn, w in pool:
            for arc in arcs:
                w += scenes.ARC_BOOST.get(arc, {}).get(fn, 0)
            weights.append(w)
        return [fn for fn, _ in pool], weights

    def _write(self, fc, k, kp, cast, roles, style, fn, i, extra=None):
        c = Ctx(self.rng, style, cast, roles)
        out = fn(c, i) if extra is None else fn(c, i, extra)
        if out is None:
            return None
        note_type, subject, markup = out
        state = self.rng.getstate()
        forms = {p.pid: set(p.forms_used) for p in cast.values()}
        try:
            text, spans = render(markup, c)
        except KeyError:
            self.rng.setstate(state)
            for p in cast.values():
                p.forms_used = forms[p.pid]
            return None
        if style == "phone" and len(text.lower()) == len(text):
            text = text.lower()
            for s in spans:
                s["text"] = s["text"].lower()
                self.persons[s["pid"]].forms_used.add(s["text"])
        return note_type, subject, markup, text, spans

    def _notes(self, fc, k, cid, kp):
        rng = self.rng
        n = rng.randint(12, 30) - sum(1 for x in self.notes if x["child_id"] == cid)
        span_days = (fc["end"] - fc["opened"]).days
        days = sorted(fc["opened"] + dt.timedelta(days=rng.randint(0, span_days)) for _ in range(max(n, 4)))
        fns, weights = self._scene_pool(self._facts(fc, k, days[0])["arcs"])
        history = []
        for idx, day in enumerate(days):
            cast, roles, sw = self._cast(fc, k, cid, kp, day)
            author = sw
            if idx < 2 and rng.random() < 0.6:
                author = rng.choice(self.workers["duty"])
            elif fc["fsw"] and rng.random() < 0.15:
                author = fc["fsw"]
            i = self._facts(fc, k, day)
            out = None
            if len(history) >= 4 and rng.random() < 0.08:
                lines = [(h[0], h[1].split("\n")[0].split(". ")[0].rstrip(".")) for h in rng.sample(history, 3)]
                lines = [(dd, t) for dd, t in sorted(lines) if t.count("[[") == t.count("]]")]
                out = self._write(fc, k, kp, cast, roles, author[2], scenes.chronology, i, lines)
            for _ in range(12):
                if out:
                    break
                out = self._write(fc, k, kp, cast, roles, author[2], rng.choices(fns, weights)[0], i)
            if not out:
                continue
            note_type, subject, markup, text, spans = out
            history.append((day, markup))
            self._add_note(cid, k, day, author, note_type, subject, text, spans, roles)
            if note_type in COPYABLE and not k.restricted and rng.random() < 0.35:
                for k2, cid2, kp2, _ in fc["kids"]:
                    roles2 = fc["roles_of"][cid2][0]
                    if cid2 == cid or not all(s["pid"] in roles2 or s["pid"] in roles and roles[s["pid"]] in _PRO for s in spans):
                        continue
                    merged = dict(roles)
                    merged.update(roles2)
                    self._add_note(cid2, k2, day, author, note_type, subject, text, spans, merged)

    def _add_note(self, cid, k, day, author, note_type, subject, text, spans, roles):
        rng = self.rng
        nid = f"N-{len(self.notes) + 1}"
        rec_at = stamp(day + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 6, 12])), rng)
        restricted = k.restricted or rng.random() < 0.02
        self.notes.append({"note_id": nid, "child_id": cid, "event_date": day.isoformat(), "recorded_at": rec_at,
                           "author_worker_id": author[0], "note_type": note_type, "subject": subject, "body": text,
                           "restricted": restricted, "updated_at": rec_at})
        self._truth_spans("case_note", nid, cid, day, text, spans, roles)

    def _truth_spans(self, rtype, rid, cid, day, text, spans, roles):
        check_spans(text, spans)
        out = []
        for s in spans:
            role = roles.get(s["pid"])
            out.append({"start": s["start"], "end": s["end"], "text": s["text"], "person_id": s["pid"], "role": role})
            if role is not None:
                self._ev(cid, s["pid"], role, day)
        self.mentions.append({"record_type": rtype, "record_id": rid, "spans": out})

    # --- documents ----------------------------------------------------------
    def _documents(self, fc):
        rng = self.rng
        kinds = ["Child and family assessment"] + rng.sample(list(documents.DOC_SCENES), 2)
        for kind in kinds:
            k, cid, kp, _ = rng.choice(fc["kids"])
            day = fc["opened"] + dt.timedelta(days=rng.randint(10, max(11, (fc["end"] - fc["opened"]).days)))
            cast, roles, sw = self._cast(fc, k, cid, kp, day)
            i = self._facts(fc, k, day)
            if kind == "Child and family assessment":
                kin = [x for x in ("dad", "gran", "grandad", "aunt", "uncle", "greatgran", "cousin", "ffriend", "pbro") if x in cast]
                out = self._write(fc, k, kp, cast, roles, "formal", lambda c, i, kin=kin: documents.assessment(c, i, kin), i)
            else:
                out = self._write(fc, k, kp, cast, roles, "formal", documents.DOC_SCENES[kind], i)
            if not out:
                continue
            _nt, title, _m, text, spans = out
            did = f"D-{len(self.docs) + 1}"
            fname = f"{did}_{slug(kind)}.txt"
            up = stamp(day + dt.timedelta(days=rng.randint(0, 9)), rng)
            self.docs.append({"document_id": did, "child_id": cid, "file_name": fname,
                              "title": f"{title} {day.strftime('%B %Y')}", "document_type": kind,
                              "document_date": day.isoformat(), "uploaded_at": up,
                              "restricted": "true" if k.restricted else "false", "updated_at": up})
            self.doc_files[fname] = text
            self._truth_spans("document", did, cid, day, text, spans, roles)

    # --- output -------------------------------------------------------------
    def write(self, out: Path):
        (out / "documents").mkdir(parents=True, exist_ok=True)
        (out / "truth").mkdir(exist_ok=True)
        _csv(out / "children.csv", self.children)
        _csv(out / "significant_adults.csv", self.adult_rows)
        _csv(out / "worker_allocations.csv", self.allocs)
        _csv(out / "documents.csv", self.docs)
        (out / "deletions.csv").write_text("table,id,deleted_at\n", encoding="utf-8")
        with open(out / "case_notes.jsonl", "w", encoding="utf-8") as fh:
            for n in self.notes:
                fh.write(json.dumps(n, ensure_ascii=False) + "\n")
        for name, text in self.doc_files.items():
            (out / "documents" / name).write_text(text, encoding="utf-8")
        (out / "manifest.json").write_text(json.dumps({"contract_version": 1, "source_system": self.system,
                                                       "exported_at": self.area["exported_at"], "kind": "full"}) + "\n")
        with open(out / "truth" / "mentions.jsonl", "w", encoding="utf-8") as fh:
            for m in self.mentions:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
        nets = []
        used = set()
        for (cid, pid), (role, dates) in sorted(self.evidence.items()):
            if role is None or not dates:
                continue
            nets.append({"child_id": cid, "person_id": pid, "category": category_of(role), "role": role,
                         "first_seen": min(dates).isoformat(), "last_seen": max(dates).isoformat()})
            used.add(pid)
        used |= {s["person_id"] for m in self.mentions for s in m["spans"]}
        used |= {pid for _, pid in self.record_truth}
        _csv(out / "truth" / "networks.csv", nets)
        _csv(out / "truth" / "record_truth.csv", [{"relationship_id": r, "person_id": p} for r, p in self.record_truth])
        rows = []
        for pid in sorted(used):
            p = self.persons[pid]
            forms = [p.full] + sorted(f for f in p.forms_used if f != p.full)
            rows.append({"person_id": pid, "canonical_name": p.full, "surface_forms": "|".join(forms)})
        _csv(out / "truth" / "persons.csv", rows)
        self._verify(out)

    def _verify(self, out: Path):
        notes = {n["note_id"]: n["body"] for n in map(json.loads, open(out / "case_notes.jsonl", encoding="utf-8"))}
        for m in map(json.loads, open(out / "truth" / "mentions.jsonl", encoding="utf-8")):
            text = notes[m["record_id"]] if m["record_type"] == "case_note" else (
                out / "documents" / next(x["file_name"] for x in self.docs if x["document_id"] == m["record_id"])).read_text(encoding="utf-8")
            for s in m["spans"]:
                assert text[s["start"]:s["end"]] == s["text"], (m["record_id"], s)


_PRO = {"designated safeguarding lead", "class teacher", "form tutor", "head of year", "GP", "health visitor", "school nurse",
        "housing officer", "police officer", "youth worker", "CAMHS practitioner", "IDVA", "team manager", "social worker",
        "independent reviewing officer", "personal advisor"}


def _csv(path: Path, rows: list[dict]):
    header = {
        "children.csv": "child_id,given_name,family_name,preferred_name,date_of_birth,gender,postcode,address_line,legal_status,open_date,close_date,restricted,restricted_to_teams,updated_at",
        "significant_adults.csv": "relationship_id,child_id,person_ref,given_name,family_name,date_of_birth,gender,relationship,address_line,postcode,phone,email,parental_responsibility,start_date,end_date,updated_at",
        "worker_allocations.csv": "allocation_id,child_id,worker_id,worker_name,role,team,start_date,end_date,updated_at",
        "documents.csv": "document_id,child_id,file_name,title,document_type,document_date,uploaded_at,restricted,updated_at",
        "networks.csv": "child_id,person_id,category,role,first_seen,last_seen",
        "record_truth.csv": "relationship_id,person_id",
        "persons.csv": "person_id,canonical_name,surface_forms",
    }[path.name].split(",")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--half", required=True, choices=sorted(HALVES))
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args(argv)
    council = Council(args.half, args.seed)
    council.write(args.out)
    spans = sum(len(m["spans"]) for m in council.mentions)
    print(f"{args.half}: {len(council.children)} children, {len(council.adult_rows)} adult records, "
          f"{len(council.notes)} notes, {len(council.docs)} documents, {spans} mention spans -> {args.out}")


if __name__ == "__main__":
    main()
