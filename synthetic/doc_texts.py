"""Canonical text of attached documents (what the renderer turns into .docx/.pdf/scans),
with person spans tracked while the text is built."""

from __future__ import annotations

import random
from datetime import date

from synthetic.families import Child, Family
from synthetic.notes.context import Ctx
from synthetic.notes.text import Text
from synthetic.world import World

DOC_FORMS = {"full": 5, "first": 1, "nick": 0.3, "initials": 0.1, "title": 1.5, "role": 0.5,
             "role_name": 3, "typo": 0.1, "lower": 0}

_BY_STATUS = {
    "Early Help": (("Child and family assessment", 4), ("Letter", 3), ("Early help plan", 4), ("Police check", 1)),
    "CIN": (("Child and family assessment", 5), ("Letter", 3), ("Safety plan", 3), ("Police check", 2), ("MARAC referral", 1)),
    "CP": (("Safety plan", 5), ("Child and family assessment", 4), ("Police check", 3), ("MARAC referral", 2),
           ("Court application", 1), ("Letter", 2), ("Birth certificate", 1)),
    "LAC": (("Court application", 3), ("Child and family assessment", 2), ("CLA review minutes", 4),
            ("Birth certificate", 2), ("Letter", 2), ("Safety plan", 1), ("Police check", 1)),
    "Care leaver": (("Pathway plan", 5), ("Qualification", 3), ("Birth certificate", 2), ("Letter", 2)),
}


def choose_type(rng: random.Random, child: Child) -> str:
    if child.cluster is not None and rng.random() < 0.3:
        return "MACE referral"
    opts = _BY_STATUS[child.legal_status]
    return rng.choices([o[0] for o in opts], weights=[o[1] for o in opts])[0]


def _d(d: date | None, rng: random.Random) -> str:
    if d is None:
        return "not known"
    return d.strftime(rng.choice(("%d/%m/%Y", "%d %B %Y", "%d.%m.%Y")))


def build(rng: random.Random, world: World, fam: Family, child: Child, when: date, doc_type: str,
          author) -> tuple[str, str, list[dict]]:
    """Return (title, text, spans)."""
    c = Ctx(rng, world, fam, child, when, doc_type, author, DOC_FORMS)
    t = Text(rng, 0.01)
    fn = _BUILDERS.get(doc_type, _letter)
    title = fn(c, t)
    return title, t.value(), t.spans


def _header(c: Ctx, t: Text, heading: str) -> None:
    t.f("{h} - {ch} (DOB {dob})\n", h=heading, ch=c.me("full"), dob=_d(c.child.person.dob, c.rng))
    t.f("{org}\nDate: {d}\n\n", org=c.pick("Children's Services", f"{c.fam.town.name} Children's Social Care", "Safeguarding and Family Support"), d=_d(c.when, c.rng))


def _line(c: Ctx, t: Text, p, tail: str) -> None:
    t.f("- {p} ({r}) {x}\n", p=c.ref(p, "full"), r=_role_words(c, p), x=tail)


def _role_words(c: Ctx, p) -> list:
    from synthetic.notes.text import M
    role = c.role_of(p) or ""
    return [M(role, p.pid, role)] if role else []


def _safety_plan(c: Ctx, t: Text) -> str:
    _header(c, t, c.pick("SAFETY PLAN", "Safety Plan", "FAMILY SAFETY PLAN"))
    t.f("People who will help keep {ch} safe:\n", ch=c.me("first"))
    helpers = [p for p in (c.mum(), c.kin(), c.community(), c.carer(), c.kin()) if p is not None]
    seen = set()
    for p in helpers:
        if p.pid in seen:
            continue
        seen.add(p.pid)
        _line(c, t, p, c.pick("will make sure school is attended every day.", "will do the school run on Mondays and Thursdays.",
                              "will be available by phone at any time.", "will supervise contact.", "will check in daily."))
    risk = c.partner() or (c.dad() if c.chance(0.5) else None)
    if risk:
        t.f("\n{p} ({r}) is not to be left alone with the children until {x}.\n",
            p=c.ref(risk, "full"), r=_role_words(c, risk), x=c.pick("the parenting assessment is complete", "further notice", "the review"))
    sw = c.author.person if c.author else None
    t.f("\nReview date: {d}. Social worker: {sw}.\n", d=_d(c.when.replace(day=1), c.rng), sw=c.ref(sw, "full") if sw else "TBC")
    return c.pick("Safety plan", "Safety plan (signed)", "Safety plan v2") + f" {c.when.strftime('%B %Y')}"


