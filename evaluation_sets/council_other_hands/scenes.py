"""Case-note scenes as different practitioners write them.

Each scene takes the note's Ctx `c` and facts `i` (date, town, places, age, arcs,
half) and returns (note_type, subject, marked-up body) or None when it does not fit
this child.  People are marked [[key...]] (see markup.py); everything else, including
places, weekdays, headings and abbreviations, is plain text.
"""

from __future__ import annotations

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def R(c, *opts):
    return c.rng.choice(opts)


def ch(c, i) -> str:
    if c.style == "terse" and i["age"] >= 11 and c.rng.random() < 0.5:
        return "[[child.yp]]"
    return "[[child]]"


def opt(c, key, text, p=1.0) -> str:
    return text if key in c.cast and c.rng.random() < p else ""


def wd(i) -> str:
    return WEEKDAYS[i["date"].weekday()]


def dmy(d) -> str:
    return d.strftime("%d/%m/%Y")


def place(c, i, kind) -> str:
    return c.rng.choice(i["places"][kind])


def mum_name(c) -> str:
    return R(c, "[[mum]]", "[[mum.Role]] ([[mum.nick]])", "[[mum.Role]]", "[[mum.title]]")


# --- scenes -----------------------------------------------------------------

def home_visit(c, i):
    if c.style == "terse":
        body = (f"HV. {ch(c, i)} seen{R(c, ' alone in bedroom', ' in lounge', '')}. [[mum.role]] present"
                + opt(c, "partner", R(c, ", [[partner.role]] in kitchen", ", [[partner]] there - left when [[sw:SW]] arrived"), 0.6)
                + f". Home {R(c, 'cluttered, dishes piled', 'clean and tidy', 'cold, no gas on meter', 'ok')}. "
                + opt(c, "sib", f"[[sib]] {R(c, 'at school', 'asleep', 'playing on Xbox')}. ", 0.7)
                + R(c, "Nfa today.", "Plan reviewed.", "Next HV 2/52.", "Discussed routines and school."))
    elif c.style == "formal":
        body = (f"Announced home visit to {i['address']}. I was greeted at the door by [[mum.title]]"
                + f" who invited me in. {ch(c, i)} was {R(c, 'at home and agreed to speak with me', 'in the living room watching television', 'upstairs and came down after a few minutes')}."
                + opt(c, "partner", " [[partner.full]] was also present for part of the visit; he did not wish to engage and went out to the garden.", 0.5)
                + f"\n\n{ch(c, i)} said that things at home were {R(c, 'better', 'the same', 'okay but mum gets stressed')}."
                + opt(c, "gran", f" [[child]] told me that [[gran.role0]] has been {R(c, 'picking him up from school', 'helping with tea', 'visiting on Sundays')}.", 0.6)
                + opt(c, "sib", " [[sib]] was present and appeared well cared for.", 0.5)
                + "\n\nDiscussed the safety plan with [[mum.given]], who confirmed she understood what was expected.")
    else:
        body = (f"Visited {ch(c, i)} at home on {wd(i)} after school. [[mum.Role]] ([[mum.nick]]) made a cup of tea and we sat in the kitchen."
                + opt(c, "partner", f" {R(c, 'Her new partner', 'Her partner')} [[partner]] came in halfway through - first time I have met him.", 0.5)
                + f" {ch(c, i)} showed me {R(c, 'her drawings', 'his new trainers', 'the dog', 'a certificate from school')} and seemed {R(c, 'chatty and relaxed', 'a bit quiet', 'tired')}."
                + opt(c, "gran", " [[mum.nick]] said [[gran]] has been a big help and pops round most days.", 0.5)
                + opt(c, "ffriend", " [[ffriend.nick]] was there when I arrived and left soon after.", 0.4))
    return "Home visit", R(c, "Home visit", "Announced home visit", "Unannounced HV", "Statutory visit"), body


