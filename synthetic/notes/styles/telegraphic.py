"""Telegraphic: fast, abbreviated, few articles. "HV to home. M present, MGM there. Kids ok." """

from __future__ import annotations

from synthetic.notes.context import Ctx
from synthetic.notes.text import Text

NAME = "telegraphic"
FORMS = {"full": 0.6, "first": 3, "nick": 1.2, "initials": 2, "title": 0.3, "role": 5,
         "role_name": 1, "typo": 0.5, "lower": 0.8}
TYPO_RATE = 0.08
SEP = (" ", " ", " ", "\n", ". ")


def _end(c: Ctx) -> str:
    return c.pick(".", ".", ".", "", " -", "..")


def opener(c: Ctx, t: Text) -> None:
    nt = c.note_type
    if nt == "Home visit":
        t.f("{a} to {where}{e}", a=c.pick("HV", "H/V", "Visit", "UHV", "Announced HV", "Unannounced HV"),
            where=c.pick("home", "family home", c.home_addr(), "address"), e=_end(c))
    elif nt == "Phone call":
        p = c.mum() or c.carer() or c.any_adult()
        t.f("{a} {who}{e}", a=c.pick("T/C", "Tel call", "Call", "Ph call to", "Missed call from"), who=c.ref(p), e=_end(c))
    elif nt == "School visit":
        t.f("{a} {s}{e}", a=c.pick("Visit to", "Seen in", "Sch visit -", "Saw at"), s=c.school(), e=_end(c))
    elif nt == "Strategy discussion":
        t.f("{a}{e}", a=c.pick("Strat disc", "Strategy", "S47 strat", "Strat mtg held"), e=_end(c))
    elif nt == "Direct work":
        t.f("DW with {ch}{e}", ch=c.me(), e=_end(c))
    elif nt == "Supervision":
        t.f("Supervision w {m}{e}", m=c.ref(c.manager().person if c.manager() else None, "first") or "TM", e=_end(c))
    elif nt == "MASH contact":
        t.f("{a}{e}", a=c.pick("Contact rec'd", "MASH contact", "Referral in", "Notification rec'd"), e=_end(c))
    elif nt in ("Missing episode", "Return home interview"):
        t.f("{a} {ch}{e}", a=c.pick("MFH -", "Missing:", "RHI w", "Return interview"), ch=c.me(), e=_end(c))
    else:
        t.f("{a}{e}", a=nt, e=_end(c))


def presence(c: Ctx, t: Text) -> None:
    ppl = c.adults_at_home()
    extra = c.kin() if c.chance(0.4) else None
    if extra:
        ppl = ppl + [extra]
    if not ppl:
        t.f("No one home{e}", e=_end(c))
        return
    p0 = ppl[0]
    t.f("{p} {v}", p=c.ref(p0), v=c.pick("present", "in", "home", "there", "answered door"))
    for p in ppl[1:3]:
        t.f(", {p} {v}", p=c.ref(p), v=c.pick("there", "also present", "in kitchen", "upstairs", "came in later"))
    t.f("{e}", e=_end(c))


def child_view(c: Ctx, t: Text) -> None:
    who = c.kin() or c.sibling() or c.peer() or c.carer()
    if c.age is not None and c.age < 3:
        t.f("{ch} {v}{e}", ch=c.me(), v=c.pick("asleep", "in cot", "babbling, clean + appropriately dressed", "smiley, ok"), e=_end(c))
        return
    v = c.pick("ok", "settled", "quiet", "chatty", "v unsettled", "bit withdrawn", "happy", "in good spirits")
    t.f("{ch} {v}", ch=c.me(), v=v)
    if who:
        t.f(c.pick(", talked about {w}", " - wants to see {w} more", ", likes going to {w}'s", ", says {w} helps"), w=c.ref(who))
    t.f("{e}", e=_end(c))


def school(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("designated safeguarding lead", "class teacher"))
    t.f("{p} - attendance {n}%{e} ", p=c.ref(p), n=str(c.rng.randint(48, 97)), e=_end(c))
    t.f(c.pick("Late x{k} this term{e}", "No uniform issues{e}", "Lunch money not paid{e}", "Excluded x1 fixed term{e}"),
        k=str(c.rng.randint(2, 9)), e=_end(c))


def health(c: Ctx, t: Text) -> None:
    role = "health visitor" if (c.age or 0) < 5 else c.pick("GP", "school nurse", "CAMHS worker")
    p = c.pro(role)
    t.f("{p} {v}{e}", p=c.ref(p), v=c.pick("has concerns re weight", "appt missed x2", "no concerns", "seen last wk", "to refer on", "chasing"), e=_end(c))


