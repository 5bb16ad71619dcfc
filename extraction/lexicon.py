"""How case notes name the people around a child: role words, abbreviations and titles.

Everything here is plain data (see docs/glossary.md). The rule components in
:mod:`extraction.components` turn it into spaCy SpanRuler patterns; the evaluation uses it to
decide which truth spans are role-only references (label ``ROLE``) and which name someone
(label ``PERSON``).

Canonical roles are the strings the synthetic truth uses (``mother``, ``maternal
grandmother``, ``mother's partner``, ``health visitor``, ...); where notes leave the side of
the family unstated (``nan``, ``aunt``) the canonical role is the unsided one
(``grandmother``, ``aunt``).
"""

from __future__ import annotations

import re

# the shared vocabulary (role words, abbreviations, titles, name prefixes) lives in the base
# layer, where linkage and ranking read it too; the extractor keeps its names
from kinscope.vocabulary import (  # noqa: F401
    ABBREVIATIONS,
    KIN_ROLE_BASES,
    NAME_PREFIXES,
    PRO_PREFIXES,
    ROLE_PHRASES,
    TITLE_GENDER,
    TITLES,
    normalise_relationship,
)

# lower-case forms that are safe to read as roles ("mgm", "hv"); "ma", "pa", "bf" (= boyfriend)
# and similar collide with ordinary words
LOWER_OK = {"mgm", "mgf", "pgm", "pgf", "hv", "sw", "iro", "fsw", "dsl", "fc", "csw", "ssw",
            "ehw", "idva", "camhs", "yp"}
LOWER_SPECIAL = {"bf": "boyfriend", "gf": "girlfriend"}

# abbreviations that stand for a team/service rather than a person when alone
# capitals that are never a person's initials in case notes ("VM left", "DV incident", "CP plan")
NOT_INITIALS = {
    "VM", "TC", "DV", "DA", "CP", "CIN", "LAC", "CLA", "CSC", "ASB", "NFA", "PLO", "ICPC", "RCPC", "CSE",
    "CCE", "NRM", "MASH", "EHCP", "SEN", "SEND", "ADHD", "ASD", "PTSD", "NHS", "ED", "AE", "DNA", "DNS",
    "UTC", "NK", "TBC", "ETA", "ID", "OK", "UK", "EU", "TV", "PE", "IT", "RE", "RTA", "GBH", "ABH", "DWP",
    "UC", "PIP", "FGC", "LA", "CPS", "MARAC", "MAPPA", "DASH", "BAME",
}
SERVICE_ABBREVIATIONS = {"CAMHS", "YOT", "YJS", "LADO"}
NOT_INITIALS |= SERVICE_ABBREVIATIONS

# ---- PA: personal advisor or paternal aunt? ----------------------------------------------
_LEAVER_CUES = re.compile(
    r"care leaver|leaving care|pathway plan|staying put|\b18\+|semi[- ]independent|"
    r"independent living|supported (?:lodgings|accommodation)|\buniversity\b|\bapprenticeship\b|"
    r"\btenancy\b|\buniversal credit\b|\bPA (?:visit|review|meeting)|local offer",
    re.IGNORECASE,
)
_FAMILY_CUES = re.compile(
    r"paternal|dad'?s (?:side|family|sister)|father'?s (?:side|family|sister)|\baunt|"
    r"\bPGM\b|\bPGF\b|\bPU\b|family (?:network|members)|FGC",
    re.IGNORECASE,
)


def resolve_pa(text: str, start: int, end: int) -> tuple[str, float]:
    """"PA" -> ("personal advisor" | "paternal aunt", confidence), decided by cue words.

    Care-leaver language anywhere in the note makes it the Personal Advisor (the glossary:
    PA is the advisor in care-leaver work); paternal-family language near the mention with no
    leaver cue makes it the paternal aunt; otherwise the advisor (the common reading), with
    lower confidence.
    """
    if _LEAVER_CUES.search(text):
        return "personal advisor", 0.9
    window = text[max(0, start - 120): end + 120]
    if _FAMILY_CUES.search(window):
        return "paternal aunt", 0.7
    return "personal advisor", 0.65