def phone_call(c, i):
    who = R(c, "mum", "mum", "school", "gran", "dad")
    if who == "school" and i.get("school"):
        key = R(c, "dsl", "teacher") if c.has("teacher") else "dsl"
        if key not in c.cast:
            return None
        body = R(c, f"t/c to school. Spoke with [[{key}]]. {ch(c, i)} in today, attendance {c.rng.randint(61, 93)}% this term.",
                 f"Call from [[{key}.title]] ({i['school']}) - {ch(c, i)} came in without coat, hungry. School gave breakfast.",
                 f"t/c [[{key}.Role]] re: {ch(c, i)} being late x3 this wk.")
        return "Phone call", "Call with school", body
    if who == "gran" and c.has("gran"):
        body = R(c, f"t/c from [[gran.role0]] [[gran]] - worried about {ch(c, i)}, says [[mum.role]] not answering.",
                 f"Rang [[gran.title]]. She is happy to have {ch(c, i)} {R(c, 'at weekends', 'for tea on Wednesdays', 'if needed')}.")
        return "Phone call", "Call from grandparent", body
    if who == "dad" and c.has("dad"):
        body = R(c, "t/c to dad. No answer, VM left.",
                 f"[[dad.given]] rang asking about contact with {ch(c, i)}. Advised [[sw:SW]] will call back.",
                 f"t/c to [[dad.Role]] re: contact arrangements. [[dad]] says he can do {wd(i)}s.")
        body = body.replace("t/c to dad.", "t/c to [[dad.role0]].")
        return "Phone call", "Call with father", body
    body = R(c, f"t/c to [[mum.role]] re: school. {ch(c, i)} not home.",
             f"t/c from [[mum.role]], {ch(c, i)} not come home last night. Advised to report to police on 101.",
             f"Rang [[mum.nick]] to confirm HV {R(c, 'tomorrow', 'next week', 'on Friday')}. No answer, text sent.",
             f"t/c [[mum]] - says {ch(c, i)} {R(c, 'is poorly', 'has a dentist appt', 'refused to go to school')}.")
    return "Phone call", R(c, "Call with mother", "t/c", "Phone call"), body


def school_referral(c, i):
    if not i.get("school") or "dsl" not in c.cast:
        return None
    body = (f"Referral received from [[dsl.tfull]], [[dsl:Designated Safeguarding Lead]] at {i['school']}.\n"
            f"Concern: {ch(c, i)} disclosed to [[teacher.title]] that " if c.has("teacher") else
            f"Referral received from [[dsl.tfull]] ([[dsl:DSL]], {i['school']}).\nConcern: {ch(c, i)} said that ")
    body += R(c, "there was shouting at home and [[mum.role0]] was crying.",
              "there was no food in the house over the weekend.",
              "an older lad picks her up from outside the school gates.",
              "[[mum.role0]] hit them with a slipper.")
    body += opt(c, "sib", f" School also raised that [[sib]] has missed {c.rng.randint(3, 12)} sessions.", 0.5)
    body += "\nAction: passed to MASH for screening. Parents not informed at this stage."
    return "Contact", "School referral", body


def strategy(c, i):
    lines = ["Present:", "[[sw.full]] ([[sw:SW]])", "[[tm.full]] ([[tm:Team Manager]], chair)"]
    lines.append(R(c, "[[dc.tfull]] (Police)", "[[dc.title]], Police"))
    if c.has("dsl"):
        lines.append("[[dsl.full]] ([[dsl:DSL]])")
    lines.append(R(c, "[[gp.title]] ([[gp:GP]]) - apologies, report sent", "Health: [[hv.full]]") if i["age"] < 5 and c.has("hv") else "[[gp.title]] - [[gp:GP]], info shared by email")
    lines.append("")
    lines.append("Reason for discussion:")
    if "cse" in i["arcs"] or "cce" in i["arcs"]:
        lines.append(f"{ch(c, i)} was found at {place(c, i, 'bus')} at 01:30 on {wd(i)}"
                     + opt(c, "mate", " in the company of [[mate.full]], known as '[[mate.alias]]'", 1.0) + ".")
        lines.append(opt(c, "mate", "[[mate.given]] is 19 and known to police for supply of class A.", 0.8))
        lines.append(opt(c, "mate2", "Also present was [[mate2.full]], who drives a grey Audi.", 0.8))
        lines.append(opt(c, "pbro", "Concerns also about [[pbro.full]] ([[pbro.role0]]), who has been collecting [[child]] from school.", 0.8))
    else:
        lines.append(f"Police attended {i['address']} following a 999 call. "
                     + opt(c, "partner", "[[partner.full]] arrested for assault on [[mum.title]]. ", 0.9)
                     + f"{ch(c, i)} was in the house at the time.")
    lines += ["", "Decision: threshold met for s47 enquiry, single agency (SW) / joint with police.",
              "Actions:", "- [[sw:SW]] to see child within 24 hours",
              "- [[dc.title]] to check PNC and share with SW",
              opt(c, "gran", "- explore whether [[gran.given]] ([[gran.role]]) can offer respite", 0.8)]
    return "Strategy discussion", R(c, "Strategy discussion", "Strategy meeting minutes", "S47 strategy discussion"), "\n".join(x for x in lines if x is not None)


