"""Who the family group conference list suggests (pure): from the child's map, the people in the
notes that a conference may see (:func:`dashboards.corrections.fgc_in_notes`: checked or
High-confidence, family-side, not hidden), and the relatives recorded for the child's visible
brothers and sisters, less anyone hidden from shared views on this map; and the CSV rows."""

from __future__ import annotations

from typing import Any

from dashboards import corrections, ecomap
from dashboards.views import evidence_href

CSV_HEADER = ("name", "relationship", "source", "via", "last_seen", "why", "evidence")


def select(members: list[dict[str, Any]], relatives: list[dict[str, Any]]
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """``(in_notes, relatives, to_check)``: each relative gets ``on_map`` (their evidence is on
    this child's map, else on the sibling's); ``to_check``: people in the notes left out until checked."""
    hidden = corrections.hidden_keys(members)
    in_notes, to_check = corrections.fgc_in_notes(members)
    known = {m["key"] for m in members}
    kept = [{**r, "on_map": r["key"] in known} for r in relatives if r["key"] not in hidden]
    return in_notes, kept, to_check


def relative_href(child_id: str, relative: dict[str, Any]) -> str:
    """Where a relative's evidence is: this child's map, or the sibling's they were recorded for."""
    return evidence_href(child_id if relative.get("on_map") else relative["sibling_id"], relative["key"])


def csv_rows(child_id: str, in_notes: list[dict[str, Any]], relatives: list[dict[str, Any]]) -> list[list[Any]]:
    rows = [[m.get("name"), ecomap.short_role(m), "named in the notes", "", m.get("last_seen"),
             ecomap.fgc_reason_in_notes(m), evidence_href(child_id, m["key"], ecomap.category_of(m))]
            for m in in_notes]
    rows += [[r.get("name"), r.get("relationship_to_sibling"), "recorded for a sibling",
              r.get("sibling_name") or r.get("sibling_id"), "", ecomap.fgc_reason_relative(r),
              relative_href(child_id, r)] for r in relatives]
    return rows
