"""The committed index of the real published passages (evaluation_sets/real_text_index.json).

Published sentences never enter the repository. The passages live in a git-ignored folder
(``.kinscope/real_text/``, one JSON file each: id, style, split, source, text, annotations); the
index keeps, per passage, its source address, length, the sha256 of its text, its split and its
annotations as offsets + labels only, so a later session can refill the folder from the
``search`` tool (pages corpus: the page text at the source address) and check every passage.

    python -m extraction.real_text_index write .kinscope/real_text evaluation_sets/real_text_index.json
    python -m extraction.real_text_index check .kinscope/real_text evaluation_sets/real_text_index.json
    python -m extraction.real_text_index refill PAGE.json .kinscope/real_text evaluation_sets/real_text_index.json

Refilling: :func:`find_in_page` finds the passage inside a page's text by length + hash, and
:func:`restore` turns an index entry and that text back into a passage file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from extraction.evaluate_real_text import load_passages, text_sha256


def build_index(folder: Path | str) -> dict:
    entries = []
    for p in load_passages(folder, "all"):
        entries.append({
            "id": p["id"], "style": p.get("style"), "split": p.get("split"), "source": p.get("source"),
            "length": len(p["text"]), "sha256": text_sha256(p["text"]),
            "annotations": [{"start": a["start"], "end": a["end"], "label": a["label"]}
                            for a in p.get("annotations", [])],
            **({"part": p["part"]} if p.get("part") else {}),
        })
    return {"about": "Real published passages scored by `kinscope evaluate real-text`; texts are not "
                     "in the repository (see docs/real_text.md). Annotated by docs/annotation_guidelines.md.",
            "passages": entries}


def check(folder: Path | str, index: dict) -> list[str]:
    """Problems with the folder against the index (empty: every passage present and unchanged)."""
    have = {p["id"]: p for p in load_passages(folder, "all")}
    problems = []
    for e in index["passages"]:
        p = have.get(e["id"])
        if p is None:
            problems.append(f"{e['id']}: missing")
        elif len(p["text"]) != e["length"] or text_sha256(p["text"]) != e["sha256"]:
            problems.append(f"{e['id']}: text differs from the indexed hash")
    return problems


def find_in_page(page_text: str, entry: dict) -> str | None:
    """The substring of `page_text` with the entry's length and sha256, or None."""
    n, want = entry["length"], entry["sha256"]
    data = page_text
    for i in range(0, max(0, len(data) - n) + 1):
        if hashlib.sha256(data[i:i + n].encode("utf-8")).hexdigest() == want:
            return data[i:i + n]
    return None


def restore(entry: dict, text: str) -> dict:
    """A passage file's content from an index entry and its (hash-checked) text."""
    if len(text) != entry["length"] or text_sha256(text) != entry["sha256"]:
        raise ValueError(f"{entry['id']}: text does not match the indexed hash")
    return {"id": entry["id"], "style": entry["style"], "split": entry["split"], "source": entry["source"],
            "text": text, "annotations": [{**a, "text": text[a["start"]:a["end"]]} for a in entry["annotations"]],
            **({"part": entry["part"]} if entry.get("part") else {})}


def refill_from_page(page_text: str, folder: Path | str, index: dict) -> list[str]:
    """Write every indexed passage found in `page_text` (by length + hash) into `folder`; the ids
    written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in index["passages"]:
        text = find_in_page(page_text, entry)
        if text is None:
            continue
        (folder / f"{entry['id']}.json").write_text(
            json.dumps(restore(entry, text), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(entry["id"])
    return written


def _read_page(path: Path) -> tuple[str, str | None]:
    """A saved search result: a JSON object with the page's text (`excerpt` or `text`) and its
    `address`, or a bare JSON string (the text exactly as the result's escapes give it)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, str):
        return data, None
    return data.get("excerpt") or data.get("text") or "", data.get("address")


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "refill":
        page_text, address = _read_page(Path(argv[1]))
        index = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
        written = refill_from_page(page_text, argv[2], index)
        missing = sorted({e["id"] for e in index["passages"] if address and e.get("source") == address}
                         - set(written))
        print(f"written: {', '.join(written) or 'none'}"
              + (f"; this address's passages still missing: {', '.join(missing)}" if missing else ""))
        return 0 if written else 1
    if len(argv) != 3 or argv[0] not in ("write", "check"):
        print(__doc__)
        return 2
    cmd, folder, index_path = argv
    if cmd == "write":
        Path(index_path).write_text(json.dumps(build_index(folder), indent=1) + "\n", encoding="utf-8")
        return 0
    problems = check(folder, json.loads(Path(index_path).read_text(encoding="utf-8")))
    print("\n".join(problems) or "all passages present and unchanged")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