def police_notification(c, i):
    officer = R(c, "pc", "pc", "dc")
    body = (f"Police notification received {dmy(i['date'])} (DA incident).\n"
            f"Attending officer: [[{officer}.title]].\n"
            f"Address: {i['address']}.\n")
    if c.has("partner") and c.rng.random() < 0.7:
        body += f"Verbal argument between [[mum.full]] and [[partner.full]] ([[partner:{R(c, 'partner', 'mum’s partner', 'boyfriend')}]]). "
    elif c.has("dad"):
        body += "Argument between [[mum.full]] and [[dad.full]] ([[dad:ex-partner]]) on the doorstep. "
    else:
        body += "Neighbour reported shouting. "
    body += f"Children in the property: {ch(c, i)}" + opt(c, "sib", " and [[sib]]") + ".\n"
    body += R(c, "DASH risk: medium. No arrests.", "DASH risk: high. Male arrested and bailed with conditions not to attend.",
              "DASH: standard. Advice given.")
    return "Police notification", R(c, "Police notification", "DA notification", "PPN"), body


def supervision(c, i):
    body = (f"Supervision with [[tm]] ([[tm:{R(c, 'TM', 'team manager')}]]).\n"
            f"Discussed {ch(c, i)}'s case. {R(c, 'Reflected on', 'Explored')} whether the plan is making a difference. "
            + R(c, "[[mum.given]] is engaging but progress is slow.", "Home conditions remain a concern.",
                "Risk outside the home appears to be increasing.")
            + opt(c, "partner", " Need to know more about [[partner.given]] - PNC checks requested.", 0.6)
            + "\nActions: " + R(c, "update chronology; book core group.", "[[sw:SW]] to complete direct work before next review.",
                                 "consider PLO if no change by next supervision."))
    return "Supervision", "Case supervision", body


def chronology(c, i, events):
    lines = []
    for d, text in events:
        lines.append(f"{dmy(d)} - {text}")
    return "Chronology", "Chronology update", "\n".join(lines)


def direct_work(c, i):
    if i["age"] < 6:
        return None
    bits = [f"Direct work session with {ch(c, i)} {R(c, 'at school', 'in the car', 'at McDonalds', 'at home in her room')}. "
            f"We did {R(c, 'the three houses', 'a wishes and feelings sheet', 'a network map', 'the bubbles exercise')}."]
    if c.has("friend"):
        bits.append(R(c, "Talked about friends - says [[friend]] is her best mate and they go to "
                         + place(c, i, "park") + " after school.",
                      f"Named [[friend.full]] as someone {R(c, 'she trusts', 'he hangs around with', 'who is kind')}."))
    if c.has("mate") and i["age"] >= 11:
        bits.append(R(c, f"Mentioned an older lad called '[[mate.alias]]' who gives lifts and buys food from {place(c, i, 'takeaway')}. Would not give his real name.",
                      "Said [[mate.alias]] is 'just a mate' and has a car."))
    if c.has("gran"):
        bits.append("Put [[gran]] in the inner circle of the network map.")
    if c.has("partner"):
        bits.append(R(c, "Put [[partner.given]] in the outer circle - 'he's alright I suppose'.",
                      "Did not want to talk about [[mum.role0]]'s new partner."))
    if c.has("yw"):
        bits.append(f"Likes going to {place(c, i, 'youth')} where [[yw.given]] runs the football.")
    if c.has("coach"):
        bits.append("Says [[coach]] at football is 'the only one who gets me'.")
    return "Direct work", R(c, "Direct work", "1:1 session", "Wishes and feelings"), " ".join(bits)


