"""Attached documents: an assessment written from the family as known, plus scenes written up formally."""

from __future__ import annotations

import scenes


def assessment(c, i, kin_keys) -> tuple[str, str, str]:
    """Child and family assessment: headed sections, formal names, the wider network listed."""
    lines = ["CHILD AND FAMILY ASSESSMENT", "",
             "Child: [[child.full]]", f"Date of birth: {i['dob']}", f"Address: {i['address']}",
             "Allocated social worker: [[sw.full]]", "", "1. Household"]
    if "mum" in c.cast:
        lines.append("[[mum.full]] ([[mum.role0]]) is the main carer.")
    if "partner" in c.cast:
        lines.append("[[partner.full]] ([[partner.role0]]) stays at the address three or four nights a week.")
    if "sib" in c.cast:
        lines.append("[[child.given]] lives with [[sib.full]] ([[sib.role0]]).")
    if "fc" in c.cast:
        lines.append("[[child.given]] lives with foster carers [[fc.tfull]]" + (" and [[fc2.tfull]]." if "fc2" in c.cast else "."))
    lines += ["", "2. Wider family and network"]
    for k in kin_keys:
        lines.append(f"- [[{k}.full]] ({{role}})".replace("{role}", f"[[{k}.role0]]"))
    if "friend" in c.cast:
        lines.append("- Friends: [[friend.full]].")
    lines += ["", "3. Professionals involved"]
    for k in ("dsl", "teacher", "gp", "hv", "yw"):
        if k in c.cast and c.rng.random() < 0.7:
            lines.append(f"- [[{k}.tfull]] ([[{k}.role0]])")
    lines += ["", "4. Analysis",
              scenes.R(c, "The children are loved but their needs are not consistently met.",
                       "Risks are outside the home; the family are protective but overwhelmed.",
                       "Domestic abuse is the main concern; mum has started to recognise its impact."),
              "", "Outcome: " + scenes.R(c, "Child in Need plan.", "Strategy discussion requested.", "Step down to Early Help."),
              "", "Author: [[sw.full]], [[sw:Social Worker]]"]
    return "Child and family assessment", "Child and family assessment", "\n".join(lines)


DOC_SCENES = {
    "Strategy discussion minutes": scenes.strategy,
    "Child protection conference report": scenes.conference,
    "Police notification": scenes.police_notification,
    "School referral": scenes.school_referral,
}