# ---- first names that are also ordinary words: not read as names without a title/prefix --
AMBIGUOUS_NAMES = {
    "will", "may", "june", "april", "august", "mark", "bill", "sue", "hope",
    "grace", "rose", "joy", "faith", "summer", "autumn", "winter", "spring", "dawn", "art",
    "ray", "rich", "pat", "nick", "don", "sam", "jack", "guy", "ben", "amber", "ruby", "jade",
    "crystal", "brandy", "holly", "ivy", "iris", "lily", "daisy", "heather", "violet",
    "rob", "bob", "drew", "carol", "chase", "case", "sunny", "gay", "frank", "miles", "earl",
    "dean", "bishop", "baker", "cook", "page", "major", "king", "young", "long", "rusty",
    "penny", "sandy", "misty", "faye", "lee", "kay", "jean", "gene", "val", "max", "dot",
}
# ---- given names the name lists (nicknames, Faker's locales) lack --------------------------
# Welsh: a council in Wales writes them on every page ("Jac Thomas", "Nerys", "Ffion")
OTHER_GIVEN_NAMES = frozenset({
    "aled", "alun", "aneurin", "angharad", "arwel", "bethan", "branwen", "bronwen", "bryn", "cai",
    "carwyn", "caryl", "carys", "catrin", "ceri", "cerys", "dafydd", "delyth", "dewi", "eirian",
    "eleri", "elin", "elis", "emrys", "eurig", "ffion", "geraint", "gethin", "gruffudd", "gruffydd",
    "gwenllian", "gwilym", "hywel", "ieuan", "ifan", "iolo", "iwan", "jac", "llinos", "llion",
    "lowri", "macsen", "meirion", "meleri", "nerys", "owain", "osian", "rhian", "rhodri", "rhun",
    "rhydian", "rhys", "seren", "sian", "siân", "sioned", "steffan", "tegan", "tomos", "trefor",
    "tudur", "ynyr",
})
# ---- words that never are a name even when capitalised -----------------------------------
NOT_NAMES = {
    "sunday", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "january", "february", "march", "july", "september",
    "october", "november", "december", "christmas", "easter",
    "lane", "park", "court", "hall", "house",
    "street", "road", "close", "green", "brook", "mill", "church", "school", "college", "police",
    "health", "social", "care", "team", "plan", "review", "visit", "note", "notes", "the",
    "and", "to", "in", "on", "at", "for", "with", "from", "by", "of", "a", "an", "is", "was",
    "he", "she", "they", "his", "her", "their", "it", "we", "i", "me", "my", "our", "you",
    "mum", "dad", "nan", "gran", "present", "home", "seen", "spoke", "call", "discussed",
    "agreed", "actions", "action", "purpose", "type", "date", "subject", "sent", "re",
    "fw", "dear", "hi", "hello", "morning", "afternoon", "thanks", "regards", "kind", "best",
    "email", "tel", "phone", "mobile", "dob", "address", "postcode", "unannounced", "announced",
    "strategy", "referral", "contact", "children", "child", "services", "council", "family",
    "person", "people", "worker", "officer", "yes", "no", "not", "none", "n/a",
    "primary", "academy", "surgery", "centre", "station",
    # name suffixes written apart ("Mrs Kardamov (Snr)"): part of no name on their own
    "snr", "jnr", "sr", "jr",
    # Latin of judgments ("inter alia") and counsel's rank written with stops ("Scott, Q.C.")
    "alia", "q.c.", "k.c.",
}

ROLE_LABEL = "ROLE"
PERSON_LABEL = "PERSON"

_DOTS = re.compile(r"[.\s]")


def normalise_role_text(text: str) -> str:
    """'the HV' -> 'hv', 'M.G.M.' -> 'mgm', "Mum's  Partner" -> "mum's partner"."""
    t = " ".join(text.replace("\u2019", "'").split()).strip(" ,;:()[]\"")
    low = t.lower()
    for art in ("the ", "her ", "his ", "their ", "my ", "a ", "an ", "our ", "your "):
        if low.startswith(art):
            t, low = t[len(art):], low[len(art):]
            break
    compact = _DOTS.sub("", t)
    if compact and len(compact) <= 5 and (compact.isupper() or compact.replace("s", "").isupper()):
        return compact.lower()
    return low