def reflective(c, i):
    paras = [f"Reflective note.\n\nI have now known {ch(c, i)} for {c.rng.randint(3, 14)} months."]
    paras.append(R(c, "What I notice is that when [[mum.given]] is well, the routines are there and the children are fine; "
                      "when she is low everything slips.",
                   "There is a pattern of the family doing well for a few weeks and then a crisis."))
    if c.has("partner"):
        paras.append("I am still unclear on the role of [[partner.full]] in the household. [[mum.nick]] says he does not live there, "
                     f"but his van is often outside and {ch(c, i)} refers to him as '[[partner.given]]'.")
    if c.has("gran"):
        paras.append("[[gran.full]] is a protective factor; she is consistent and the children go to her when things are hard.")
    if c.has("aunt"):
        paras.append("[[aunt.nick]] ([[aunt.role]]) would like to be more involved but lives in " + place(c, i, "other_town") + ".")
    if c.has("uncle"):
        paras.append("[[uncle.nick]] has offered support with school runs.")
    paras.append(R(c, "Next steps: FGC referral to widen the network.", "I will discuss with my manager whether we step down to CIN.",
                   "I want to hear more from the children directly."))
    return "Case note", R(c, "Reflective note", "Analysis", "Worker reflections"), "\n\n".join(paras)


def conference(c, i):
    if not c.has("iro"):
        return None
    body = ("Initial child protection conference" if c.rng.random() < 0.5 else "Review child protection conference")
    body += f" held at {i['town']} Civic Centre. Chair: [[iro.full]].\nAttendees: [[mum.full]] ([[mum:mother]])"
    body += opt(c, "dad", ", [[dad.full]] ([[dad:father]])", 0.7)
    body += ", [[sw.full]] ([[sw:SW]])" + opt(c, "dsl", ", [[dsl.title]] (school)") + opt(c, "hv", ", [[hv.full]] ([[hv:HV]])", 0.5 if i["age"] < 5 else 0)
    body += ", [[pc.title]] (police).\n"
    body += f"Outcome: {ch(c, i)} {R(c, 'to be subject of a CP plan under the category of neglect', 'to remain on a CP plan (emotional abuse)', 'CP plan to end, step down to CIN')}."
    return "Meeting", "CP conference", body


def missing(c, i):
    if i["age"] < 11:
        return None
    body = (f"Return home interview. {ch(c, i)} was reported missing by [[mum.role]] at 22:00 on {wd(i)} and found the next morning in "
            f"{place(c, i, 'other_town')} by [[pc.title]].\n")
    body += opt(c, "mate", f"Says she was with '[[mate.alias]]' and {R(c, 'some of his mates', 'a lad called'+' [[mate2]]' if c.has('mate2') else 'his cousin')}.\n", 0.9)
    body += opt(c, "friend", "[[friend]] was also missing the same night.\n", 0.6)
    body += R(c, "Would not say how she got there.", "Said they got the train and someone paid.",
              "Phone was taken off her. Given a new one by an older male.")
    return "Missing episode", R(c, "Return home interview", "RHI", "Missing from home"), body


def health(c, i):
    if i["age"] < 5 and c.has("hv"):
        body = R(c, f"Contact from [[hv.full]] ([[hv:health visitor]]). {ch(c, i)} missed 2-year check. Weight on the 9th centile.",
                 "[[hv:HV]] [[hv.given]] visited with [[sw:SW]]. [[mum.given]] struggling with sleep routine. Cot bumper removed.")
        return "Health", "Health visitor contact", body
    if not c.has("gp"):
        return None
    body = R(c, f"Spoke to [[gp.title]] at the surgery. {ch(c, i)} not brought to 3 appointments. [[gp.title]] has written to [[mum.role0]].",
             "GP letter: [[mum.full]] prescribed sertraline; [[gp.title]] says she is engaging.",
             f"Info from [[gp:GP]] ([[gp.full]]): no concerns about {ch(c, i)}'s growth; asthma review overdue.")
    return "Health", "GP contact", body


def housing(c, i):
    if not c.has("housing"):
        return None
    body = R(c, f"Housing: spoke to [[housing.full]] ([[housing:housing officer]]). Rent arrears of £{c.rng.randint(4, 19)}00, NOSP served. Damp in back bedroom where {ch(c, i)} sleeps.",
             f"Joint visit with [[housing.given]] from housing. Family on the list for a 3-bed in {i['town']}.",
             f"[[housing.title]] confirmed [[mum.given]] has bid on a property on {R(c, 'Lee Road', 'Victoria Street', 'Union Street')}.")
    return "Partner agency", "Housing", body


