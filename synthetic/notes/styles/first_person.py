"""First-person practitioner voice: "I visited Kayden at home today. Mum (Danielle) was there..." """

from __future__ import annotations

from synthetic.notes.context import Ctx
from synthetic.notes.text import Text, join_list

NAME = "first_person"
FORMS = {"full": 1.5, "first": 4, "nick": 1.5, "initials": 0.3, "title": 0.6, "role": 3,
         "role_name": 3, "typo": 0.3, "lower": 0}
TYPO_RATE = 0.04
SEP = (" ", " ", " ", "\n")


def opener(c: Ctx, t: Text) -> None:
    nt = c.note_type
    if nt == "Home visit":
        t.f("I {v} {ch} at home {w}. ", v=c.pick("visited", "went to see", "called round to see", "saw"), ch=c.me(),
            w=c.pick("today", "this afternoon", "after school", "this morning", "as planned"))
    elif nt == "Phone call":
        p = c.mum() or c.carer() or c.any_adult()
        t.f("I {v} {p} {w}. ", v=c.pick("rang", "phoned", "had a call from", "tried to ring"), p=c.ref(p),
            w=c.pick("to check in", "re the plan", "about contact", "to arrange the next visit", "back"))
    elif nt == "School visit":
        t.f("I met {ch} at {s}. ", ch=c.me(), s=c.school())
    elif nt == "Direct work":
        t.f("I spent some time with {ch} {w}. ", ch=c.me(), w=c.pick("doing some drawing", "in the car", "at McDonald's", "on a walk", "using the wishes and feelings cards"))
    elif nt == "Supervision":
        m = c.manager()
        t.f("I discussed the case with {m} in supervision. ", m=c.ref(m.person, c.pick("first", "full", "role_name")) if m else "my manager")
    elif nt == "Strategy discussion":
        t.f("I attended a strategy discussion with {p}. ", p=c.ref(c.pro("police officer"), c.pick("title", "role_name")))
    elif nt == "Review":
        t.f("I attended {ch}'s review today. ", ch=c.me())
    elif nt in ("Missing episode", "Return home interview"):
        t.f("I completed the return home interview with {ch}. ", ch=c.me())
    elif nt == "Contact":
        t.f("I supervised contact {w}. ", w=c.pick("at the contact centre", "in the park", "at McDonald's", "at the family centre"))
    else:
        t.f("I {v} about {ch}. ", v=c.pick("made a note", "received information", "was updated"), ch=c.me())


def presence(c: Ctx, t: Text) -> None:
    ppl = c.adults_at_home()
    if c.chance(0.35) and c.kin():
        ppl = ppl + [c.kin()]
    if not ppl:
        t.lit(c.pick("Nobody answered the door so I left a card.", "There was no answer and the curtains were closed."))
        return
    refs = [c.ref(p) for p in ppl[:3]]
    t.f("{ppl} {v} {x}.", ppl=join_list(refs, c.rng), v="were" if len(refs) > 1 else "was",
        x=c.pick("there when I arrived", "at home", "in", "around for part of the visit"))


def child_view(c: Ctx, t: Text) -> None:
    if c.age is not None and c.age < 3:
        t.f("{ch} {v}.", ch=c.me(), v=c.pick("was asleep so I didn't disturb her", "was crawling round and babbling", "smiled at me", "looked clean and well fed"))
        return
    who = c.kin() or c.peer() or c.sibling() or c.carer()
    t.f("{ch} {v}", ch=c.me(), v=c.pick("was chatty with me", "didn't want to talk much", "showed me their room", "seemed tired", "was in a good mood"))
    if who:
        t.f(c.pick(" and told me {w} is 'the best'.", " and said they miss {w}.", ". They said {w} takes them to the park.", ". They talked a lot about {w}."), w=c.ref(who))
    else:
        t.lit(".")


def school(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("designated safeguarding lead", "class teacher"))
    t.f("I spoke to {p} who told me {x}.", p=c.ref(p, c.pick("role_name", "title", "first")),
        x=c.pick("attendance is up to " + str(c.rng.randint(70, 98)) + "%", "there were no concerns", "lunch money is being paid late", "there have been issues with friendships"))


def health(c: Ctx, t: Text) -> None:
    role = "health visitor" if (c.age or 0) < 5 else c.pick("GP", "school nurse", "CAMHS worker")
    p = c.pro(role)
    t.f("I've {v} {p} {x}.", v=c.pick("left a message for", "emailed", "spoken to"), p=c.ref(p, c.pick("role", "role_name", "title")),
        x=c.pick("about the missed appointments", "to ask about the referral", "re weight", "for an update"))