def role_of_text(text: str) -> str | None:
    """Canonical role if `text` is a role-only reference (no name in it), else None."""
    t = " ".join(text.replace("\u2019", "'").split()).strip(" ,;:()[]\"")
    low = normalise_role_text(t)
    if low in ROLE_PHRASES:
        return ROLE_PHRASES[low]
    compact = _DOTS.sub("", t)
    for art in ("the", "The", "her", "his", "their"):
        if compact.startswith(art) and compact[len(art):] in ABBREVIATIONS:
            compact = compact[len(art):]
    if compact in ABBREVIATIONS:
        return ABBREVIATIONS[compact]
    if compact.lower() in LOWER_OK:
        return ABBREVIATIONS.get(compact.upper())
    if compact in LOWER_SPECIAL:
        return LOWER_SPECIAL[compact]
    # "school DSL", "CAMHS worker", "supervising SW"
    words = low.split()
    if len(words) >= 2 and all(w in ROLE_PHRASES or w.upper() in ABBREVIATIONS or w in _ROLE_MODIFIERS
                               for w in words):
        return ROLE_PHRASES.get(words[-1]) or ABBREVIATIONS.get(words[-1].upper())
    return None


_ROLE_MODIFIERS = {"new", "ex", "ex-", "former", "current", "older", "younger", "big", "little",
                   "allocated", "birth", "school", "maternal", "paternal", "step", "half",
                   "foster", "supervising", "fostering", "duty", "previous", "named"}


# ---- people, groups and places in prose (reviews, judgments, case studies) ---------------
# The rule component ``kinscope_phrases`` (extraction.components) reads these; each concept has
# one list here.

