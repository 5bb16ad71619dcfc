"""Emails pasted into the record: headers, greeting, chatty body, signature."""

from __future__ import annotations

from synthetic.notes.context import Ctx
from synthetic.notes.text import Text

NAME = "email"
FORMS = {"full": 2, "first": 4, "nick": 1, "initials": 0.2, "title": 1.5, "role": 2,
         "role_name": 2, "typo": 0.3, "lower": 0}
TYPO_RATE = 0.05
SEP = (" ", "\n", "\n\n")


_DOMAINS = {"designated safeguarding lead": "school.example.org", "class teacher": "school.example.org",
            "health visitor": "nhs.example.net", "school nurse": "nhs.example.net", "CAMHS worker": "nhs.example.net",
            "GP": "nhs.example.net", "police officer": "police.example.uk", "housing officer": "homes.example.org"}


def opener(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("designated safeguarding lead", "health visitor", "police officer", "housing officer", "family worker", "CAMHS worker", "school nurse"))
    c._sender = p  # type: ignore[attr-defined]
    addr = f"{p.given}.{p.family}".lower().replace(" ", "").replace("'", "")
    t.lit(c.pick("From: ", "FROM: ", "Sent by: "))
    t.f("{p} <{a}@{dom}>\n", p=c.ref(p, "full"), a=addr, dom=_DOMAINS.get(p.job or "", "example.org"))
    t.f("Sent: {d}\nSubject: {s}\n\n", d=c.when.strftime("%d %B %Y %H:%M").replace(" 00:00", " 09:14"),
        s=c.pick("RE: ", "FW: ", "") + c.pick("concerns", "update", "today", "info sharing", "referral", "attendance"))
    sw = c.author.person if c.author else None
    t.f("{hi} {sw},\n\n", hi=c.pick("Hi", "Hello", "Dear", "Morning"), sw=c.ref(sw, "first") if sw else "all")


def _close(c: Ctx, t: Text) -> None:
    p = c._sender  # type: ignore[attr-defined]
    t.f("\n\n{k}\n{p}\n{j}", k=c.pick("Thanks", "Kind regards", "Many thanks", "Best wishes", "Regards"),
        p=c.ref(p, c.pick("first", "full")), j=f"{(p.job or '').title()}, {p.agency}" if p.agency else (p.job or ""))


def presence(c: Ctx, t: Text) -> None:
    p = c.mum() or c.carer()
    if p:
        t.f("Just to let you know {p} came into {w} this morning.", p=c.ref(p), w=c.pick("school", "the surgery", "the office", "reception"))


def child_view(c: Ctx, t: Text) -> None:
    who = c.kin() or c.peer() or c.carer()
    t.f("{ch} seemed {v} today", ch=c.me(), v=c.pick("quite upset", "fine", "tired", "a bit quiet", "really happy"))
    if who:
        t.f(c.pick(" and said {w} had picked them up.", " - they kept talking about {w}.", ", they said they stayed at {w}'s."), w=c.ref(who))
    else:
        t.lit(".")


def school(c: Ctx, t: Text) -> None:
    t.f("Attendance is currently {n}% which is {x}.", n=str(c.rng.randint(55, 97)), x=c.pick("a slight improvement", "a concern", "below target", "much better"))


def health(c: Ctx, t: Text) -> None:
    t.f("I have also copied in {p}.", p=c.ref(c.pro("school nurse" if (c.age or 0) >= 5 else "health visitor"), c.pick("role_name", "full")))


def incident(c: Ctx, t: Text) -> None:
    perp = c.partner() or c.dad()
    if perp:
        t.f("Mum mentioned that {p} has been back at the house, I thought you should know.", p=c.ref(perp, c.pick("first", "full", "role")))


def contact(c: Ctx, t: Text) -> None:
    d = c.dad() or c.kin()
    if d:
        t.f("{d} turned up at the gates at home time {x}.", d=c.ref(d), x=c.pick("which we weren't expecting", "and was turned away", "again"))


def support(c: Ctx, t: Text) -> None:
    k = c.kin() or c.community()
    if k:
        t.f("{k} is collecting {ch} {w}.", k=c.ref(k), ch=c.me(), w=c.pick("this week", "on Fridays now", "until further notice"))


def exploitation(c: Ctx, t: Text) -> None:
    a = c.associate()
    cl = c.child.cluster
    if a is None or cl is None:
        return
    t.f("Staff saw {ch} getting into a {car} outside {h}; other students say the driver is {a}.", ch=c.me(), car=cl.car, h=c.hotspot(), a=c.ref(a, c.pick("nick", "full")))


def home(c: Ctx, t: Text) -> None:
    t.lit(c.pick("They have said the heating is still not fixed.", "The family have asked about a bigger property."))


def parent_issue(c: Ctx, t: Text) -> None:
    p = c.mum()
    if p:
        t.f("{p} {v}.", p=c.ref(p), v=c.pick("smelt of alcohol at pick up", "was very upset", "seemed much brighter", "was quite aggressive with staff"))


def plan(c: Ctx, t: Text) -> None:
    t.lit(c.pick("Happy to discuss.", "Please give me a ring if you need anything else.", "Can we arrange a meeting?", "Will keep you updated."))
    _close(c, t)


def carer_update(c: Ctx, t: Text) -> None:
    p = c.carer()
    if p:
        t.f("{p} has been in touch about {x}.", p=c.ref(p), x=c.pick("the school trip", "uniform", "a bruise on the arm", "the Christmas plans"))


def leaver(c: Ctx, t: Text) -> None:
    t.f("{ch} has {v}.", ch=c.me(), v=c.pick("missed the college induction", "been offered a flat", "asked for a food bank voucher"))


def pro_consult(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("police officer", "housing officer", "IDVA", "family worker"))
    t.f("I spoke to {p} yesterday and {x}.", p=c.ref(p, c.pick("full", "title", "role_name")), x=c.pick("they're aware", "they will call you", "they had nothing new"))


def sibling(c: Ctx, t: Text) -> None:
    s = c.sibling()
    if s:
        t.f("{s} was also {v}.", s=c.ref(s), v=c.pick("off today", "in school", "late"))


RENDER = {k: v for k, v in globals().items() if k in (
    "presence", "child_view", "school", "health", "incident", "contact", "support", "exploitation",
    "home", "parent_issue", "plan", "carer_update", "leaver", "pro_consult", "sibling")}
ALWAYS_LAST = "plan"
