"""Registry of writing styles. Each style renders the same fact kinds its own way, with its
own sentence shapes, so evaluation can train on some styles and test on others."""

from __future__ import annotations

from types import ModuleType

from synthetic.notes.styles import bullets, email, first_person, formal, telegraphic, verbatim

STYLES: dict[str, ModuleType] = {m.NAME: m for m in (telegraphic, formal, first_person, bullets, email, verbatim)}
WEIGHTS = {"telegraphic": 25, "formal": 25, "first_person": 22, "bullets": 12, "email": 6, "verbatim": 10}


def select(names: list[str] | None) -> list[ModuleType]:
    if not names:
        return list(STYLES.values())
    unknown = [n for n in names if n not in STYLES]
    if unknown:
        raise ValueError(f"unknown note styles {unknown}; known: {sorted(STYLES)}")
    return [STYLES[n] for n in names]