# role nouns that are a person only with a determiner or possessor in front ("a boy", "the
# man", "her daughter", "the paramedics"); the singular -> canonical role
PERSON_NOUNS: dict[str, str] = {
    "man": "person", "woman": "person", "male": "person", "female": "person", "boy": "child",
    "girl": "child", "lad": "person", "baby": "child", "infant": "child", "child": "child",
    "toddler": "child", "teenager": "child", "adolescent": "child", "young person": "child",
    "youth": "child", "daughter": "daughter", "son": "son", "stepson": "son", "stepdaughter": "daughter",
    "husband": "partner", "wife": "partner", "ex-partner": "partner", "ex-husband": "partner",
    "ex-wife": "partner", "ex-boyfriend": "partner", "ex-girlfriend": "partner", "fella": "partner",
    "fiancé": "partner", "fiance": "partner", "fiancée": "partner", "twin": "sibling",
    "niece": "cousin", "nephew": "cousin", "relative": "relative", "landlord": "landlord",
    "landlady": "landlord", "lodger": "lodger", "caller": "person", "suspect": "person",
    "victim": "person", "perpetrator": "person", "driver": "person", "owner": "person",
    "homeowner": "person", "childminder": "childminder", "coach": "coach", "interpreter": "interpreter",
    "paramedic": "paramedic", "firefighter": "firefighter", "nurse": "nurse", "doctor": "doctor",
    "consultant": "doctor", "psychiatrist": "doctor", "psychologist": "psychologist",
    "counsellor": "counsellor", "mentor": "mentor", "learning mentor": "mentor", "key worker": "key worker",
    "probation officer": "probation officer", "practitioner": "practitioner", "assessor": "assessor",
    "guardian": "guardian", "cafcass officer": "guardian", "counsel": "counsel",
    "barrister": "counsel", "advocate": "counsel", "chair": "chair", "ta": "teaching assistant",
    "teaching assistant": "teaching assistant", "dinner lady": "school staff", "crew": "paramedic",
    "ambulance crew": "paramedic", "worker": "worker", "manager": "manager", "receptionist": "receptionist", "tenant": "tenant",
    # parties and professionals of court and health papers ("the First Respondent", "the
    # emergency room physician", "her caseworker")
    # (not "applicant": in family courts that is the local authority; not "judge": the author)
    "respondent": "respondent", "intervenor": "intervenor",
    # Scottish parties ("the pursuer", "the first appellant", "the defender and respondent")
    "pursuer": "respondent", "defender": "respondent", "appellant": "respondent", "reclaimer": "respondent",
    "intervener": "intervenor", "physician": "doctor", "surgeon": "doctor", "caseworker": "social worker",
    "case worker": "social worker", "team leader": "manager", "classmate": "friend",
    "daughter-in-law": "relative", "son-in-law": "relative", "mother-in-law": "relative",
    "father-in-law": "relative", "sister-in-law": "relative", "brother-in-law": "relative",
    "grandson": "grandchild", "granddaughter": "grandchild", "grandchild": "grandchild",
    "colleague": "colleague", "liaison officer": "professional", "family liaison officer": "professional", "passenger": "person", "front passenger": "person", "supervisor": "supervisor",
    "contact supervisor": "supervisor", "therapist": "therapist", "occupational therapist": "therapist",
    "cook": "school staff", "grown-up": "person",
    # school and family-support staff named by their job ("the school inclusion officer", "a
    # home visitor" of a family support service)
    "inclusion officer": "school staff", "attendance officer": "school staff",
    "home visitor": "family support worker", "visitor": "person",
    # a school's safeguarding contact (GIRFEC's "named person" in Scotland); a commissioner met
    "named person": "school staff", "commissioner": "professional",
    # youth-justice and school words of case studies ("a young offender", "the head of the sixth
    # form", "the assigned EWO", "his case manager")
    "young offender": "child", "offender": "person", "case manager": "youth justice worker",
    "head of the sixth form": "school staff", "head of sixth form": "school staff",
    "deputy head": "school staff", "assistant head": "school staff", "ewo": "education welfare officer",
    "education welfare officer": "education welfare officer", "nanny": "childminder",
    "student": "child", "pupil": "child", "tutor": "teacher", "personal tutor": "teacher",
    # step-kin of the grandparents' generation ("her paternal step-grandfather")
    "step-grandfather": "grandfather", "stepgrandfather": "grandfather", "step grandfather": "grandfather",
    "step-grandmother": "grandmother", "stepgrandmother": "grandmother", "step grandmother": "grandmother",
    "step-grandparent": "grandparent", "great-great-grandmother": "grandmother",
    "great-great-grandfather": "grandfather",
    }
