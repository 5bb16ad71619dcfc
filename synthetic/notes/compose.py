"""Compose one case note: pick a note type, the facts to tell, a style, and render them."""

from __future__ import annotations

import random
from datetime import date
from types import ModuleType

from synthetic.families import Child, Family
from synthetic.notes.context import Ctx
from synthetic.notes.styles import WEIGHTS
from synthetic.notes.text import Text
from synthetic.world import World

_TYPES = {
    "Early Help": (("Home visit", 30), ("Phone call", 20), ("Direct work", 10), ("School visit", 10),
                   ("Email", 8), ("Supervision", 5), ("Review", 5), ("Contact", 2)),
    "CIN": (("Home visit", 30), ("Phone call", 18), ("School visit", 10), ("Direct work", 8),
            ("Email", 8), ("Supervision", 8), ("Review", 5), ("Strategy discussion", 3), ("MASH contact", 4)),
    "CP": (("Home visit", 28), ("Phone call", 14), ("Strategy discussion", 8), ("School visit", 8),
           ("Direct work", 8), ("Supervision", 10), ("Review", 6), ("MASH contact", 6), ("Email", 6), ("Contact", 4)),
    "LAC": (("Home visit", 25), ("Contact", 12), ("Review", 10), ("Phone call", 12), ("Direct work", 10),
            ("Supervision", 8), ("School visit", 6), ("Email", 6), ("Missing episode", 3)),
    "Care leaver": (("Home visit", 25), ("Phone call", 30), ("Email", 10), ("Review", 10),
                    ("Direct work", 5), ("Supervision", 5)),
}
_SUBJECTS = {
    "Home visit": ("Home visit", "Unannounced home visit", "Statutory visit", "HV", "Visit to family home", "CP visit"),
    "Phone call": ("Phone call", "Call with mum", "Telephone contact", "T/C", "Call re plan", "Missed call"),
    "Strategy discussion": ("Strategy discussion", "S47 strategy", "Strategy meeting", "MACE strategy"),
    "Direct work": ("Direct work", "Session with child", "Wishes and feelings", "1:1 work"),
    "Supervision": ("Supervision", "Case supervision", "Management oversight", "Reflective supervision"),
    "School visit": ("School visit", "Seen at school", "Visit to school", "Meeting with DSL"),
    "Contact": ("Contact", "Family time", "Supervised contact", "Contact session"),
    "MASH contact": ("MASH contact", "Contact received", "Referral", "Police notification"),
    "Review": ("Review", "CLA review", "Core group", "RCPC", "Pathway plan review"),
    "Email": ("Email", "Email from school", "Email received", "FW: update"),
    "Missing episode": ("Missing episode", "Missing from home", "Return home interview", "MFH"),
}
# fact kinds a note of this type tends to tell, with weights
_FACTS = {
    "Home visit": ("presence", 4, "home", 2, "child_view", 3, "sibling", 1, "parent_issue", 2, "support", 2, "incident", 1, "carer_update", 2, "plan", 2),
    "Phone call": ("pro_consult", 2, "support", 2, "contact", 2, "parent_issue", 2, "health", 1, "school", 1, "plan", 1),
    "Strategy discussion": ("incident", 3, "exploitation", 4, "pro_consult", 3, "health", 1, "school", 1, "plan", 3),
    "Direct work": ("child_view", 5, "exploitation", 3, "sibling", 1, "support", 2, "contact", 1),
    "Supervision": ("parent_issue", 2, "support", 2, "incident", 1, "exploitation", 2, "plan", 4, "contact", 1),
    "School visit": ("school", 5, "child_view", 3, "health", 1, "plan", 1),
    "Contact": ("contact", 5, "child_view", 2, "sibling", 1, "plan", 1),
    "MASH contact": ("incident", 4, "pro_consult", 2, "health", 1, "school", 1, "plan", 1),
    "Review": ("carer_update", 3, "school", 2, "health", 2, "leaver", 3, "support", 1, "plan", 3),
    "Email": ("school", 2, "presence", 1, "child_view", 2, "contact", 1, "exploitation", 1, "support", 1, "incident", 1, "health", 1, "plan", 9),
    "Missing episode": ("exploitation", 6, "child_view", 2, "plan", 1),
}


def choose_note_type(rng: random.Random, child: Child) -> str:
    opts = _TYPES[child.legal_status]
    nt = rng.choices([o[0] for o in opts], weights=[o[1] for o in opts])[0]
    if child.cluster is not None and rng.random() < 0.25:
        nt = rng.choice(("Strategy discussion", "Missing episode", "Direct work"))
    return nt


def compose(rng: random.Random, world: World, fam: Family, child: Child, when: date, note_type: str,
            author, styles: list[ModuleType]) -> tuple[str, str, list[dict], str]:
    """Return (subject, body, spans, style name)."""
    usable = [s for s in styles if s.NAME != "email"] or styles
    ws = [WEIGHTS.get(s.NAME, 10) for s in usable]
    style = rng.choices(usable, weights=ws)[0]
    if note_type == "Email" and any(s.NAME == "email" for s in styles) and rng.random() < 0.7:
        style = next(s for s in styles if s.NAME == "email")
    c = Ctx(rng, world, fam, child, when, note_type, author, style.FORMS)
    t = Text(rng, style.TYPO_RATE)
    style.opener(c, t)
    if t.parts and not t.parts[-1].endswith((" ", "\n")):
        t.raw(rng.choice(style.SEP))
    facts = _FACTS[note_type]
    kinds, weights = list(facts[0::2]), list(facts[1::2])
    if child.cluster is not None:
        kinds.append("exploitation"); weights.append(3)
    if child.legal_status == "Care leaver":
        kinds.append("leaver"); weights.append(5)
    if rng.random() < 0.15:   # the occasional long, detailed note
        n = rng.randint(8, 14)
    else:
        n = max(1, min(10, int(rng.lognormvariate(1.45, 0.55))))
    chosen = []
    for _ in range(n):
        k = rng.choices(kinds, weights=weights)[0]
        if k == "school" and child.school is None:
            continue
        if k not in chosen or rng.random() < 0.35:
            chosen.append(k)
    last = getattr(style, "ALWAYS_LAST", None)
    if last:
        chosen = [k for k in chosen if k != last] + [last]
    elif "plan" in chosen:
        chosen = [k for k in chosen if k != "plan"] + ["plan"]
    for k in chosen:
        before = t.n
        style.RENDER[k](c, t)
        if t.n != before:
            t.raw(rng.choice(style.SEP))
    body = t.value().rstrip()
    spans = [s for s in t.spans if s["end"] <= len(body)]
    subject = rng.choice(_SUBJECTS[note_type])
    if rng.random() < 0.3:
        subject = subject.lower()
    return subject, body, spans, style.NAME
