"""Text assembled piece by piece, recording person-mention spans as it goes.

Offsets are tracked while building, never found afterwards by searching the text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from string import Formatter


@dataclass(frozen=True, slots=True)
class M:
    """A mention: surface text referring to one true person, with the role it carries."""
    text: str
    pid: str
    role: str | None


_COMMON_TYPOS = {
    "received": "recieved", "separate": "seperate", "definitely": "definately",
    "accommodation": "accomodation", "until": "untill", "occurred": "occured",
    "argument": "arguement", "believe": "beleive", "which": "wich", "their": "thier",
    "appointment": "appointmnet", "attendance": "attendence", "concerns": "concerens",
    "because": "becuase", "tomorrow": "tommorow", "school": "shcool", "the": "teh",
    "said": "siad", "contact": "contcat", "would": "woudl",
}


def typo_word(rng: random.Random, w: str) -> str:
    low = w.lower()
    if low in _COMMON_TYPOS and rng.random() < 0.6:
        t = _COMMON_TYPOS[low]
        return t.capitalize() if w[:1].isupper() else t
    if len(w) < 4 or not w.isalpha():
        return w
    i = rng.randint(1, len(w) - 2)
    r = rng.random()
    if r < 0.4:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]   # transposition
    if r < 0.75:
        return w[:i] + w[i + 1:]                     # dropped letter
    return w[:i] + w[i] + w[i:]                      # doubled letter


@lru_cache(maxsize=4096)
def _parse(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((lit, field) for lit, field, _spec, _conv in Formatter().parse(template))


class Text:
    __slots__ = ("parts", "n", "spans", "rng", "typo_rate")

    def __init__(self, rng: random.Random, typo_rate: float = 0.0) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[dict] = []
        self.rng = rng
        self.typo_rate = typo_rate

    def lit(self, s: str) -> None:
        if not s:
            return
        if self.typo_rate and len(s) > 12 and self.rng.random() < self.typo_rate:
            words = s.split(" ")
            j = self.rng.randrange(len(words))
            words[j] = typo_word(self.rng, words[j])
            s = " ".join(words)
        self.parts.append(s)
        self.n += len(s)

    def raw(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def mention(self, m: M) -> None:
        start = self.n
        self.parts.append(m.text)
        self.n += len(m.text)
        self.spans.append({"start": start, "end": self.n, "text": m.text,
                           "person_id": m.pid, "role": m.role})

    def put(self, v) -> None:
        if v is None:
            return
        if isinstance(v, M):
            self.mention(v)
        elif isinstance(v, str):
            self.lit(v)
        else:
            for x in v:
                self.put(x)

    def f(self, template: str, **kw) -> None:
        """Append a template: literal text plus {fields} that are strings, mentions or lists."""
        for lit, field in _parse(template):
            self.lit(lit)
            if field is not None:
                self.put(kw[field])

    def value(self) -> str:
        return "".join(self.parts)


def join_list(items: list, rng: random.Random, conj: str = "and") -> list:
    """['A', 'B', 'C'] -> A, B and C (items may be mention lists)."""
    if not items:
        return []
    if len(items) == 1:
        return [items[0]]
    out: list = []
    for i, it in enumerate(items):
        if i:
            out.append(f" {conj} " if i == len(items) - 1 else (", " if rng.random() < 0.85 else "/"))
        out.append(it)
    return out
