"""Reported speech and quotations, run-on sentences: 'Mum states that "Dave" has moved out...' """

from __future__ import annotations

from synthetic.notes.context import Ctx
from synthetic.notes.text import Text

NAME = "verbatim"
FORMS = {"full": 1, "first": 4, "nick": 2, "initials": 0.3, "title": 0.5, "role": 4,
         "role_name": 1.5, "typo": 0.4, "lower": 0.4}
TYPO_RATE = 0.06
SEP = (" ", " ", "\n")


def _says(c: Ctx) -> str:
    return c.pick("states", "stated", "reports", "reported", "said", "told worker", "shared", "disclosed")


def opener(c: Ctx, t: Text) -> None:
    a = c.pick(f"{c.note_type}.", f"{c.note_type} -", "Re:", "Info:", f"{c.note_type} completed.", "")
    if a:
        t.f("{a} ", a=a)


def presence(c: Ctx, t: Text) -> None:
    p = c.mum() or c.carer()
    if p:
        t.f("{p} {s} \"{q}\"", p=c.ref(p), s=_says(c), q=c.pick("we're doing fine honestly", "I can't cope with them", "nobody listens to me", "he's not been here", "it's been a rough week"))
        t.lit(c.pick(".", " and then went out for a cigarette.", ", she was tearful.", ""))


def child_view(c: Ctx, t: Text) -> None:
    who = c.kin() or c.peer() or c.sibling() or c.carer()
    if c.age is not None and c.age < 4:
        t.f("{ch} was seen and was {v}.", ch=c.me(), v=c.pick("happy playing", "grizzly", "clean and fed"))
        return
    if who:
        t.f("{ch} {s} \"{q} {w} {q2}\".", ch=c.me(), s=_says(c), q=c.pick("I like it at", "I want to live with", "I don't like", "I go to"),
            w=c.ref(who), q2=c.pick("'s", "", "because they're kind", "at weekends"))
    else:
        t.f("{ch} {s} they were \"{q}\".", ch=c.me(), s=_says(c), q=c.pick("fine", "bored", "sad sometimes", "ok I guess"))


def school(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("designated safeguarding lead", "class teacher"))
    t.f("{p} {s} {ch} {v}.", p=c.ref(p), s=_says(c), ch=c.me(), v=c.pick("has been late most days", "was hungry again", "is doing well in maths", "had a fight at lunch"))


def health(c: Ctx, t: Text) -> None:
    role = "health visitor" if (c.age or 0) < 5 else c.pick("GP", "CAMHS worker")
    t.f("{p} {s} {v}.", p=c.ref(c.pro(role)), s=_says(c), v=c.pick("no concerns", "weight is dropping", "mum cancelled again", "they're on the waiting list"))


def incident(c: Ctx, t: Text) -> None:
    perp = c.partner() or c.dad()
    victim = c.mum()
    if perp and victim:
        t.f("{v} {s} {p} \"{q}\" and that police came.", v=c.ref(victim), s=_says(c), p=c.ref(perp), q=c.pick("lost it", "smashed the telly", "grabbed me", "kicked off"))


def contact(c: Ctx, t: Text) -> None:
    d = c.dad() or c.kin()
    if d:
        t.f("{ch} {s} {d} \"{q}\".", ch=c.me(), s=_says(c), d=c.ref(d), q=c.pick("never turns up", "is fun", "shouts", "gave me money"))


def support(c: Ctx, t: Text) -> None:
    k = c.kin() or c.community()
    if k:
        t.f("{k} {s} \"{q}\".", k=c.ref(k), s=_says(c), q=c.pick("I'll have them whenever", "I can't keep doing this", "she needs help", "I'm always here"))


def exploitation(c: Ctx, t: Text) -> None:
    a = c.associate()
    cl = c.child.cluster
    if a is None or cl is None:
        return
    t.f("{ch} {s} \"{a} {q}\"", ch=c.me(), s=_says(c), a=c.ref(a, c.pick("nick", "first")),
        q=c.pick("is safe, he looks after us", "just gives us lifts", "said I owe him", "gets us food"))
    t.f(c.pick(" and that they were at {h}.", " - went to {addr} after.", "."), h=c.hotspot(), addr=c.rng.choice(cl.addresses))
    o = c.peer()
    if o and c.chance(0.5):
        t.f(" {o} was with them.", o=c.ref(o, c.pick("first", "initials")))


def home(c: Ctx, t: Text) -> None:
    t.lit(c.pick("House messy.", "Home ok.", "Smelt of damp.", "Dogs barking throughout."))


def parent_issue(c: Ctx, t: Text) -> None:
    p = c.mum() or c.dad()
    if p:
        t.f("{p} {s} \"{q}\".", p=c.ref(p), s=_says(c), q=c.pick("I've not touched a drink", "my head's all over", "I'm on the list for counselling", "I'm doing everything you ask"))


def plan(c: Ctx, t: Text) -> None:
    t.lit(c.pick("To discuss in supervision.", "Will visit again.", "To share with CP chair.", "No further action today."))


def carer_update(c: Ctx, t: Text) -> None:
    p = c.carer()
    if p:
        t.f("{p} {s} \"{q}\".", p=c.ref(p), s=_says(c), q=c.pick("it's been a good week", "bedtimes are hard", "he's come on loads", "she's been on her phone all night"))


def leaver(c: Ctx, t: Text) -> None:
    t.f("{ch} {s} \"{q}\".", ch=c.me(), s=_says(c), q=c.pick("I just want my own place", "I'm skint", "college is alright", "I don't need a PA"))


def pro_consult(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("police officer", "housing officer", "IDVA", "youth justice worker"))
    t.f("{p} {s} {v}.", p=c.ref(p, c.pick("title", "full", "role_name")), s=_says(c), v=c.pick("there is a marker on the address", "they will visit", "it's been passed to the team"))


def sibling(c: Ctx, t: Text) -> None:
    s = c.sibling()
    if s:
        t.f("{s} {s2} \"{q}\".", s=c.ref(s), s2=_says(c), q=c.pick("it's fine", "mum cries a lot", "I miss dad"))


RENDER = {k: v for k, v in globals().items() if k in (
    "presence", "child_view", "school", "health", "incident", "contact", "support", "exploitation",
    "home", "parent_issue", "plan", "carer_update", "leaver", "pro_consult", "sibling")}
