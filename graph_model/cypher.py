"""Named Cypher statements, kept as files in the repository's `cypher/` folder.

Code refers to a statement by name (`"load/children"` → `cypher/load/children.cypher`), so
every query the system runs can be read, reviewed and tested on its own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"


@lru_cache(maxsize=None)
def cypher(name: str) -> str:
    """The text of one named statement (a file holding exactly one statement)."""
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher statement named {name!r} (looked for {path})")
    return _strip_comments(path.read_text(encoding="utf-8")).strip().rstrip(";")


def statements(folder: str) -> list[str]:
    """Every `;`-separated statement of every file in a folder, in file-name order."""
    out: list[str] = []
    for path in sorted((CYPHER_DIR / folder).glob("*.cypher")):
        text = _strip_comments(path.read_text(encoding="utf-8"))
        out.extend(s.strip() for s in text.split(";") if s.strip())
    return out


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