# plural heads of a group of people ("the children", "her school friends", "both parents",
# "a group of older boys"); professionals in the plural are ROLE (guidelines), see
# PROFESSIONAL_PLURALS
GROUP_NOUNS = {
    "children", "kids", "boys", "girls", "lads", "men", "women", "males", "females", "siblings",
    "sibs", "parents", "grandparents", "twins", "family", "families", "friends", "mates",
    "sisters", "brothers", "cousins", "half-siblings", "step-siblings", "young people", "youths",
    "teenagers", "babies", "infants", "neighbours", "owners", "teachers", "carers", "foster carers",
    "adults", "associates", "peers", "members", "partners", "daughters", "sons", "relatives",
    "gang", "gangs", "household", "group", "ones", "little ones", "grandchildren", "uncles",
    "aunts", "aunties", "fathers", "mothers", "couple", "great-grandparents", "great grandparents",
    "caregivers", "care givers", "respondents", "intervenors", "interveners", "stepchildren",
    # a side of a case in judgments ("the petitioners"; "the parties": extraction.phrases)
    "petitioners", "appellants", "pursuers", "defenders", "reclaimers",
    "step-children", "grandsons", "granddaughters", "nephews", "nieces", "grown-ups",
    # the ones who harmed, and were harmed by, the same people ("a number of perpetrators")
    "perpetrators", "offenders", "abusers", "suspects", "victims",
}
PROFESSIONAL_PLURALS = {
    "paramedics", "officers", "police officers", "firefighters", "doctors", "nurses",
    "social workers", "practitioners", "staff", "crews", "caseworkers", "case workers",
    "physicians", "health professionals", "medical professionals", "health visitors", "midwives",
    "foster carers", "foster parents", "kinship carers", "ambulance crew", "members of the public",
    "supervisors", "midday supervisors", "therapists", "emergency services",
    "member of the public",
    # the ones a family saw, in the plural ("several private sleep specialists", "2 different
    # agency HVs", "the help of colleagues", "case managers")
    "specialists", "consultants", "nannies", "hvs", "colleagues", "case managers", "youth workers",
    "support workers", "key workers", "teaching assistants", "psychologists", "psychiatrists",
    "counsellors", "paediatricians", "clinicians", "mentors", "childminders", "tutors",
}
# "police" is ROLE when the officers act ("Police attended", "before police arrived"), not the
# agency ("reported to police", "a police notification"): these words after it mark the act
POLICE_ACTS = {
    "attended", "arrived", "arrive", "called", "found", "visited", "said", "took", "returned",
    "spoke", "went", "came", "removed", "stopped", "recovered", "arrested", "searched", "seized",
    "responded", "were", "was", "had", "have", "then", "also", "located", "traced", "transported",
    "conveyed", "detained", "interviewed", "forced", "broke", "gained", "entered", "observed",
    # the acts of reviews' summaries ("police initiated protection", "police referred the family")
    "initiated", "placed", "investigated", "referred", "made", "carried", "undertook", "issued",
    "identified", "recorded", "shared", "completed", "raised", "notified", "charged", "exercised",
    "used", "submitted", "attempted", "tried", "believed", "suspected", "discovered",
}
# words that may stand between the determiner and the head: not function words or verbs
NOT_MODIFIERS = {
    "of", "and", "or", "to", "in", "on", "at", "for", "with", "from", "by", "is", "was", "were",
    "are", "be", "been", "had", "has", "have", "that", "which", "who", "not", "no", "as", "but",
    "if", "when", "than", "then", "so", "it", "this", "these", "those", "there", "their", "her",
    "his", "the", "a", "an", "said", "told", "says", "did", "does", "do", "would", "could",
    "should", "will", "can", "may", "might", "must", "any", "each", "every", "attend", "attends",
    "attending", "go", "goes", "going", "live", "living", "stay", "get", "gets", "make", "makes",
}
DETERMINERS = {"the", "a", "an", "her", "his", "their", "its", "my", "our", "your", "this", "that",
               "one", "another", "both", "all", "two", "three", "four", "five", "six", "seven",
               "eight", "nine", "ten", "several", "some", "other", "these", "those", "each", "either",
               "neither", "many", "multiple", "various"}
# labels used for anonymised people in reviews and minutes: "Child M", "Adult B", "Male 2",
# "Sibling 1", "Young person 2", "Baby Z", "Half Sibling 2"
LABELLED_PERSON_HEADS = ("Child", "Adult", "Male", "Female", "Sibling", "Half Sibling", "Half-Sibling",
                         "Baby", "Young person", "Young Person", "Person", "Mother", "Father", "Parent",
                         "Subject", "Victim", "Suspect", "Witness", "Boy", "Girl", "Man", "Woman",
                         "Child Y", "Professional", "Practitioner", "Family", "YP", "Student", "Pupil")
LABELLED_GROUP_HEADS = ("Children", "Adults", "Males", "Females", "Siblings", "Babies", "Young people")

# places in a child's life, by type: head noun -> type ("the flat", "her school", "an alternative
# provision", "a psychiatric ward", "nail bars"); a head takes a determiner, possessor or
# preposition in front, or stands in BARE_PLACES
PLACE_HEADS: dict[str, str] = {}


def _place(kind: str, *heads: str) -> None:
    for h in heads:
        PLACE_HEADS[h] = kind


