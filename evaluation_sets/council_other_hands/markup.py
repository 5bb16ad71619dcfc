"""Turns written-up note text with [[person]] marks into plain text plus character spans.

Marks: `[[key]]` (the usual name for this writer), `[[key.form]]` (a named form, see
Person.form; `role`/`Role` = a relationship word, `yp` = "YP"), `[[key:literal]]`
(exactly these words).  Offsets come from the text as it is built, and
`check_spans` re-reads every span from the final text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from people import ROLE_WORDS, Person

MARK = re.compile(r"\[\[([a-z0-9_]+)(?:\.([A-Za-z0-9_]+))?(?::([^\]]+))?\]\]")


@dataclass
class Ctx:
    """What one note is written with: who is around the child, by whom, when."""

    rng: object
    style: str
    cast: dict  # key -> Person
    roles: dict  # pid -> role for this child (None for the child)
    child_key: str = "child"

    def has(self, *keys: str) -> bool:
        return all(k in self.cast for k in keys)

    def p(self, key: str) -> Person:
        return self.cast[key]

    def role_word(self, key: str, cap: bool = False, plain: bool = False) -> str:
        role = self.roles[self.cast[key].pid]
        words = ROLE_WORDS[role]
        if plain:
            w = words[0]
        elif self.style == "terse" and any(x.isupper() and len(x) <= 4 for x in words) and self.rng.random() < 0.7:
            w = next(x for x in words if x.isupper() and len(x) <= 4)
        elif self.style == "formal":
            w = next((x for x in words if not x.isupper()), words[0])
            w = words[1] if w == "mum" else w
        else:
            w = self.rng.choice(words)
        if cap and w[:1].islower():
            w = w[0].upper() + w[1:]
        return w


def render(markup: str, ctx: Ctx) -> tuple[str, list[dict]]:
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(markup):
        plain = markup[pos:m.start()]
        out.append(plain)
        length += len(plain)
        key, form, literal = m.group(1), m.group(2), m.group(3)
        if key not in ctx.cast:
            raise KeyError(f"no {key!r} in cast for: {markup[:80]}")
        person = ctx.cast[key]
        if literal is not None:
            text = literal
        elif form in ("role", "Role"):
            text = ctx.role_word(key, cap=form == "Role")
        elif form == "role0":
            text = ctx.role_word(key, plain=True)
        elif form == "yp":
            text = "YP"
        else:
            text = person.form(form or "short", ctx.rng, ctx.style)
        spans.append({"start": length, "end": length + len(text), "text": text, "pid": person.pid})
        person.forms_used.add(text)
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(markup[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unrendered mark in {text[:120]}")
    return text, spans


def check_spans(text: str, spans: list[dict]) -> None:
    """Every span must read back exactly from the text."""
    for s in spans:
        if text[s["start"]:s["end"]] != s["text"]:
            raise AssertionError(f"span {s} reads {text[s['start']:s['end']]!r}")
