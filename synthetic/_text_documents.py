"""Fast stand-in renderer: every document as UTF-8 .txt (used when render_documents=False)."""

from __future__ import annotations

import random
from pathlib import Path


def render_document(text: str, target_stem: Path, fmt: str, rng: random.Random) -> str:
    target_stem = Path(target_stem)
    target_stem.parent.mkdir(parents=True, exist_ok=True)
    path = target_stem.with_name(target_stem.name + ".txt")
    path.write_text(text, encoding="utf-8")
    for parent in path.parents:
        if parent.name == "documents":
            return path.relative_to(parent).as_posix()
    return path.name


def render_pending(documents_dir: Path) -> dict:
    return {}