def extended_family(c, i):
    keys = [k for k in ("gran", "grandad", "aunt", "uncle", "ffriend", "greatgran", "cousin", "faith", "neighbour") if k in c.cast]
    if not keys:
        return None
    k = c.rng.choice(keys)
    text = {
        "gran": f"Met [[gran.title]] at her home in {i['town']}. She is the [[gran.role0]] and sees {ch(c, i)} every weekend. Happy to be a safe adult.",
        "grandad": "Met [[grandad.full]] ([[grandad.role]]). [[grandad.nick]] says the family have always managed and do not want SW involved.",
        "aunt": f"Visit to [[aunt.full]], {ch(c, i)}'s [[aunt.role0]]. [[aunt.nick]] would offer respite and is willing to attend FGC.",
        "uncle": "[[uncle.full]] came to the office. He is [[uncle.role0]] and wants to be assessed as a connected person.",
        "ffriend": "[[ffriend.nick]] ([[ffriend:family friend]], not related) came to the review and offered to help with school runs.",
        "greatgran": f"[[greatgran.title]] ([[greatgran.role0]]) is 84 and still has {ch(c, i)} after school on Tuesdays.",
        "cousin": f"Spoke to [[cousin.full]] ([[cousin.role0]]) who says {ch(c, i)} stays at theirs some nights.",
        "faith": "[[faith.title]] from the church called - the family attend on Sundays and he has concerns about [[mum.role0]].",
        "neighbour": "[[neighbour.title]] ([[neighbour:neighbour]]) stopped me on the way out: says the children are often left on their own.",
    }[k]
    return "Family network", R(c, "Extended family", "Family network meeting", "Wider family"), text


def youth_worker(c, i):
    if not c.has("yw") or i["age"] < 10:
        return None
    body = R(c, f"Email from [[yw.full]] ({place(c, i, 'youth')}): {ch(c, i)} attended Weds session, left early with two older lads in a car.",
             f"Catch up with [[yw.given]] ([[yw:youth worker]]). {ch(c, i)} is doing well on the DJ course."
             + opt(c, "friend", " Often comes with [[friend]].", 0.8))
    return "Partner agency", "Youth service", body


def camhs(c, i):
    if not c.has("camhs") or i["age"] < 10:
        return None
    return "Health", "CAMHS", f"[[camhs.full]] (CAMHS) confirmed {ch(c, i)} is on the waiting list; first appt {R(c, 'in March', 'in 14 weeks', 'not yet booked')}."


def text_message(c, i):
    return "Text message", "Text", R(c, f"Text from [[mum.role]]: 'hi its {c.p('mum').nicks[0] if c.p('mum').nicks else c.p('mum').given} cant do tmrw can u come fri'",
                                     f"Sent text to [[mum.nick]] reminding her of the core group on {wd(i)}.")


def lac_visit(c, i):
    if not c.has("fc"):
        return None
    body = (f"Statutory visit to {ch(c, i)} at placement with [[fc.title]]" + opt(c, "fc2", " and [[fc2.given]]") + ". "
            + R(c, "Room is personalised.", "Settled, eating well.", "Some arguments about curfew.")
            + opt(c, "bf", " Talked about [[bf]] - has been seeing [[bf.given]] for a few months.", 0.6)
            + opt(c, "mum", " Contact with [[mum.role]] is twice monthly.", 0.5))
    return "Statutory visit", "CLA visit", body


def leaving_care(c, i):
    if i["age"] < 16:
        return None
    body = (f"Pathway plan review with {ch(c, i)}. "
            + opt(c, "pa", "[[pa.full]] ([[pa:PA]]) present. ")
            + R(c, "Discussed college, bills, budgeting.", "Universal Credit claim made.", "Looking for a flat in " + i["town"] + ".")
            + opt(c, "bf", " [[bf.full]] is staying over most nights; discussed the tenancy.", 0.6)
            + opt(c, "aunt", " Sees [[aunt.given]] regularly.", 0.6))
    return "Pathway plan", "Pathway plan review", body


