"""Structured bullet notes with headings: "Present:\n- Mum (Danielle)\n- MGM\n\nDiscussed:\n- ..." """

from __future__ import annotations

from synthetic.notes.context import Ctx
from synthetic.notes.text import Text

NAME = "bullets"
FORMS = {"full": 2.5, "first": 2, "nick": 0.5, "initials": 1, "title": 1, "role": 2.5,
         "role_name": 3, "typo": 0.2, "lower": 0}
TYPO_RATE = 0.03
SEP = ("\n",)


def _b(c: Ctx) -> str:
    return c._bullet  # type: ignore[attr-defined]


def opener(c: Ctx, t: Text) -> None:
    c._bullet = c.pick("- ", "* ", "• ", "-", "o ")  # type: ignore[attr-defined]
    head = c.pick("Purpose of {nt}: {why}", "{NT}", "Type: {nt}\nPurpose: {why}", "Reason for {nt}: {why}")
    t.f(head + "\n", nt=c.note_type.lower(), NT=c.note_type.upper(),
        why=c.pick("statutory visit", "review of plan", "follow up from strategy", "see child alone", "update", "information sharing"))


def _section(c: Ctx, t: Text, title: str) -> None:
    t.f("{h}\n", h=c.pick(f"{title}:", f"{title.upper()}", f"** {title} **", f"{title} -"))


def presence(c: Ctx, t: Text) -> None:
    ppl = c.adults_at_home()
    k = c.kin()
    if k and c.chance(0.4):
        ppl = ppl + [k]
    _section(c, t, c.pick("Present", "Who was seen", "Attendees"))
    t.f("{b}{ch}\n", b=_b(c), ch=c.me(c.pick("full", "first")))
    for p in ppl[:4]:
        t.f("{b}{p}\n", b=_b(c), p=c.ref(p, c.pick("role_name", "role_name", "full", "role")))


def child_view(c: Ctx, t: Text) -> None:
    _section(c, t, c.pick("Child's views", "Voice of the child", "Wishes and feelings"))
    who = c.kin() or c.peer() or c.sibling() or c.carer()
    t.f("{b}{ch} {v}\n", b=_b(c), ch=c.me(), v=c.pick("said they are happy at home", "did not want to talk", "said school is 'boring'", "is worried about mum", "wants more time with friends"))
    if who:
        t.f("{b}{x} {w}\n", b=_b(c), x=c.pick("Named as important:", "Trusted adult:", "Would like to see:", "Mentioned:"), w=c.ref(who))


def school(c: Ctx, t: Text) -> None:
    _section(c, t, "Education")
    t.f("{b}School: {s}\n{b}Attendance: {n}%\n", b=_b(c), s=c.school(), n=str(c.rng.randint(45, 99)))
    t.f("{b}Info from {p}\n", b=_b(c), p=c.ref(c.pro(c.pick("designated safeguarding lead", "class teacher")), c.pick("role_name", "title")))


def health(c: Ctx, t: Text) -> None:
    _section(c, t, "Health")
    role = "health visitor" if (c.age or 0) < 5 else c.pick("GP", "school nurse", "CAMHS worker")
    t.f("{b}{p}: {x}\n", b=_b(c), p=c.ref(c.pro(role), c.pick("role_name", "role", "full")), x=c.pick("no concerns", "missed appt", "referral made", "weight monitored", "on waiting list"))


def incident(c: Ctx, t: Text) -> None:
    _section(c, t, c.pick("Incident", "Police information", "Concerns"))
    perp = c.partner() or c.dad()
    victim = c.mum()
    if perp and victim:
        t.f("{b}DA incident reported between {a} and {v}\n", b=_b(c), a=c.ref(perp), v=c.ref(victim))
    t.f("{b}Attending officer: {p}\n", b=_b(c), p=c.ref(c.pro("police officer"), c.pick("title", "full")))


def contact(c: Ctx, t: Text) -> None:
    d = c.dad() or c.kin()
    if not d:
        return
    _section(c, t, "Family time")
    t.f("{b}{d} - {v}\n", b=_b(c), d=c.ref(d), v=c.pick("weekly, supervised", "fortnightly", "not attending", "by phone only", "ad hoc"))


