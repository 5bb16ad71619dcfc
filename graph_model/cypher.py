"""Named Cypher statements, kept as files in the repository's `cypher/` folder.

Code refers to a statement by name (`"load/children"` → `cypher/load/children.cypher`), so
every query the system runs can be read, reviewed and tested on its own.

**Rules written once.** A statement may include a named fragment from `cypher/rules/` as
``{{ visible_child(c) }}``: the fragment's text replaces the include, with its declared
arguments (``// args: c``) substituted where the fragment writes ``{c}``. Fragments may include
other fragments. The access rules (which children, records and network members a viewer may
see) live there and nowhere else, so a new query cannot carry its own copy of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
RULES_DIR = CYPHER_DIR / "rules"

_CALL = re.compile(r"(\w+)\((.*)\)", re.S)
_ARGS = re.compile(r"^\s*//\s*args:\s*(.*)$", re.M)


@lru_cache(maxsize=None)
def cypher(name: str) -> str:
    """The text of one named statement (a file holding exactly one statement), includes expanded."""
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher statement named {name!r} (looked for {path})")
    return expand(_strip_comments(path.read_text(encoding="utf-8"))).strip().rstrip(";")


def raw_text(name: str) -> str:
    """A statement's file as written (comments and includes kept): for checks of the rules."""
    return (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _fragment(name: str) -> tuple[tuple[str, ...], str]:
    path = RULES_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher rule fragment named {name!r} (looked for {path})")
    text = path.read_text(encoding="utf-8")
    m = _ARGS.search(text)
    args = tuple(a.strip() for a in (m.group(1).split(",") if m else []) if a.strip())
    return args, " ".join(_strip_comments(text).split())


def expand(text: str, _depth: int = 0) -> str:
    """Replace every ``{{ rule(arg, ...) }}`` include by its fragment (recursively; an argument may
    itself be an include or any Cypher expression)."""
    if _depth > 8:
        raise ValueError("Cypher rule fragments include each other too deeply")
    out: list[str] = []
    pos = 0
    while (start := text.find("{{", pos)) >= 0:
        end = _closing(text, start)
        out.append(text[pos:start])
        out.append(_include(text[start + 2:end].strip(), _depth))
        pos = end + 2
    out.append(text[pos:])
    return "".join(out)


def _closing(text: str, start: int) -> int:
    """Index of the ``}}`` closing the include opened at ``start``."""
    depth, i = 0, start
    while i < len(text) - 1:
        pair = text[i:i + 2]
        if pair == "{{":
            depth += 1
            i += 2
            continue
        if pair == "}}":
            depth -= 1
            if depth == 0:
                return i
            i += 2
            continue
        i += 1
    raise ValueError(f"unclosed rule include at {text[start:start + 60]!r}")


def _include(call: str, depth: int) -> str:
    m = _CALL.fullmatch(call)
    if not m:
        raise ValueError(f"malformed rule include {{{{ {call} }}}}")
    args, body = _fragment(m.group(1))
    values = _split_args(expand(m.group(2), depth + 1)) if m.group(2).strip() else []
    if len(values) != len(args):
        raise ValueError(f"rule {m.group(1)} takes ({', '.join(args)}), got ({m.group(2)})")
    for a, v in zip(args, values, strict=True):
        body = body.replace("{" + a + "}", v)
    return "(" + expand(body, depth + 1) + ")"


def _split_args(text: str) -> list[str]:
    """Split on commas outside brackets."""
    parts, level, cur = [], 0, []
    for ch in text:
        if ch in "([{":
            level += 1
        elif ch in ")]}":
            level -= 1
        if ch == "," and level == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return parts


def statements(folder: str) -> list[str]:
    """Every `;`-separated statement of every file in a folder, in file-name order."""
    out: list[str] = []
    for path in sorted((CYPHER_DIR / folder).glob("*.cypher")):
        text = _strip_comments(path.read_text(encoding="utf-8"))
        out.extend(s.strip() for s in text.split(";") if s.strip())
    return out


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