def _assessment(c: Ctx, t: Text) -> str:
    _header(c, t, c.pick("CHILD AND FAMILY ASSESSMENT", "Child & Family Assessment", "Single Assessment"))
    t.lit("1. Household composition\n")
    for p in c.adults_at_home()[:3]:
        _line(c, t, p, "")
    s = c.sibling()
    if s:
        t.f("- {s} (sibling)\n", s=c.ref(s, "full"))
    t.lit("\n2. Wider family and network\n")
    for p in {x.pid: x for x in (c.kin(), c.kin(), c.community(), c.dad()) if x is not None}.values():
        t.f("{p} {v}. ", p=c.ref(p, c.pick("role_name", "full")), v=c.pick("is supportive", "has limited involvement", "lives locally", "has been spoken to by telephone", "was not seen"))
    t.lit("\n\n3. Professional involvement\n")
    for role in c.rng.sample(("health visitor", "GP", "designated safeguarding lead", "police officer", "housing officer", "family worker"), 3):
        if role == "designated safeguarding lead" and not c.child.school:
            continue
        p = c.pro(role)
        t.f("{p}, {ag}\n", p=c.ref(p, c.pick("full", "title")), ag=p.agency or "")
    t.f("\n4. Analysis\n{x}\n", x=c.pick("The child's needs are not being consistently met.", "There are strengths in the wider family network.",
                                          "Risk is assessed as medium and reducing."))
    return c.pick("C&F assessment", "Child and family assessment", "Assessment") + f" {c.when.strftime('%d-%m-%Y')}"


def _police_check(c: Ctx, t: Text) -> str:
    t.f("{h}\nRequest ref: {r}\n\n", h=c.pick("POLICE INFORMATION", "Police check - PNC / local systems", "Police disclosure"), r=f"PC{c.rng.randint(10000, 99999)}")
    for p in [x for x in (c.mum(), c.dad(), c.partner(), c.kin()) if x is not None]:
        t.f("Subject: {p} DOB {dob}\nResult: {x}\n\n", p=c.ref(p, "full"), dob=_d(p.dob, c.rng),
            x=c.pick("No trace.", "Trace - see attached.", "Known to police: DA incidents x3.", "Caution 2019 (possession).", "Intelligence held."))
    pol = c.pro("police officer")
    t.f("Completed by {p}, {ag}\n", p=c.ref(pol, "title"), ag=pol.agency)
    return "Police check " + c.when.strftime("%b %Y")


def _marac(c: Ctx, t: Text) -> str:
    t.lit("MARAC REFERRAL FORM\n\n")
    victim, perp = c.mum(), (c.partner() or c.dad())
    t.f("Victim: {v}\nAddress: {a}\n", v=c.ref(victim, "full") if victim else "Unknown", a=c.home_addr())
    if perp:
        t.f("Perpetrator: {p} ({r})\n", p=c.ref(perp, "full"), r=_role_words(c, perp))
    t.f("Children in household: {ch}", ch=c.me("full"))
    s = c.sibling()
    if s:
        t.f(", {s}", s=c.ref(s, "full"))
    idva = c.pro("IDVA")
    t.f("\n\nDASH score: {n}\nReferrer: {p}\n", n=str(c.rng.randint(14, 24)), p=c.ref(idva, "role_name"))
    return "MARAC referral"


def _court(c: Ctx, t: Text) -> str:
    t.f("IN THE FAMILY COURT AT {town}\nCase no: {n}\nApplication for a {o} in respect of {ch}\n\n",
        town=c.fam.town.name.upper(), n=f"{c.fam.town.name[:2].upper()}{c.rng.randint(10, 24)}C{c.rng.randint(100, 999)}",
        o=c.pick("Care Order", "Interim Care Order", "Special Guardianship Order", "Supervision Order"), ch=c.me("full"))
    t.lit("Respondents:\n")
    for i, p in enumerate([x for x in (c.mum(), c.dad()) if x is not None], 1):
        t.f("{i}. {p} ({r})\n", i=str(i), p=c.ref(p, "full"), r=_role_words(c, p))
    k = c.carer() or c.kin()
    if k:
        t.f("\nProposed carer: {p}\n", p=c.ref(k, "full"))
    return c.pick("C110A application", "Court application", "ICO application")


def _birth_cert(c: Ctx, t: Text) -> str:
    t.f("CERTIFIED COPY OF AN ENTRY OF BIRTH\nRegistration district: {town}\n\nName: {ch}\nDate of birth: {dob}\nSex: {g}\n",
        town=c.fam.town.name, ch=c.me("full"), dob=_d(c.child.person.dob, c.rng), g=c.child.person.gender)
    m, f = c.mum(), c.dad()
    if m:
        t.f("Mother: {m}\nMaiden surname: {ms}\n", m=c.ref(m, "full"), ms=m.maiden or m.family)
    if f and c.chance(0.7):
        t.f("Father: {f}\n", f=c.ref(f, "full"))
    return "Birth certificate"


def _qualification(c: Ctx, t: Text) -> str:
    t.f("{b}\nThis is to certify that\n{ch}\nhas been awarded\n{q}\n",
        b=c.pick("Pearson BTEC", "City & Guilds", "AQA", "NCFE CACHE"), ch=c.me("full"),
        q=c.pick("Level 2 Diploma in Construction", "GCSE Mathematics Grade 4", "Level 1 Award in Employability", "Functional Skills English Level 2"))
    return c.pick("Certificate", "Qualification certificate", "College certificate")