_place("home", "home", "flat", "house", "property", "address", "bungalow", "maisonette", "caravan",
       "tenancy", "accommodation", "bedroom", "room", "kitchen", "lounge", "living room", "hallway",
       "landing", "garden", "bathroom", "loft", "box room", "spare room", "cupboard", "stairs",
       "placement", "children's home", "residential home", "hostel", "refuge", "halls", "student halls",
       "shared house", "bedsit", "supported lodgings", "foster home", "family home", "matrimonial home",
       "day room", "semi", "terrace", "cell", "foyer", "supported accommodation",
       "temporary accommodation", "emergency accommodation", "supported housing")
_place("education", "school", "schools", "nursery", "college", "academy", "pru", "alternative provision",
       "provision", "boarding school", "primary school", "secondary school", "high school",
       "sixth form", "university", "pastoral room", "classroom", "playground", "gates", "school gates")
_place("health", "hospital", "ward", "unit", "a&e", "ed", "clinic", "surgery", "gp surgery",
       "gp practice", "practice", "psychiatric ward", "psychiatric unit", "psychiatric hospital",
       "mother and baby unit", "baby clinic", "health centre", "walk-in centre", "maternity unit")
_place("custody", "custody", "police station", "prison", "cells", "young offender institution",
       "secure unit", "secure children's home", "jail", "young offenders institution")
_place("public", "park", "skate park", "youth club", "club", "station", "bus station", "train station",
       "interchange", "shop", "shops", "takeaway", "chicken shop", "nail bar", "nail bars", "salon",
       "hair salon", "barbers", "car wash", "garage", "petrol station", "library", "church", "mosque",
       "temple", "gurdwara", "town centre", "city centre", "town", "estate", "street", "road", "lane",
       "retail park", "shopping centre", "precinct", "market", "arcade", "hotel", "airport", "car",
       "vehicle", "bus", "taxi", "minibus", "underpass", "alley", "field", "woods", "canal", "beach", "pub", "bar",
       "contact centre", "leisure centre", "gym", "cafe", "café", "borough", "site",
       "traveller site", "distribution centre", "workplace")
# places written without a determiner ("at home", "in custody", "to A&E", "went to school")
BARE_PLACES = {"home", "school", "nursery", "college", "custody", "prison", "hospital", "a&e",
               "court", "church", "mosque", "town", "university", "refuge", "hostel", "ed", "jail",
               "alternative provision", "supported accommodation", "temporary accommodation"}
# heads that need a determiner/possessor/preposition AND must not be read as a place in these
# compounds ("home visit", "school report")
PLACE_NOT_BEFORE = {"visit", "visits", "life", "conditions", "environment", "report", "reports",
                    "attendance", "records", "staff", "nurse", "holidays", "holiday", "run", "age",
                    "transition", "transport", "work", "office", "officer", "manager", "worker",
                    "care", "support", "team", "hours", "friends", "friend", "plan", "meeting",
                    "assessment", "move", "address", "bound", "time", "day", "days", "trip", "uniform",
                    "inclusion", "visitor", "visitors", "issues", "mentor", "activities", "activity",
                    "needs", "chores",
                    # reviews' compounds: "school absence", "a school roll", "home educated",
                    # "the home situation"
                    "absence", "absences", "roll", "educated", "education", "situation", "refusal",
                    "avoidance", "exclusion", "exclusions"}
PLACE_PREPOSITIONS = {"in", "at", "to", "from", "into", "near", "outside", "inside", "around",
                      "towards", "behind", "within"}