def incident(c: Ctx, t: Text) -> None:
    perp = c.partner() or c.dad()
    victim = c.mum()
    if not (perp and victim):
        t.f("Police called to address {d}{e}", d=c.pick("Sat night", "last wk", "over w/e"), e=_end(c))
        return
    t.f("DA incident - {a} / {b}. ", a=c.ref(perp), b=c.ref(victim))
    t.f("{p} attended{e}", p=c.ref(c.pro("police officer"), "title") if c.chance(0.6) else "police", e=_end(c))
    if c.chance(0.5):
        t.f(" {ch} {w}{e}", ch=c.me(), w=c.pick("present", "asleep upstairs", "at nans", "witnessed"), e=_end(c))


def contact(c: Ctx, t: Text) -> None:
    d = c.dad() or c.kin() or c.sibling()
    if not d:
        return
    t.f("Contact w {d} {v}{e}", d=c.ref(d), v=c.pick("went well", "cancelled", "late again", "did not attend", "ok", "shortened"), e=_end(c))


def support(c: Ctx, t: Text) -> None:
    k = c.kin() or c.community()
    if not k:
        return
    t.f("{k} {v}{e}", k=c.ref(k), v=c.pick("doing school run", "having kids weds", "supportive", "helping w shopping", "v involved", "offered respite", "not speaking to M atm"), e=_end(c))


def exploitation(c: Ctx, t: Text) -> None:
    a = c.associate()
    cl = c.child.cluster
    if a is None or cl is None:
        return
    bits = [
        lambda: t.f("Seen at {h} w {a}", h=c.hotspot(), a=c.ref(a)),
        lambda: t.f("Lift from {a} - {car}", a=c.ref(a), car=cl.car),
        lambda: t.f("New phone, says from {a}", a=c.ref(a)),
        lambda: t.f("Linked to {addr}", addr=c.rng.choice(cl.addresses)),
        lambda: t.f("MFH overnight, found {h}", h=c.hotspot()),
    ]
    for f in c.rng.sample(bits, c.rng.randint(1, 3)):
        f()
        t.f("{e} ", e=_end(c))
    other = c.peer()
    if other and c.chance(0.5):
        t.f("w {o}{e}", o=c.ref(other, c.pick("initials", "first")), e=_end(c))


def home(c: Ctx, t: Text) -> None:
    t.f("Home {v}{e}", v=c.pick("clean/tidy", "cluttered", "v poor - dog mess, no food in", "ok", "smell of cannabis", "cold, meter on emergency"), e=_end(c))


def parent_issue(c: Ctx, t: Text) -> None:
    p = c.mum() or c.dad()
    if not p:
        return
    t.f("{p} {v}{e}", p=c.ref(p), v=c.pick("low mood", "drinking again?", "engaging w drug service", "tearful", "presented well", "sober", "not taking meds"), e=_end(c))


def plan(c: Ctx, t: Text) -> None:
    t.f("{a}{e}", a=c.pick("Plan: revisit 2/52", "Next HV 10 days", "TBC", "Will update TM", "Refer to FGC", "Chase GP", "Actions as per CP plan"), e=_end(c))


def carer_update(c: Ctx, t: Text) -> None:
    p = c.carer()
    if not p:
        return
    t.f("{p} reports {v}{e}", p=c.ref(p), v=c.pick("settled", "sleeping better", "bedwetting", "some aggression", "good wk"), e=_end(c))


def leaver(c: Ctx, t: Text) -> None:
    pa = c.worker("personal advisor")
    t.f("{x}{e}", x=c.pick("Tenancy ok", "Rent arrears", "Starting college Sept", "UC claim sorted", "Wants own flat"), e=_end(c))
    if pa:
        t.f(" {p} {v}{e}", p=c.ref(pa.person), v=c.pick("to follow up", "visited", "chasing housing"), e=_end(c))


def pro_consult(c: Ctx, t: Text) -> None:
    role = c.pick("police officer", "housing officer", "health visitor", "CAMHS worker", "IDVA", "youth justice worker", "family worker")
    p = c.pro(role)
    t.f("Spoke {p}{e}", p=c.ref(p, c.pick("role_name", "title", "full")), e=_end(c))


def sibling(c: Ctx, t: Text) -> None:
    s = c.sibling()
    if s:
        t.f("{s} {v}{e}", s=c.ref(s), v=c.pick("also seen", "at nursery", "ok", "poorly", "at school"), e=_end(c))


RENDER = {k: v for k, v in globals().items() if k in (
    "presence", "child_view", "school", "health", "incident", "contact", "support", "exploitation",
    "home", "parent_issue", "plan", "carer_update", "leaver", "pro_consult", "sibling")}