def incident(c: Ctx, t: Text) -> None:
    perp = c.partner() or c.dad()
    victim = c.mum()
    if perp and victim:
        t.f("{v} told me that {p} {x}.", v=c.ref(victim), p=c.ref(perp), x=c.pick("had been shouting at her again", "pushed her on Saturday", "turned up drunk", "has been messaging her constantly"))
        if c.chance(0.5):
            t.f(" I have let {p} know.", p=c.ref(c.pro(c.pick("police officer", "IDVA")), c.pick("title", "role_name")))
    else:
        t.lit("I was told police had been called to the house over the weekend.")


def contact(c: Ctx, t: Text) -> None:
    d = c.dad() or c.kin() or c.sibling()
    if not d:
        return
    t.f("{ch} saw {d} {v}.", ch=c.me(), d=c.ref(d), v=c.pick("and enjoyed it", "but it was cut short", "for the first time in months", "at the weekend"))


def support(c: Ctx, t: Text) -> None:
    k = c.kin() or c.community()
    if not k:
        return
    t.f("{k} {v}.", k=c.ref(k), v=c.pick("has been brilliant and is doing the school run", "said she would have the kids on Wednesdays", "is still around and helping out", "came to the meeting with mum"))


def exploitation(c: Ctx, t: Text) -> None:
    a = c.associate()
    cl = c.child.cluster
    if a is None or cl is None:
        return
    t.f(c.pick("I'm worried about {ch} spending time with {a}.", "{ch} told me {a} bought them food at {h}.",
               "{ch} had a new phone and wouldn't say where it came from, but I think it was {a}.",
               "I asked {ch} about {addr} and they went quiet."),
        ch=c.me(), a=c.ref(a, c.pick("nick", "first", "full", "role_name")), h=c.hotspot(), addr=c.rng.choice(cl.addresses))
    o = c.peer()
    if o and c.chance(0.5):
        t.f(" They mentioned {o} had been there too.", o=c.ref(o, c.pick("first", "initials")))


def home(c: Ctx, t: Text) -> None:
    t.lit(c.pick("The house was tidy.", "The house was a mess again.", "There wasn't much food in.", "It was freezing in the house.", "The home looked fine."))


def parent_issue(c: Ctx, t: Text) -> None:
    p = c.mum() or c.dad()
    if not p:
        return
    t.f("{p} {v}.", p=c.ref(p), v=c.pick("seemed low", "was tearful when we talked about court", "admitted she'd had a drink", "looked like she hadn't slept", "was positive today"))


def plan(c: Ctx, t: Text) -> None:
    t.lit(c.pick("I'll visit again next week.", "I'll speak to my manager about next steps.", "I will chase the referral.", "I've booked the next visit for a fortnight.", "I'll update the chronology."))


def carer_update(c: Ctx, t: Text) -> None:
    p = c.carer()
    if not p:
        return
    t.f("{p} said {ch} {v}.", p=c.ref(p), ch=c.me(), v=c.pick("has had a good week", "is still wetting the bed", "was rude at teatime", "has started swimming"))


def leaver(c: Ctx, t: Text) -> None:
    pa = c.worker("personal advisor")
    t.f("{ch} told me {v}.", ch=c.me(), v=c.pick("the flat is going ok", "they're behind on rent", "they've got an interview at Tesco", "they want to go to college"))
    if pa and c.chance(0.6):
        t.f(" I've let {p} know.", p=c.ref(pa.person, c.pick("first", "role_name")))


def pro_consult(c: Ctx, t: Text) -> None:
    role = c.pick("police officer", "housing officer", "health visitor", "CAMHS worker", "IDVA", "youth justice worker", "family worker")
    p = c.pro(role)
    t.f("I spoke with {p} {x}.", p=c.ref(p, c.pick("role_name", "full", "title")), x=c.pick("who will share info", "and we agreed a joint visit", "who had nothing new", "about the referral"))


def sibling(c: Ctx, t: Text) -> None:
    s = c.sibling()
    if s:
        t.f("I also saw {s}, who {v}.", s=c.ref(s), v=c.pick("was fine", "was watching TV", "was off sick", "wanted to show me their drawing"))


RENDER = {k: v for k, v in globals().items() if k in (
    "presence", "child_view", "school", "health", "incident", "contact", "support", "exploitation",
    "home", "parent_issue", "plan", "carer_update", "leaver", "pro_consult", "sibling")}