# terse-note verbs written in front of a name ("Saw Jo", "Reports Jo Bloggs"): never part of it
NOTE_VERBS = {
    "saw", "seen", "see", "reports", "reported", "report", "discussed", "discuss", "spoke", "speak",
    "called", "call", "rang", "ring", "visited", "visit", "met", "meet", "told", "tell", "asked",
    "ask", "advised", "advise", "informed", "inform", "contacted", "contact", "texted", "text",
    "emailed", "email", "messaged", "phoned", "phone", "says", "said", "states", "stated", "confirms",
    "confirmed", "attended", "attends", "noted", "note", "checked", "collected", "dropped", "took",
    "updated", "update", "agreed", "explained", "disclosed", "discloses", "denies", "denied", "left",
    "arrived", "present", "absent", "thanked", "reminded", "supported", "observed", "shared",
    "queried", "query", "chased", "chase", "think", "thinks", "per", "via", "cc", "fao", "re",
    "asks", "tells", "sees", "meets", "calls", "visits", "feels", "felt", "wants", "wanted",
}
# more words that never are a name (headings, abbreviations, legal and meeting words: the "not a
# person" filter reads NOT_NAMES and NOTE_VERBS)
NOT_NAMES |= {
    "yp", "dv", "sw", "cp", "cin", "cla", "lac", "pr", "cse", "cce", "mace", "icpc", "rcpc", "lado",
    "mash", "fgc", "ehcp", "sen", "send", "adhd", "asd", "nfa", "tac", "pep", "gcp2", "cao", "sgo",
    "fii", "scr", "cspr", "lcspr", "dhr", "imr", "ehm", "s47", "s20", "dob", "nhs", "nb", "n.b.",
    "summary", "background", "chronology", "introduction", "conclusion", "recommendations",
    "learning", "outcome", "outcomes", "analysis", "findings", "actions", "update", "concerns",
    "risk", "risks", "plan", "minutes", "attendees", "apologies", "agenda", "case", "history",
    "dilemma", "field", "location", "clients", "practitioner", "keywords", "model", "contents",
    "today", "yesterday", "tomorrow", "tonight", "morning", "evening", "afternoon", "night",
    "dread", "nobody", "everyone", "someone", "anyone", "police", "court", "council", "judgment",
    "respondent", "applicant", "representation", "hearing", "order", "orders", "section", "part",
    "page", "appendix", "annex", "figure", "table", "crown", "copyright", "approved", "html",
    "version", "transcript", "between", "before", "mr", "mrs", "ms", "miss", "dr", "ok", "okay",
    "yes", "no", "not", "also", "then", "later", "after", "during", "following", "further",
    "safeguarding", "exploitation", "neglect", "abuse", "harm", "assessment", "discussion",
    "conference", "meeting", "letter", "csc", "cafcass", "ofsted", "life",
    "scp", "lscb", "lscp", "scb", "sab", "cpc", "one", "none", "duty", "hub", "foyer", "north", "south",
    "east", "west", "northern", "southern", "eastern", "western", "jail",
    # parties of Scottish and other court papers, capitalised at a line's start ("Petitioners for ...")
    "petitioner", "petitioners", "respondents", "appellant", "appellants", "pursuer", "defender", "reclaimer",
}
# words of NOT_NAMES that are real surnames after a title ("Ms Green", "Mr Hall", "Mrs Church")
SURNAME_WORDS = {"lane", "park", "court", "hall", "house", "green", "brook", "mill", "church", "close",
                 "north", "south", "east", "west",
                 "street", "home", "kind", "best", "strategy", "field", "case", "page", "model", "crown"}
# verbs that follow a name in notes and prose ("Femi said", "Kwame rang", "Omar shared"): a
# capitalised word before one is read as a name by the rules-only name guesser
NAME_VERBS = {
    "said", "says", "told", "tells", "reported", "reports", "stated", "states", "disclosed",
    "discloses", "denies", "denied", "agrees", "agreed", "has", "had", "is", "was", "attends",
    "attended", "lives", "lived", "went", "goes", "uses", "used", "points", "returned", "suffered",
    "sat", "slept", "ate", "asked", "wanted", "wants", "felt", "feels", "became", "started", "moved",
    "settled", "spends", "spent", "did", "does", "would", "could", "will", "can", "refused", "rang",
    "shared", "texted", "called", "arrived", "left", "came", "explained", "admitted", "confirmed",
    "described", "drew", "cried", "smiled", "laughed", "ran", "walked", "missed", "stays", "stayed",
    "sees", "saw", "likes", "liked", "loves", "loved", "works", "worked", "picks", "picked",
}
# endings of capitalised words that are seldom names ("Attendance", "Housing", "Assessment");
# a first name in the gazetteer ("Florence") is still a name
NOT_NAME_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ance", "ity", "ship", "ism", "ology",
                     "ists", "ings", "ments", "ions")

