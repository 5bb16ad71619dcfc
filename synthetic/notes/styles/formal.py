"""Formal third person: "The social worker undertook an unannounced visit. Ms Marsh was present." """

from __future__ import annotations

from synthetic.notes.context import Ctx
from synthetic.notes.text import Text, join_list

NAME = "formal"
FORMS = {"full": 4, "first": 2, "nick": 0.2, "initials": 0.2, "title": 3, "role": 1.5,
         "role_name": 2.5, "typo": 0.15, "lower": 0}
TYPO_RATE = 0.02
SEP = (" ", " ", "\n\n")


def _sw(c: Ctx) -> str:
    return c.pick("The social worker", "The allocated worker", "The writer", "SW", "The worker")


def opener(c: Ctx, t: Text) -> None:
    nt = c.note_type
    if nt == "Home visit":
        t.f("{sw} {v} {kind} home visit to {addr} on {d}. ", sw=_sw(c),
            v=c.pick("undertook an", "completed an", "carried out an"),
            kind=c.pick("unannounced", "announced", "planned", "statutory"),
            addr=c.home_addr(), d=c.when.strftime(c.pick("%d/%m/%Y", "%d %B %Y", "%d.%m.%y")))
    elif nt == "Strategy discussion":
        pol = c.pro("police officer")
        t.f("A strategy discussion was held {w}. In attendance: {p}, {sw} and {o}. ",
            w=c.pick("by telephone", "via Teams", "in the MASH", "at the police station"),
            p=c.ref(pol, c.pick("role_name", "title", "full")), sw=c.pick("the allocated social worker", "the writer"),
            o=c.ref(c.pro(c.pick("health visitor", "designated safeguarding lead", "GP", "school nurse")), "role_name"))
    elif nt == "Supervision":
        m = c.manager()
        t.f("Case supervision with {m}. The case was reviewed against the current plan. ",
            m=c.ref(m.person, c.pick("full", "role_name")) if m else "the team manager")
    elif nt == "Review":
        iro = c.worker("independent reviewing officer")
        t.f("{r} held {w}, chaired by {i}. ", r=c.pick("The review meeting was", "A review was", "The Child in Care review was", "The RCPC was"),
            w=c.pick("at the office", "at the carers' home", "virtually", "at school"),
            i=c.ref(iro.person, c.pick("full", "role_name")) if iro else "the IRO")
    elif nt == "MASH contact":
        t.f("A contact was received from {p} regarding {ch}. ",
            p=c.ref(c.pro(c.pick("police officer", "designated safeguarding lead", "health visitor", "GP")), c.pick("role_name", "title")),
            ch=c.me("full"))
    elif nt == "Phone call":
        p = c.mum() or c.carer() or c.any_adult()
        t.f("{sw} {v} {p} by telephone. ", sw=_sw(c), v=c.pick("contacted", "spoke with", "received a call from"), p=c.ref(p, c.pick("title", "full", "role_name")))
    elif nt == "School visit":
        t.f("{ch} was seen at {s} {w}. ", ch=c.me(c.pick("full", "first")), s=c.school(), w=c.pick("alone", "in a quiet room", "with a member of staff present", "during the lunch break"))
    elif nt == "Direct work":
        t.f("Direct work was undertaken with {ch} {w}. ", ch=c.me(), w=c.pick("using the three houses tool", "using a wishes and feelings booklet", "through drawing", "while driving to contact", "in the park"))
    elif nt in ("Missing episode", "Return home interview"):
        t.f("{ch} was reported missing {w} and returned {r}. ", ch=c.me("full"), w=c.pick("overnight", "on Friday evening", "after school", "for 36 hours"),
            r=c.pick("of their own accord", "with police", "the following morning"))
    else:
        t.f("{nt} recorded in respect of {ch}. ", nt=nt, ch=c.me("full"))


def presence(c: Ctx, t: Text) -> None:
    ppl = c.adults_at_home()
    if c.chance(0.3) and c.kin():
        ppl = ppl + [c.kin()]
    if not ppl:
        t.f("There was no answer at the property and a calling card was left.")
        return
    refs = [c.ref(p) for p in ppl[:3]]
    t.f("{ppl} {v} present during the visit.", ppl=join_list(refs, c.rng), v="were" if len(refs) > 1 else "was")


def child_view(c: Ctx, t: Text) -> None:
    if c.age is not None and c.age < 3:
        t.f("{ch} was observed to be {v}.", ch=c.me(), v=c.pick("clean and appropriately dressed", "alert and responsive", "meeting developmental milestones", "asleep in a moses basket"))
        return
    who = c.kin() or c.carer() or c.peer() or c.sibling()
    t.f("{ch} presented as {v}", ch=c.me(), v=c.pick("settled", "quiet and reluctant to engage", "talkative", "anxious", "polite"))
    if who:
        t.f(c.pick(" and spoke warmly about {w}.", " and reported that {w} is someone they can talk to.", ". {ch2} stated that they would like to spend more time with {w}."),
            w=c.ref(who), ch2=c.pick("They", "The child", "The young person"))
    else:
        t.lit(".")


def school(c: Ctx, t: Text) -> None:
    p = c.pro(c.pick("designated safeguarding lead", "class teacher", "head teacher"))
    t.f("{p} advised that attendance stands at {n}% and that {x}.", p=c.ref(p, c.pick("role_name", "title", "full")), n=str(c.rng.randint(48, 98)),
        x=c.pick("there are no current concerns", "punctuality remains an issue", "a referral to the school nurse has been made", "an EHCP assessment has been requested", "behaviour has deteriorated this half term"))