def contact(c, i):
    if not c.has("dad"):
        return None
    body = (f"Supervised contact at the family centre, {i['town']}. [[dad.Role]] arrived {c.rng.randint(5, 25)} mins late. "
            f"{ch(c, i)} ran to him. [[dad.given]] brought {R(c, 'a football', 'sweets', 'a present')}. Warm interaction observed.")
    return "Contact", "Supervised contact", body


def no_reply(c, i):
    return "Home visit", "Attempted HV", R(c, f"Unannounced HV - no reply. Card left. Curtains closed. {wd(i)} 15:40.",
                                          "No answer at the door, dog barking. Will try again Thursday.",
                                          f"Attempted HV {i['address']}. Neighbour says family at Nana's. Left card.")


def oversight(c, i):
    return "Management oversight", "Management oversight", (
        "Management oversight ([[tm.given]]). I have read the assessment and the recent notes. "
        + R(c, "Agree with the plan.", "Agree step down to Early Help.", "Case to go to legal gateway.")
        + opt(c, "partner", " [[sw:Worker]] to complete checks on [[partner.full]].", 0.5))


def school_meeting(c, i):
    if not i.get("school") or not c.has("teacher"):
        return None
    return "Meeting", "School attendance meeting", (
        f"Attendance meeting at {i['school']}. Present: [[mum.full]], [[teacher.tfull]] ([[teacher.role0]]), [[sw:SW]].\n"
        f"{ch(c, i)}'s attendance is {c.rng.randint(55, 88)}%. Reasons given by [[mum.given]]: {R(c, 'headaches', 'bullying', 'no uniform', 'looking after mum')}.")


# --- held-out-only habits ----------------------------------------------------

def pasted_email(c, i):
    """A forwarded email pasted into a case note, headers and signature included."""
    sender = R(c, *[k for k in ("dsl", "yw", "housing", "camhs", "hv") if k in c.cast] or ["tm"])
    return "Email", "Email pasted", (
        f"-----Original Message-----\nFrom: [[{sender}.full]]\nSent: {wd(i)} {dmy(i['date'])} 14:02\nTo: [[sw.full]]\n"
        f"Subject: RE: {c.p('child').given}\n\nHi,\n\nJust to let you know {ch(c, i)} "
        + R(c, "was not in today and mum has not called in.", "was upset this morning and spoke to me about home.",
            "has been seen with an older lad at the gates again.")
        + f"\n\nKind regards\n[[{sender}.given]]\n")


def peer_map(c, i):
    """MACE peer mapping written with initials, as exploitation teams do."""
    if not c.has("mate") or i["age"] < 11:
        return None
    body = (f"MACE peer mapping for {ch(c, i)}.\n"
            f"Associates: [[mate.initials]] (aka '[[mate.alias]]', 19) - drives; "
            + opt(c, "friend", "[[friend.initials]] (peer, same school); ")
            + opt(c, "mate2", "[[mate2.initials]] (linked to [[mate.initials]]); ")
            + f"\nLocations: {place(c, i, 'takeaway')}, {place(c, i, 'bus')}, {place(c, i, 'park')}.")
    return "MACE", "Peer mapping", body


SCENES = [
    (home_visit, 6), (phone_call, 5), (school_referral, 1), (strategy, 1), (police_notification, 1),
    (supervision, 1), (direct_work, 2), (reflective, 1), (conference, 1), (missing, 1), (health, 1),
    (housing, 1), (extended_family, 2), (youth_worker, 1), (camhs, 1), (text_message, 1),
    (lac_visit, 3), (leaving_care, 3), (contact, 1), (no_reply, 1), (oversight, 1), (school_meeting, 1),
]
HELDOUT_ONLY = [(pasted_email, 2), (peer_map, 2)]
ARC_BOOST = {
    "dv": {police_notification: 3, strategy: 1}, "cse": {missing: 3, direct_work: 2, strategy: 1, youth_worker: 2},
    "cce": {missing: 3, direct_work: 2, strategy: 1, youth_worker: 2}, "neglect": {health: 2, housing: 1, no_reply: 2},
    "under5": {health: 3}, "housing": {housing: 3}, "school": {school_meeting: 3, phone_call: 2},
    "mh": {health: 2, camhs: 2}, "missing": {missing: 3}, "sub": {health: 1, no_reply: 1},
    "peer": {peer_map: 2},
}