def support(c: Ctx, t: Text) -> None:
    k = c.kin() or c.community()
    if not k:
        return
    _section(c, t, c.pick("Support network", "Network", "Family and friends"))
    t.f("{b}{k}: {v}\n", b=_b(c), k=c.ref(k, c.pick("role_name", "full")), v=c.pick("school runs", "respite weekends", "emotional support to mum", "can supervise contact", "limited contact"))
    k2 = c.community() if c.chance(0.5) else None
    if k2 and k2 is not k:
        t.f("{b}{k}: {v}\n", b=_b(c), k=c.ref(k2, c.pick("role_name", "full")), v=c.pick("occasional help", "lives nearby", "willing to help"))


def exploitation(c: Ctx, t: Text) -> None:
    a = c.associate()
    cl = c.child.cluster
    if a is None or cl is None:
        return
    _section(c, t, c.pick("Exploitation concerns", "Risk outside the home", "MACE info"))
    t.f("{b}Associate: {a}\n", b=_b(c), a=c.ref(a, c.pick("nick", "full", "role_name")))
    t.f("{b}Locations: {h}, {addr}\n", b=_b(c), h=c.hotspot(), addr=c.rng.choice(cl.addresses))
    if c.chance(0.5):
        t.f("{b}Vehicle: {car}\n", b=_b(c), car=cl.car)
    if c.chance(0.4):
        t.f("{b}Phone: {ph}\n", b=_b(c), ph=f"{cl.phone[:5]} {cl.phone[5:]}")
    o = c.peer()
    if o:
        t.f("{b}Peer: {o}\n", b=_b(c), o=c.ref(o, c.pick("initials", "first", "full")))


def home(c: Ctx, t: Text) -> None:
    _section(c, t, "Home conditions")
    t.f("{b}{v}\n", b=_b(c), v=c.pick("adequate", "poor", "cluttered", "good", "no working heating"))


def parent_issue(c: Ctx, t: Text) -> None:
    p = c.mum() or c.dad()
    if not p:
        return
    _section(c, t, "Parenting")
    t.f("{b}{p}: {v}\n", b=_b(c), p=c.ref(p), v=c.pick("low mood", "alcohol use", "engaging", "not engaging", "cannabis use"))


def plan(c: Ctx, t: Text) -> None:
    _section(c, t, c.pick("Actions", "Next steps", "Plan"))
    for _ in range(c.rng.randint(1, 3)):
        who = c.pick("SW", "School", "Mum", "HV", "IRO", "Police")
        t.f("{b}{w} to {x}\n", b=_b(c), w=who, x=c.pick("update chronology", "refer to CAMHS", "attend core group", "share minutes", "complete safety plan", "book contact"))


def carer_update(c: Ctx, t: Text) -> None:
    p = c.carer()
    if not p:
        return
    _section(c, t, "Placement")
    t.f("{b}Carer: {p}\n{b}{v}\n", b=_b(c), p=c.ref(p, c.pick("full", "role_name")), v=c.pick("Placement stable", "Some challenges at bedtime", "Placement at risk", "Positive"))


def leaver(c: Ctx, t: Text) -> None:
    _section(c, t, "Pathway plan")
    t.f("{b}Accommodation: {v}\n", b=_b(c), v=c.pick("supported lodgings", "own tenancy", "staying put", "sofa surfing"))
    pa = c.worker("personal advisor")
    if pa:
        t.f("{b}PA: {p}\n", b=_b(c), p=c.ref(pa.person, "full"))


def pro_consult(c: Ctx, t: Text) -> None:
    _section(c, t, "Professionals")
    for _ in range(c.rng.randint(1, 3)):
        p = c.pro(c.pick("police officer", "housing officer", "health visitor", "CAMHS worker", "IDVA", "family worker", "GP"))
        t.f("{b}{p}{ag}\n", b=_b(c), p=c.ref(p, c.pick("full", "title")), ag=f", {p.agency}" if p.agency else "")


def sibling(c: Ctx, t: Text) -> None:
    s = c.sibling()
    if s:
        _section(c, t, "Siblings")
        t.f("{b}{s} - {v}\n", b=_b(c), s=c.ref(s, c.pick("full", "first", "role_name")), v=c.pick("seen", "not seen, at school", "well"))


RENDER = {k: v for k, v in globals().items() if k in (
    "presence", "child_view", "school", "health", "incident", "contact", "support", "exploitation",
    "home", "parent_issue", "plan", "carer_update", "leaver", "pro_consult", "sibling")}