def health(c: Ctx, t: Text) -> None:
    role = "health visitor" if (c.age or 0) < 5 else c.pick("GP", "school nurse", "CAMHS worker", "paediatrician")
    p = c.pro(role)
    t.f("{p} reported that {x}.", p=c.ref(p, c.pick("role_name", "title", "full", "role")),
        x=c.pick("the child's weight has dropped below the expected centile", "two appointments have been missed", "there are no health concerns", "the immunisations are up to date", "a referral has been accepted"))


def incident(c: Ctx, t: Text) -> None:
    perp = c.partner() or c.dad()
    victim = c.mum()
    pol = c.pro("police officer")
    if perp and victim:
        t.f("Police attended the address following a report of a verbal and physical altercation between {a} and {b}.", a=c.ref(perp, c.pick("full", "title", "role_name")), b=c.ref(victim, c.pick("full", "title")))
        t.f(" {p} confirmed that {x}.", p=c.ref(pol, "title"), x=c.pick("no arrests were made", "the matter has been referred to MARAC", "a DVPN has been issued", "the children were present in the property"))
    else:
        t.f("{p} advised of a concern for welfare call to the home address.", p=c.ref(pol, "title"))


def contact(c: Ctx, t: Text) -> None:
    d = c.dad() or c.kin()
    if not d:
        return
    t.f("Supervised contact between {ch} and {d} {v}.", ch=c.me(), d=c.ref(d, c.pick("full", "role_name", "title")),
        v=c.pick("took place at the family centre", "did not go ahead as the parent did not attend", "was positive overall", "ended early due to the parent's presentation"))


def support(c: Ctx, t: Text) -> None:
    k = c.kin() or c.community()
    if not k:
        return
    t.f("{k} {v}.", k=c.ref(k, c.pick("full", "role_name", "title")), v=c.pick("has offered to provide respite at weekends", "continues to support the family with school runs", "has been identified as a potential connected carer", "will attend the family group conference", "is willing to be part of the safety plan"))


def exploitation(c: Ctx, t: Text) -> None:
    a = c.associate()
    cl = c.child.cluster
    if a is None or cl is None:
        return
    t.f("There are ongoing concerns that {ch} is at risk of criminal exploitation. ", ch=c.me())
    t.f(c.pick("{ch2} has been seen in the company of {a}, who is known to police, at {h}.",
               "Intelligence suggests that {a} has been providing {ch2} with lifts in a {car}.",
               "{ch2} was located at {addr}, an address linked to {a}."),
        ch2=c.me(), a=c.ref(a, c.pick("full", "nick", "role_name")), h=c.hotspot(), car=cl.car, addr=c.rng.choice(cl.addresses))
    o = c.peer()
    if o and c.chance(0.6):
        t.f(" {o} was also present.", o=c.ref(o, c.pick("full", "initials")))


def home(c: Ctx, t: Text) -> None:
    t.f("The home conditions were {v}.", v=c.pick("observed to be adequate", "cluttered but safe", "poor, with little food available", "clean and well maintained", "cold; the electricity meter had run out"))


def parent_issue(c: Ctx, t: Text) -> None:
    p = c.mum() or c.dad()
    if not p:
        return
    t.f("{p} {v}.", p=c.ref(p, c.pick("title", "full", "role")), v=c.pick("disclosed that her mental health has declined", "acknowledged recent alcohol use", "is engaging with substance misuse services", "appeared under the influence", "presented as calm and engaged"))


def plan(c: Ctx, t: Text) -> None:
    t.f("{x}", x=c.pick("The plan will be reviewed at the next core group.", "Management oversight to be sought.", "A further visit will take place within ten working days.", "Legal advice to be sought regarding PLO.", "An FGC referral will be made."))


def carer_update(c: Ctx, t: Text) -> None:
    p = c.carer()
    if not p:
        return
    t.f("{p} reported that {ch} {v}.", p=c.ref(p, c.pick("full", "title", "role_name")), ch=c.me(), v=c.pick("has settled well in placement", "continues to struggle with bedtimes", "has made a friend at school", "returned late on two occasions"))


def leaver(c: Ctx, t: Text) -> None:
    pa = c.worker("personal advisor")
    t.f("{ch} {v}.", ch=c.me(), v=c.pick("has maintained the tenancy", "is in rent arrears", "has enrolled at college", "is seeking employment", "remains in staying put"))
    if pa:
        t.f(" {p} will {v}.", p=c.ref(pa.person, c.pick("full", "role_name")), v=c.pick("review the pathway plan", "support the housing application", "chase the bursary"))


def pro_consult(c: Ctx, t: Text) -> None:
    role = c.pick("police officer", "housing officer", "health visitor", "CAMHS worker", "IDVA", "youth justice worker", "family worker", "midwife", "substance misuse worker")
    p = c.pro(role)
    t.f("{sw} liaised with {p}, who {v}.", sw=_sw(c), p=c.ref(p, c.pick("role_name", "full", "title")), v=c.pick("agreed to share information", "will complete a joint visit", "had no further information", "raised concerns regarding the home"))


def sibling(c: Ctx, t: Text) -> None:
    s = c.sibling()
    if s:
        t.f("{s} was also seen and {v}.", s=c.ref(s, c.pick("first", "role_name", "full")), v=c.pick("appeared well", "was at nursery", "was unwell", "was reluctant to speak"))


RENDER = {k: v for k, v in globals().items() if k in (
    "presence", "child_view", "school", "health", "incident", "contact", "support", "exploitation",
    "home", "parent_issue", "plan", "carer_update", "leaver", "pro_consult", "sibling")}
