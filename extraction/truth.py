"""Reading an export's truth (truth/mentions.jsonl) as labelled texts.

Truth spans are person references only; each gets a label by this rule:

* ``ROLE`` when the span's text is a role-only reference: a role word or phrase from
  :mod:`extraction.lexicon` ("mum", "maternal grandmother", "the HV" -> "HV", "mum's partner",
  "older brother"), a role abbreviation ("MGM", "M.G.M.", "mgm"), or a single capital "M"/"F"
  for a mother/father (telegraphic notes). A short all-capitals abbreviation that is also
  someone's initials ("MA" for Mary Adams) counts as ROLE only when the abbreviation's role
  agrees with the truth role of the person (maternal aunt); otherwise PERSON.
* ``PERSON`` otherwise: names, nicknames, initials, title + surname, and name forms with a
  role word in them ("Nana Pat", "HV Sarah", "DC Ward").

Texts: case-note bodies from ``case_notes.jsonl``; document texts from
``truth/document_texts.jsonl`` when present, else ``documents/*.txt`` by document id.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extraction import lexicon

_TRUTH_ONLY_ROLES = {"unborn baby", "baby", "unborn", "the unborn", "older male", "older males",
                     "associate", "older associate", "next door neighbour", "friend of mum's"}


def _compatible(lex_role: str, truth_role: str | None) -> bool:
    if truth_role is None:
        return False
    a, b = lex_role.lower(), truth_role.lower()
    return a == b or a in b or b in a or a.split()[-1] == b.split()[-1]


def truth_label(text: str, truth_role: str | None) -> str:
    """"ROLE" for a role-only reference, else "PERSON" (see module docstring)."""
    t = text.strip()
    if t in ("M", "F") and truth_role in ("mother", "father"):
        return lexicon.ROLE_LABEL
    if t in _TRUTH_ONLY_ROLES:  # lower case only: "Unborn" is a child's recorded name
        return lexicon.ROLE_LABEL
    role = lexicon.role_of_text(t)
    if role is None:
        return lexicon.PERSON_LABEL
    compact = t.replace(".", "").replace(" ", "")
    if compact.isupper() and len(compact) <= 3 and not _compatible(role, truth_role):
        return lexicon.PERSON_LABEL  # initials that look like an abbreviation
    return lexicon.ROLE_LABEL


@dataclass
class TruthRecord:
    record_type: str          # case_note | document
    record_id: str
    text: str
    spans: list[dict] = field(default_factory=list)   # start, end, text, person_id, role, label
    style: str | None = None


def _document_texts(export: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    dt = export / "truth" / "document_texts.jsonl"
    if dt.is_file():
        with dt.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    d = json.loads(line)
                    out[d["document_id"]] = d["text"]
        return out
    docs_csv = export / "documents.csv"
    names: dict[str, str] = {}
    if docs_csv.is_file():
        with docs_csv.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                names[row.get("document_id", "")] = row.get("file_name", "")
    for path in (export / "documents").glob("*.txt"):
        doc_id = next((k for k, v in names.items() if v == path.name), path.name.split("_")[0])
        out[doc_id] = path.read_text(encoding="utf-8")
    return out


def read_truth(export: Path, *, record_types: tuple[str, ...] = ("case_note", "document"),
               limit: int | None = None) -> Iterator[TruthRecord]:
    """Every note/document with truth spans (labelled PERSON/ROLE), in file order."""
    export = Path(export)
    notes: dict[str, str] = {}
    with (export / "case_notes.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                n = json.loads(line)
                notes[n["note_id"]] = n.get("body") or ""
    docs = _document_texts(export) if "document" in record_types else {}
    n_out = 0
    with (export / "truth" / "mentions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            m = json.loads(line)
            kind = m["record_type"]
            if kind not in record_types:
                continue
            text = notes.get(m["record_id"]) if kind == "case_note" else docs.get(m["record_id"])
            if text is None:
                continue
            spans = []
            for s in m["spans"]:
                if text[s["start"]:s["end"]] != s["text"]:
                    continue  # offsets do not match the text we have (should not happen)
                spans.append({**s, "label": truth_label(s["text"], s.get("role"))})
            yield TruthRecord(kind, m["record_id"], text, spans, m.get("style"))
            n_out += 1
            if limit is not None and n_out >= limit:
                return