def _letter(c: Ctx, t: Text) -> str:
    p = c.mum() or c.carer() or c.any_adult()
    sender = c.pro(c.pick("housing officer", "GP", "designated safeguarding lead" if c.child.school else "health visitor", "family worker"))
    t.f("{ag}\n\n{d}\n\nDear {p},\n\n", ag=sender.agency or "", d=_d(c.when, c.rng), p=c.ref(p, "title") if p else "Parent/Carer")
    t.f("Re: {ch}\n\n{x}\n\n", ch=c.me("full"), x=c.pick("I am writing about recent absences from school.", "Your housing application has been assessed.",
                                                        "Please attend an appointment at the surgery.", "Thank you for meeting with me."))
    t.f("Yours sincerely,\n\n{s}\n", s=c.ref(sender, "full"))
    return c.pick("Letter", "Letter to parent", "Correspondence") + f" {c.when.strftime('%d/%m/%y')}"


def _review(c: Ctx, t: Text) -> str:
    iro = c.worker("independent reviewing officer")
    _header(c, t, "CHILD IN CARE REVIEW - MINUTES")
    t.lit("Present: ")
    ppl = [x for x in (c.carer(), c.mum(), iro.person if iro else None, c.pro("designated safeguarding lead") if c.child.school else None) if x is not None]
    for i, p in enumerate(ppl):
        if i:
            t.lit(", ")
        t.put(c.ref(p, "role_name"))
    t.f("\n\nPlacement: {x}\nContact: {y}\n", x=c.pick("stable", "at risk", "new placement"), y=c.pick("weekly supervised with mum", "monthly with dad", "none"))
    return "CLA review minutes"


def _pathway(c: Ctx, t: Text) -> str:
    _header(c, t, "PATHWAY PLAN")
    pa = c.worker("personal advisor")
    t.f("Personal Advisor: {p}\n", p=c.ref(pa.person, "full") if pa else "to be allocated")
    k = c.kin() or c.carer()
    if k:
        t.f("Support network: {p}\n", p=c.ref(k, "role_name"))
    peer = c.peer()
    if peer:
        t.f("Friends: {p}\n", p=c.ref(peer, "full"))
    t.f("Accommodation: {x}\nEducation/employment: {y}\n", x=c.pick("supported lodgings", "own tenancy", "staying put"), y=c.pick("NEET", "college", "apprenticeship"))
    return "Pathway plan"


def _mace(c: Ctx, t: Text) -> str:
    cl = c.child.cluster
    _header(c, t, "MACE REFERRAL")
    t.lit("Known associates:\n")
    for a in cl.associates:
        t.f("- {a}\n", a=c.ref(a, c.pick("nick", "role_name", "full")))
    t.f("Locations: {h}; {addr}\nVehicle: {car}\nPhone: {ph}\n", h=", ".join(cl.hotspots), addr="; ".join(cl.addresses), car=cl.car, ph=cl.phone)
    peers = [r.person for r in c.child.rels if r.role == "friend" and r.person.is_child][:4]
    if peers:
        t.lit("Peers: ")
        for i, p in enumerate(peers):
            if i:
                t.lit(", ")
            t.put(c.ref(p, c.pick("initials", "full")))
        t.lit("\n")
    return "MACE referral form"


def _early_help(c: Ctx, t: Text) -> str:
    _header(c, t, "EARLY HELP PLAN")
    for p in [x for x in (c.mum(), c.kin(), c.community()) if x is not None]:
        _line(c, t, p, c.pick("will attend the parenting course.", "will help with mornings.", "agreed to the plan."))
    fw = c.pro("family worker")
    t.f("Lead professional: {p}\n", p=c.ref(fw, "role_name"))
    return "Early help plan"


_BUILDERS = {
    "Safety plan": _safety_plan, "Child and family assessment": _assessment, "Police check": _police_check,
    "MARAC referral": _marac, "Court application": _court, "Birth certificate": _birth_cert,
    "Qualification": _qualification, "Letter": _letter, "CLA review minutes": _review,
    "Pathway plan": _pathway, "MACE referral": _mace, "Early help plan": _early_help,
}

FORMATS = (("docx", 40), ("doc", 25), ("pdf", 15), ("pdf_scan", 3.5), ("png", 1.5), ("jpg", 2),
           ("tif", 1), ("rtf", 3), ("txt", 3), ("corrupt", 2), ("password_docx", 1), ("password_pdf", 1))


def choose_format(rng: random.Random, doc_type: str) -> str:
    if doc_type in ("Birth certificate", "Qualification") and rng.random() < 0.6:
        return rng.choice(("pdf_scan", "jpg", "png", "tif"))
    return rng.choices([f for f, _ in FORMATS], weights=[w for _, w in FORMATS])[0]
