"""The name blocks of adult records, kept in the graph as ``(:AdultRecord)-[:NAMED]->(:NameBlock)``
beside the clusters' (``(:MentionCluster)-[:IN_NAME_BLOCK]->``, :func:`linkage.cross_child.name_block_keys`).

:func:`linkage.cross_child.link_to_record_persons` joins a mention-only person to the one
record person with its full name: by the record's folded family name (``f:``), or, for a record
with no family name, its first given name (``g:``). The same keys as the clusters' blocks, so an
increment reads only the record persons its clusters can be joined to, and a record whose name
or person changes marks the clusters that may be joined to it.
"""

from __future__ import annotations

from linkage.normalise import fold


def record_name_keys(given: object, family: object) -> list[str]:
    g, f = fold(given), fold(family)
    if f:
        return [f"f:{f}"]
    if g:
        return [f"g:{g.split()[0]}"]
    return []


def record_first_given(given: object) -> str | None:
    """The first given name as :func:`linkage.cross_child.link_to_record_persons` compares it."""
    g = fold(given)
    return g.split()[0] if g else None


def record_name_rows(records: list[dict], marked: set[str] | None = None,
                     renamed: set[str] | None = None) -> list[dict]:
    """Rows for ``resolution/record_name_blocks``; ``marked``: the records whose blocks the next
    cross-child step must look at again (their name or person changed; default: all);
    ``renamed``: those of them whose name itself may have changed (default: all marked), whose
    blocks of before and given name of before are not known here."""
    return [{"relationship_id": r["relationship_id"], "keys": record_name_keys(r["given_name"], r["family_name"]),
             "mark": marked is None or r["relationship_id"] in marked,
             "given": record_first_given(r["given_name"]),
             "any_name": renamed is None or r["relationship_id"] in renamed}
            for r in records]
