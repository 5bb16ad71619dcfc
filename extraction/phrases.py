"""People, groups and places as prose writes them: the ``kinscope_phrases_v1`` factory (spaCy
allows no "." in factory names, so the version is "_v1"; the pipe is named ``kinscope_phrases``).

Reviews, judgments and case studies name the people around a child by description far more
often than by name, and the places by common noun. This component adds rule spans to
``doc.spans["kinscope_rules"]`` (read by the linker, like the other rule components):

==================  =====================================================================
rule                finds
==================  =====================================================================
``labelled``        PERSON "Child M", "Adult B", "Male 2", "Sibling 1", "Young person 2"
``labelled_group``  GROUP "Males A and B", "Children F, G and H", "Family U"
``det_role``        ROLE "a boy", "the man", "her daughter", "a 16-year-old girl", "the
                    second eldest child", "his football coach" (a determiner or possessor,
                    up to three modifiers, a head from ``lexicon.PERSON_NOUNS``)
``pro_plural``      ROLE "the paramedics", "two police officers", "Officers"
``group``           GROUP "the children", "both parents", "her school friends", "a group of
                    older boys", "older step-siblings"
``place``           SETTING "the flat", "her school", "an alternative provision", "a
                    psychiatric ward", "nail bars", "at home", "in custody" (type from
                    ``lexicon.PLACE_HEADS``): a common-noun place of this child's life,
                    never merged with another child's "the flat" into one shared place
``place_named``     PLACE "the Moorside estate", "Kelderby bus station"
``place_town``      PLACE "in Stanley", "moved to Manchester", "from Lagos" (a capitalised
                    word after a place preposition that is no known first name)
``guessed_name``    PERSON (rules-only pipelines) a capitalised word used like a name: before
                    "'s", an age "(3)" / ", 13", a reporting verb, or after "named"/"called"
==================  =====================================================================

Every vocabulary is in :mod:`extraction.lexicon`; span ids are ``"<rule>|<role or place type>"``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extraction import lexicon
from extraction.caps_names import caps_names_with_age, caps_party_names
from extraction.name_model import unlikely_name
from extraction.patterns import _NOT_ORG_START, _STREET

RULES_KEY = "kinscope_rules"


def _alt(words) -> str:
    """A regex alternation, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


_APOS = "['\u2019]"
# nouns after a person or group head that make it a modifier: "a child protection plan", "a family
# friend", "sibling contact", "a perpetrator programme", "the Junction youth centre"
_COMPOUND_AFTER = (r"(?:protection|arrangements|in\s+need|tracing|programme|programmes|assessment|assessments|"
                   r"contact|support|club|group|plan|plans|centre|center|benefit|abuse|development|health|"
                   r"services?|friend|friends|worker|workers|justice|offending|court|proceedings|team|unit|"
                   r"network|home|homes|hub|liaison|nurse|officer|policy|law|chores|activities|income|institutions?|work)\b")
# after a possessive only these make the possessor a modifier ("the children's services", "a
# family's support worker"): "her mum's health", "mum's friend" still name mum
_POSS_COMPOUND_AFTER = (r"(?:services?|homes?|centre|center|court|team|unit|hub|network|programme|protection|club|"
                        r"group|support\s+worker|social\s+worker|liaison)\b")
_NOT_COMPOUND = r"(?!\s+" + _COMPOUND_AFTER + r")(?!['\u2019]s?\s+" + _POSS_COMPOUND_AFTER + r")"
# kin and party words after which "of X" / "is X" names a letter-labelled person
_KIN_OF = ("mother|father|parent|sibling|brother|sister|grandmother|grandfather|grandparent|aunt|uncle|"
           "cousin|carer|guardian|partner|son|daughter|child")
_LOW = r"[a-z\u00DF-\u00FF\u0101-\u017F]"
_CAP = r"[A-Z\u00C0-\u00DE]" + _LOW + r"+(?:-[A-Z\u00C0-\u00DE]" + _LOW + r"+)?"
_POSSESSOR = (r"(?:(?:" + _alt(lexicon.LABELLED_PERSON_HEADS) + r")\s+[A-Z]\d?|" + _CAP + r"|"
              + _alt(r for r in lexicon.ROLE_PHRASES if " " not in r and "'" not in r) + r")" + _APOS + r"s")
# a modifier between determiner and head: a lower-case word, not a function word and not a
# possessive ("her mum's house": "mum" is its own ROLE, the place starts at "house")
_MOD = (r"(?:(?!(?:" + _alt(lexicon.NOT_MODIFIERS | lexicon.NAME_VERBS | lexicon.NOTE_VERBS | lexicon.GROUP_NOUNS
                          | {w for w in lexicon.PERSON_NOUNS if " " not in w} - {"baby", "child", "youth"})
        + r")\b)"
        r"(?:[a-z][a-z-]*|\d+(?:-(?:[a-z]+|\d+))*-[a-z]+|\d{1,2}(?:st|nd|rd|th)|[A-Z][a-z]*-[a-z]+))")
# bare professional plurals that are practice in general, not the ones who acted
_GENERIC_BARE_PLURALS = {"practitioners", "therapists"}
# a place's modifiers may be people nouns ("a relatives house", "the baby clinic"), right
# before the head only ("their mother means school" is no place)
_MOD_PLACE = (r"(?:(?!(?:" + _alt(lexicon.NOT_MODIFIERS | lexicon.NAME_VERBS | lexicon.NOTE_VERBS) + r")\b)"
              r"(?!(?:" + _alt(w for w in lexicon.PERSON_NOUNS if " " not in w) + r"|mother|father|mum|dad|parent)s?\s+(?!(?:"
              + _alt(lexicon.PLACE_HEADS) + r")\b))"
              r"(?:[a-z][a-z-]*|\d+(?:-[a-z]+)+|[A-Z][a-z]+-[a-z]+))")


@lru_cache(maxsize=1)
def compiled() -> dict[str, re.Pattern]:
    # a determiner, a number, or right after a possessor ("Tia's daughter": the possessor is its
    # own mention, so the span starts after it)
    det = r"(?:(?:" + _alt(lexicon.DETERMINERS) + r"|\d{1,2})\s+|(?<=['\u2019]s\s))"
    role_heads = _alt(set(lexicon.PERSON_NOUNS) | {r for r in lexicon.ROLE_PHRASES if "'" not in r})
    group_heads = _alt(lexicon.GROUP_NOUNS)
    place_heads = _alt(lexicon.PLACE_HEADS)
    not_before = _alt(lexicon.PLACE_NOT_BEFORE | set(lexicon.PLACE_HEADS))
    label = r"(?:[A-Z]{1,2}\d{0,2}|\d{1,2})"
    return {
        "labelled": re.compile(r"(?<![\w-])(?:C?YP\d{1,2}|(?:" + _alt(lexicon.LABELLED_PERSON_HEADS) + r")\s+" + label
                               + r"|child\s+(?!I\b)[A-Z]\d{0,2}|(?:" + _alt({h.upper() for h in lexicon.LABELLED_PERSON_HEADS})
                               + r")\s+[A-Z]\d{0,2}(?=[-\u2013'\u2019\s,.:;)]|$)(?![ \t]+(?!(?:AND|OF|IN|ON|TO)\b)[A-Z]{2,}))"
                               + r"(?!\w|-\w)(?!\s+and\s+" + label + r"\b)(?!\s*,\s*" + label + r"\s*(?:,|and)\b)"),
        "labelled_group": re.compile(r"(?<![\w-])(?:" + _alt(lexicon.LABELLED_GROUP_HEADS) + r"|"
                                     + _alt(lexicon.LABELLED_PERSON_HEADS) + r")\s+" + label
                                     + r"(?:\s*,\s*" + label + r")*,?\s+and\s+" + label + r"\b"
                                     + r"|(?<![\w-])(?:Family|FAMILY)\s+[A-Z]\b"),
        "det_role": re.compile(r"(?<![\w-])" + det + r"(?:" + _MOD + r"\s+){0,3}?(?:" + role_heads + r")"
                               + r"(?:\s+of\s+(?:her|his|their|the|a|an|" + _POSSESSOR + r")\s+(?:" + _MOD
                               + r"\s+){0,2}?(?:" + role_heads + r"))?(?![\w-])" + _NOT_COMPOUND,
                               re.IGNORECASE),
        "bracketed_role": re.compile(r"(?<=\()(" + _alt(lexicon.PERSON_NOUNS) + r")(?=\s*[,)])", re.IGNORECASE),
        "pro_plural": re.compile(r"(?<![\w-])(?:" + det + r"(?:" + _MOD + r"\s+){0,2}?)?(?:"
                                 + _alt(lexicon.PROFESSIONAL_PLURALS) + r")(?![\w-])", re.IGNORECASE),
        "group": re.compile(r"(?<![\w-])(?:(?:a\s+group\s+of\s+|a\s+gang\s+of\s+|a\s+(?:small\s+|large\s+)?number\s+of\s+|" + det + r")(?:" + _MOD
                            + r"\s+){0,3}?|(?:older|younger|school|step|half|other|little|big|elder)\s+(?:"
                            + _MOD + r"\s+){0,2}?)(?:" + group_heads + r")(?![\w-])(?!" + _APOS
                            + r"s\s+(?:(?-i:[A-Z])|services|social|guardian|homes?\b|centre|charity|hospital|ward|unit"
                            r"|(?:[a-z]+\s+){1,2}(?:service|services|project|clinic)\b))(?!\s+(?:" + place_heads + r")\b)"
                            # "the family support" is a service, "the whole family's health" the family's
                            r"(?!\s+" + _COMPOUND_AFTER + ")(?!" + _APOS + r"s?\s+" + _POSS_COMPOUND_AFTER + ")"
                            # sided kin in the plural: "maternal grandparents"
                            r"|(?<![\w-])(?:maternal|paternal)\s+(?:grandparents|great[-\s]grandparents|aunts|uncles|cousins|family)\b"
                            # the sides of a case ("various parties involved" are anyone)
                            r"|(?<![\w-])the\s+parties\b(?!\s+(?:involved|concerned)\b)"
                            # a named or described lot: "the older lot", "the Lyndhurst lot"
                            r"|(?<![\w-])the\s+(?:older|younger|other|(?-i:[A-Z][a-z]+))\s+lot\b",
                            re.IGNORECASE),
        # a capitalised plural of kin or neighbours opening a sentence, acting: "Parents say", "Neighbours report"
        "group_subject": re.compile(r"(?<![\w-])(?:Parents|Neighbours|Grandparents|Siblings)(?=\s+(?:say|said|report|"
                                    r"reported|separate|separated|were|are|have|had|told|tell|state|stated|deny|"
                                    r"denied|agree|agreed|attend|attended|arrive|arrived|disclose|disclosed)\b)"),
        # the chair of a board or partnership, with its name: "the Independent Chair of the
        # Westshire Safeguarding Children Partnership" (one ROLE; the board inside it is no mention)
        "chair_of": re.compile(r"(?<![\w-])(?:(?:the|an?)\s+)?(?:(?:Independent|Deputy|Vice|Interim|Acting)[\s-]+)?"
                               r"(?:Chair|Chairman|Chairwoman|Chairperson|Chair\s+person)\s+of\s+(?:the\s+)?"
                               r"(?:[A-Z][\w'\u2019&-]*\s+(?:(?:and|&)\s+)?){1,7}?"
                               r"(?:Board|Boards|Partnership|Panel|Committee|Group)(?![\w-])"),
        # a reviewer or author named by a review, the job after the name: "Ann Bell, Independent
        # Reviewer and Overview Report Author" (not the review's own "the Independent Reviewer")
        "appositive_job": re.compile(r"(?<=[a-z]),[ \t]+((?:(?:Independent|Lead|Overview|Report|Chief|Senior|Safeguarding)[ \t]+)*"
                                     r"(?:Reviewer|Author)(?:[ \t]+and[ \t]+(?:[A-Z][a-z]+[ \t]+){0,3}(?:Reviewer|Author))?)(?![\w-])"),
        # "parents reported", "birth, parents initially refused": bare parents of this child acting
        # (not "parents should ...", "for parents to inform", "when parents refuse")
        "parents_acting": re.compile(r"(?<![\w-])(?<!of )(?<!for )(?<!to )(?<!many )(?<!some )(?<!most )(?<!all )"
                                     r"(?<!other )(?<!where )(?<!when )(?<!if )(?<!new )(?<!that )(?<!young )(?:parents|family|siblings)"
                                     r"(?=\s+(?:initially\s+|both\s+|later\s+|then\s+|subsequently\s+)?(?:reported|refused|declined|"
                                     r"told|said|agreed|denied|separated|disclosed|stated|pleaded|admitted|took|moved|"
                                     r"failed|missed|cancelled|explained|described|rang|were\s+(?:arrested|charged|"
                                     r"convicted|interviewed|seen|reluctant|unable|known))\b)"),
        # the child of a review named by the bare word at a sentence's start: "Child died ...",
        # "Child had a bruise ..." (not "Child M", "Child Protection", "Child in Need")
        "bare_child": re.compile(r"(?:(?<=^)|(?<=[.;:]\s)|(?<=\n))Child(?=\s+(?:died|had|was|suffered|sustained|"
                                 r"attended|lived|became|presented|remained|returned|disclosed|told|said)\b)", re.MULTILINE),
        # places anonymised by a number or a letter, as reviews write them: "Address 4",
        # "Hospital 1", "School B", "Nursery 2"
        "labelled_place": re.compile(r"(?<![\w-])(Address|Hospital|School|Nursery|Property|Placement|Surgery|"
                                     r"GP\s+Practice|College|Academy|Hostel|Refuge|Unit|Children['\u2019]s\s+Home|"
                                     r"Home)\s+(?:\d{1,2}|[A-Z])(?![\w&'\u2019-])"),
        # "an 18-year-old" with no noun after it is a person
        "aged_person": re.compile(r"(?<![\w-])(?:an?|the)\s+\d{1,2}-year-old(?![\w-])", re.IGNORECASE),
        # an age in apposition, no determiner: "D, 7-year-old boy, ..."
        "aged_apposition": re.compile(r"(?<=,\s)\d{1,2}-year-old\s+(boy|girl|child|son|daughter|baby|male|female)(?=\s*[,)])",
                                      re.IGNORECASE),
        # job titles: "Missing Coordinator", "CCE Coordinator", "Temporary Accommodation Officer",
        # "Exploitation Lead", "Head of Safeguarding"; in brackets after a name also "(chair)",
        # "(named doctor)", "(ASB officer, Kelderby Homes)", "(Looked After Children nurse)"
        "job_title": re.compile(r"(?<![\w-])(?:(?:the|our|my|a)\s+)?(?:[A-Z][A-Za-z&]*\s+){0,2}?"
                                r"(?:[A-Z][A-Za-z&]*\s+)(?:Co-?ordinator|Manager|Lead|Officer|Investigator|Consultant|Adviser|Advisor|"
                                r"Paediatrician)(?![\w-])(?!\s+(?:Co-?ordinator|Manager|Officer|Investigator|Consultant|"
                                r"Adviser|Advisor|Paediatrician)\b)"
                                r"|(?<![\w-])Head\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
                                r"|(?<=\()(?:[A-Za-z]+\s+){0,3}(?:chair|doctor|nurse|officer|coordinator|manager|lead|"
                                r"worker|therapist)(?=\s*[,;)])"
                                r"|(?<![\w-])(?:our|my|the)\s+practice\s+(?:safeguarding\s+lead|nurse|manager)"),
        # a person noun with no determiner before a name: "says husband Andriy", "Key worker Dean"
        "noun_before_name": re.compile(r"(?<![\w'\u2019-])(?:husband|wife|son|daughter|fianc[ée]e?|ex-partner|stepson|"
                                       r"stepdaughter|nephew|niece|colleague|lodger|landlord|landlady|key\s+worker)\s+"
                                       r"(?=[A-Z][a-z]+\b)", re.IGNORECASE),
        "place": re.compile(r"(?<![\w-])(?:" + det + r"(?:" + _MOD_PLACE + r"\s+){0,3}?)(?:" + place_heads
                            + r")(?![\w&-])(?!\s+(?:" + not_before + r"|" + role_heads + r")\b)", re.IGNORECASE),
        "place_bare": re.compile(r"(?<![\w-])(?:" + _alt(lexicon.PLACE_PREPOSITIONS)
                                 + r"|went|go|gone|going|come|came|coming|returned|return|back|got|get|"
                                 r"sent|taken|brought|walked|ran|run|not|visit|visited|left|leave|leaves|"
                                 r"leaving|stay|stayed|stays|staying|arrive|arrived|arrives|joined|joins|attend|attends|attended|attending)\s+(" + _alt(lexicon.BARE_PLACES)
                                 + r"|(?:" + _alt(lexicon.PLACE_HEADS) + r"))(?![\w&-])(?!\s+(?:"
                                 + not_before + r")\b)(?!(?<=address)\s+\d+[A-Za-z]?,?\s+[A-Z])", re.IGNORECASE),  # "to address 22 ..." is the ADDRESS's
        # "likes school", "school to share attendance": an education setting named by itself
        # (guidelines: a school is a place even when it acts); not "school friends/report/nurse"
        "school_bare": re.compile(r"(?<![\w'\u2019-])(school|nursery|college)(?![\w&'\u2019-])(?!\s+(?:"
                                  + not_before + r"|" + role_heads + r"|" + _alt(lexicon.GROUP_NOUNS) + r")\b)"),
        "place_named": re.compile(r"(?<![\w-])(?:the\s+)?(?!(?:The|A|An|Her|His|Their|This|That|Our|My)\s)(?:" + _CAP + r"\s+){1,2}(?i:" + _alt(h for h, kind in lexicon.PLACE_HEADS.items()
                                                                    if kind != "home" and " " not in h[:1])
                                  + r"|flats|General|High|YMCA|Ward \d+)(?![\w-])(?!\s+(?:" + not_before + r"|" + role_heads + r")\b)"
                                  r"|(?<![\w-])(?:HMP|HMYOI|YOI)\s+" + _CAP
                                  + r"|(?<![\w-])St\.?\s+" + _CAP + _APOS + r"s(?![\w-])"
                                  + r"|(?<![\w\d-])(?<!\d\s)" + _NOT_ORG_START + r"(?:" + _CAP + r"\s+){1,2}" + _STREET + r"(?![\w-])" + r"|(?<![\w-])(?:A&E|Ward\s+\d+|(?:the\s+)?(?:Accident\s+(?:and|&)\s+)?Emergency\s+Department)(?![\w-])"),
        "place_town": re.compile(r"(?<![\w-])(?:(?:live[sd]?|living|born|based|stay(?:s|ed|ing)?|is|was|were|"
                                 r"placed|housed|arrested|found|seen|work(?:s|ed)?|school|"
                                 r"originally|holiday)\s+(?:in|at|near|from)|in|near|between|moved\s+(?:to|from)|move\s+to|"
                                 r"went\s+to|go(?:ing)?\s+to|gone\s+to|travel(?:led|s)?\s+to|back\s+to|"
                                 r"trafficked\s+to|sent\s+to|returned\s+to|came\s+from|come\s+from|"
                                 r"missing\s+from|area\s+of|placing\s+\w+\s+in)\s+(" + _CAP
                                 + r"(?:\s+" + _CAP + r")?(?:,\s+" + _CAP + r")?)(?![\w'\u2019-])"),
        # after the town: the end of the phrase (a first name after "in" needs this: "in Martin
        # presenting" is no town, "an uncle in Salford was found" is)
        "town_end": re.compile(r"\s*[,.;:)\n'\u2019\u2018\"]|\s*$|\s+(?:and|with|on|for|to|at|where|when|until|"
                               r"since|before|after|last|next|this|each|every|then|while|because|but|or|in|"
                               r"from|area|town|city|centre|overnight|again|today|yesterday|was|were|is|are|"
                               r"who|had|has|known)\b"),
        "possessive_place": re.compile(
            r"(?<![\w-])(?:at|to|from|in|round|stay(?:s|ed|ing)?\s+at)\s+((?:(?:her|his|their|my|a|the|our)\s+)?"
            r"(?:[a-z]+|" + _CAP + r")" + _APOS + r"s)(?=\s*[,.;:)\n]|\s+(?:and|for|on|with|in|at|until|after|"
            r"before|because|when|overnight|last|this|again|every|most|since|but|where|then)\b)"),
        # a party named by letters in judgments and reviews: "(1) M", "MM ([born ...", "D, a boy,
        # now aged 7", "J uses", "F1"
        "letter_party": re.compile(r"(?<![\w.'\u2019&-])((?!I\b)[A-Z]{1,3}\d?)(?![\w&-])(?!['\u2019](?!s\s))(?="
                                   r"\s*\((?:\[?born|aged?\b|\d|[IVX]{1,3}\))"
                                   r"|\s*\((?:the\s+|a\s+)?(?:" + _alt(set(lexicon.ROLE_PHRASES) | set(lexicon.PERSON_NOUNS)) + r")\)|,\s+(?:(?i:a\s+(?:[a-z]+\s+){0,2}(?:boy|girl|child|male|female))|born|aged|now\s+aged)"
                                   # "SC who is now 13 years old"
                                   r"|,?\s+who\s+(?:is|was)\s+(?:now\s+)?(?:aged\s+)?\d"
                                   r"|" + _APOS + r"s\s+(?:" + _alt(set(lexicon.ROLE_PHRASES) | set(lexicon.PERSON_NOUNS)) + r")\b"
                                   r"|\s+(?:and|&)\s+(?!I\b)[A-Z]{1,3}\d?(?![\w'\u2019&-])"
                                   r"|\s+(?:" + _alt(lexicon.NAME_VERBS - {"can", "will", "would", "could", "did", "does"}) + r")\b)"
                                   r"|(?<=\(\d\)\s{4})([A-Z]{1,2}\d?)(?=\s*$)", re.MULTILINE),
        # a party list of judgments, one party a line, its standing on the next line(s):
        # "CM\n\nFirst respondent;", "M\nRespondent" (not the applicant: a local authority)
        "letter_line_party": re.compile(r"(?m)^[ \t]*((?!I\b)[A-Z]{1,3}\d?)[ \t]*\n(?:[ \t]*\n){0,3}[ \t]*"
                                        r"(?:(?:\(\d\)|\d(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth)\s+)?"
                                        r"(?i:respondent|intervener|intervenor|pursuer|defender|appellant|reclaimer)"),
        # a party named by letters after the words that introduce one: "the mother of C is CS.",
        # "Father of MM", "I shall refer to her as "A"", "IN THE MATTER OF B", "the Intervener, GM"
        "letter_after": re.compile(r"(?:\b(?i:(?:" + _KIN_OF + r")s?\s+(?:of\s+(?:[A-Z]{1,3}\d?\s+)?is|of|is|was)|(?:refer(?:red)?\s+to|identified)\s+(?:[a-z]+\s+){0,2}as"
                                   r"|in\s+the\s+matter\s+of|(?<![\w'\u2019])re|(?:interven[eo]r|respondent|applicant|pursuer|defender|appellant),?|names\s+are"
                                   r"|(?:the|a)\s+(?:child|boy|girl|baby|mother|father))"
                                   r")\s+[\"\u201c'\u2018]?((?!I\b)[A-Z]{1,3}\d?)"
                                   r"(?=[\"\u201d'\u2019]?(?:\s*[,.;:)]|\s+(?:(?i:and)|&|is|was|who|has|had|throughout|born)\b|\s+[-\u2013]\s|\s+\(|\s*$))"
                                   r"(?![\"\u201d'\u2019]s\b)", re.MULTILINE),
        # a list of letter-named parties before their standing: "GM, JH, RB & SM Interveners"
        "letter_list": re.compile(r"(?<![\w.'\u2019&-])((?!I\b)[A-Z]{1,3}\d?(?:\s*(?:,|&|and)\s*(?!I\b)[A-Z]{1,3}\d?)+)"
                                  r"(?=\s+(?:Respondents?|Interveners?|Intervenors?|Applicants?)\b)"),
        # a label defined in brackets after a person: 'the mother ("M")', "the father (F)"
        "police_acting": re.compile(r"(?<![\w-])(?:(?:the|two|three|several)\s+)?[Pp]olice(?=\s+(?:" + _alt(lexicon.POLICE_ACTS)
                                    + r")\b)|(?:(?<=\bbefore\s)|(?<=\bafter\s)|(?<=\bwhen\s)|(?<=\buntil\s)|(?<=\bonce\s))"
                                    r"(?:the\s+)?[Pp]olice(?![\w-])"
                                    # the officers as the ones acted on or with: "found by police", "asked police
                                    # to wait", "contact the police who", "caseworkers, police and doctors"
                                    r"|(?:(?<=\bby\s)|(?<=\basked\s)|(?<=\bcontact\s)|(?<=\bcontacted\s)|(?<=\bcalled\s)"
                                    r"|(?<=\btold\s)|(?<=\binformed\s)|(?<=\bphoned\s)|(?<=\brang\s)|(?<=,\s))"
                                    r"(?:the\s+)?[Pp]olice(?=\s+(?:who|to\s+[a-z]+|at|and|took|take|came|come|arrive)\b|[.;])"
                                    r"|(?<![\w-])(?:the\s+)?[Pp]olice(?=\s+(?:take|takes|attend|attends|come|comes|find|finds|"
                                    r"bring|brought|took|who|initially|later|subsequently|officers?\s+(?:attended|arrived))\b)"),
        "bracketed_label": re.compile(r"(?:(?<=[\w'\u2019]\s\()|(?<=[\w'\u2019],\s\()|(?<=[\w'\u2019],\n\n\()|(?<=[\w'\u2019],\s\s\())[\"\u201c'\u2018]?((?!I\b)[A-Z]{1,3}\d?)[\"\u201d'\u2019]?(?=\))"),
        # counsel at the start of a representation line: "Sharan Bhachu for the Second Respondent",
        # "Roma Whelan instructed by ... for the child"
        "counsel_line": re.compile(r"(?m)^[ \t]*(" + _CAP + r"(?:[ \t]+(?:[A-Z]\.?[ \t]+)?" + _CAP + r"){1,2})"
                                   r"(?=[ \t]+(?:\(Counsel\)|\(Solicitor\)|QC\b|KC\b|(?:of\s+counsel\s+)?for\s+the\s|instructed\s+by\s))"),
        # a party list of judgments, one letter label a line ("Between:\nOCC\nApplicant\n-and-\nM\nF\nC\n
        # ... Respondents"): read with its block (extraction.phrases.Phrases)
        "label_line": re.compile(r"(?m)^[ \t]*(?:\(\d\)[ \t]*)?((?!I\b)[A-Z]{1,3}\d?)[ \t]*$"),
        "title_letter": re.compile(r"(?<![\w-])(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z](?![\w&-])(?!\.\s?[A-Z]\b)"
                                   # in capitals, with one or two letters: "MS TA", "MR K" (party lists)
                                   r"|(?<![\w-])(?:MR|MRS|MS|MISS|DR)\s+[A-Z]{1,2}(?![\w&.-])"),
        # groups written bare after a preposition or "and": "the night with 'friends'", "the
        # generosity of friends", "in the company of adult gang members", "parents and extended family"
        "bare_group": re.compile(r"(?:(?<=\bwith\s)|(?<=\bof\s)|(?<=\bby\s)|(?<=\band\s)|(?<=\bfor\s)|(?<=\bwith\s['\u2018\"]))"
                                 r"(?:friends|mates|(?:(?:adult|older|local|rival|known)\s+)?gang\s+members|(?:extended|wider)\s+family"
                                 r"|(?<=\band\s)(?:siblings|half-siblings|step-siblings|brothers|sisters)"
                                 r"|older\s+(?:boys|males|men|youths|lads))(?![\w-])(?!\s+(?:of|and\s+family)\b)"),
        "initials": re.compile(r"(?<![\w.])[A-Z][a-z]?\.(?:\s?[A-Z][a-z]?\.)+(?![\w])|(?<=\s)[A-Z]\.(?=\s+(?:said|told|was|is|has|had|and)\b)"),
        "guessed_name": re.compile(
            r"(?<![\w'\u2019.-])(" + _CAP + r"(?:\s+" + _CAP + r")?)(?=" + _APOS + r"s\b|\s*\(\d{1,2}\)|,\s*\d{1,2}\b"
            r"|\s+(?:and\s+(?:his|her|their)|" + _alt(lexicon.NAME_VERBS) + r")\b)"),
        "after_note_verb": re.compile(r"(?<![\w-])(?:Rang|Saw|Met|Called|Phoned|Texted|Visited|Told|Asked|"
                                      r"Emailed|Messaged|Collected|Reminded|Advised)\s+(" + _CAP + r")(?![\w'\u2019-])"),
        "reporting_after": re.compile(r"\s+(?:and\s+(?:his|her|their)|" + _alt(lexicon.NAME_VERBS) + r")\b"),
        "appositive": re.compile(r"(?<=[a-z'\u2019]),\s+(" + _CAP + r"(?:\s+" + _CAP + r")?)(?=\s*,|\s*\()"),
        "upper_surname": re.compile(r"(?<![\w-])(" + _CAP + r"\s+[A-Z]{2,}(?:-[A-Z]{2,})?)(?![\w-])"),
        "bracketed_name": re.compile(r"(?<=\()(" + _CAP + r"(?:\s+" + _CAP + r")?)(?=\))"),
        "upper_name_age": re.compile(r"(?<![\w-])([A-Z]{2,3})(?=\s*\(\d{1,2}\))"),
        "named_after": re.compile(r"\b(?:named|called|known\s+as|aka|nicknamed)\s+['\"\u2018\u201c]?(" + _CAP + r")"),
        # a role or group coordinated with one that has its determiner: "his son and daughter-in-law",
        # "Junaid and youngest son", "this mother and children", "children Zac, Karly and Tierney"
        "coordinated_role": re.compile(r"(?:(?<=\sand\s)|(?<=\s&\s))(?:(?:eldest|youngest|oldest|older|younger|elder|middle|"
                                       r"twin|baby|little|big)\s+)?(?:" + _alt({w for w in lexicon.PERSON_NOUNS if " " not in w})
                                       + r")(?![\w'\u2019-])", re.IGNORECASE),
        "coordinated_group": re.compile(r"(?:(?<=\bmother\s)|(?<=\bfather\s)|(?<=\bmum\s)|(?<=\bdad\s)|(?<=\bparents\s)"
                                        r"|(?<=\bcarers\s)|(?<=\bgrandmother\s)|(?<=\bgrandfather\s))(?:and|&)\s+"
                                        r"(children|kids|siblings|sons|daughters)\b"
                                        r"|(?<![\w-])(children|siblings|sons|daughters|brothers|sisters)(?=\s+[A-Z][a-z]+,\s+[A-Z])"),
        # a name set beside a role: "her son Darren,", "their Mum, Sam;", "His eldest son, Junaid and"
        "role_then_name": re.compile(r"(?<![\w-])([A-Za-z][a-z]+)(?=\s*,?\s+(" + _CAP + r")(?:\s*[,;.)]|\s+(?:and|who|was|is|"
                                     r"had|has|were|said|told|lived|died)\b))"),
        "coordinated": re.compile(r"(?<![\w'\u2019.-])(" + _CAP + r")\s+(?:and|or|&)\s+(" + _CAP + r")(?![\w'\u2019-])"),
    }


# given names that are also English words ("Will", "Grace", "Hope"), read as names before a verb
# of speech or movement in the past or third person that a modal or a noun does not take ("Will
# moved", "Grace told"; not "Will attend", "Hope is"); months are read elsewhere (_month_is_date)
_WORD_NAMES = ("will", "mark", "bill", "sue", "hope", "grace", "rose", "joy", "faith", "summer", "autumn", "dawn",
               "ray", "pat", "nick", "sam", "jack", "ben", "amber", "ruby", "jade", "holly", "ivy", "iris", "lily",
               "daisy", "heather", "violet", "rob", "bob", "carol", "sunny", "penny", "sandy", "misty", "faye",
               "kay", "jean", "val", "max")
_WORD_NAME_ACTS = re.compile(r"(?<![\w'\u2019-])(" + "|".join(w.title() for w in _WORD_NAMES) + r")(?=\s+(?:said|says|told|tells|"
                             r"reported|disclosed|denied|moved|went|goes|returned|asked|wanted|cried|arrived|left|came|"
                             r"explained|admitted|stayed|ran|walked|smiled|laughed|refused|rang|texted|lives|lived|"
                             r"attends|attended|started|shared|described|was\s+born)\b"
                             # an age or an appositive role after it: "Summer, aged 14,", "Dawn, the children's aunt,"
                             r"|,\s+(?:now\s+)?aged\s+\d|\s+\(\d{1,2}\)|,\s+(?:the|her|his|their)\s+[a-z]+(?:['\u2019]s\s+[a-z]+)?,)")

# ... and wherever one is capitalised inside a sentence, after a lower-case word and before one
# (not "the Rose", "Hope Street", "Grace Academy", "in Summer 2020"): the linker then reads the
# same word as a name at a sentence's start too (document-level consistency, Linker._propagate)
_WORD_NAME_MID = re.compile(r"(?<=[a-z,] )(?<!the )(?<!The )(?<!a )(?<!in )(?<!of )(?<!this )(?<!last )(?<!over )(?<!during )("
                            + "|".join(w.title() for w in _WORD_NAMES if w not in ("summer", "autumn", "will"))  # "shopping Will update"
                            + r")(?=['\u2019]s\s|[ ,.;:)]\s*([a-z]*))(?![ ,]\s*[A-Z0-9])")

# a job after a dash that follows a name in a members or attendees line ("Sue Hall – Specialist
# mental health nurse ;"): the words up to the next separator, ending in a role word
_ROLE_AFTER_DASH = re.compile(r"(?<=[a-z]) [–-] ((?:[A-Za-z][a-z]+ ){0,4}([a-z]+))(?=\s*[;,(\n]|\s*$)")


_COORDINATED_LABEL = re.compile(r"\s+(?:(?i:and)|&)\s+((?!I\b)[A-Z]{1,3}\d?)(?![\w'\u2019&-])")


_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'\u2019-]*\s+(?:(?:of|and|for|the|in|on|&)\s+)*){1,7})"
                          r"\((?:[A-Z][a-z]+\s+)?([A-Z]{2,6})s?\)")


@lru_cache(maxsize=64)  # the phrase component and the linker both ask, for the same text
def defined_acronyms(text: str) -> frozenset[str]:
    """Abbreviations the text defines in brackets after the words they abbreviate: "Serious
    Case Review (SCR)", "Devon Safeguarding Children Partnership (SCP)" -- never a person's
    initials there or anywhere else in the same text."""
    out: set[str] = set()
    if "(" not in text:
        return frozenset()
    for m in _ACRONYM_DEF.finditer(text):
        initials = "".join(w[0] for w in m.group(1).split() if w[0].isupper())
        abbr = m.group(2)
        if len(abbr) >= 2 and (initials.endswith(abbr) or abbr[1:] in initials or initials[-len(abbr):] == abbr
                               or (abbr[0] in initials and abbr[-1] == initials[-1])):
            out.add(abbr)
    return frozenset(out)


def _not_initials(label: str, acronyms: frozenset[str]) -> bool:
    return label in lexicon.ABBREVIATIONS or label in lexicon.NOT_INITIALS or label in acronyms \
        or (len(label) > 1 and label.lower() in lexicon.NOT_NAMES)


_GROUP_HINT = re.compile(r"children|kids|siblings|sons\b|daughters|brothers|sisters")
_ROLE_WORDS = frozenset(w for w in set(lexicon.ROLE_PHRASES) | set(lexicon.PERSON_NOUNS) if " " not in w and "'" not in w)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \t\"'\u2018\u201c(")
    return not before or before[-1] in ".!?:\n;|-\u2013\u2022*" or text[max(0, start - 2):start] == "\n\n"


def _not_a_name(word: str) -> bool:
    low = word.lower()
    if low.endswith(lexicon.NOT_NAME_SUFFIXES) and low not in _first_names():
        return True
    return (low in lexicon.NOT_NAMES or low in lexicon.NOTE_VERBS or low in lexicon.ROLE_PHRASES
            or low in lexicon.PERSON_NOUNS or low in lexicon.PLACE_HEADS or low in lexicon.GROUP_NOUNS
            or low in lexicon.DETERMINERS or low in lexicon.NOT_MODIFIERS or word.upper() in lexicon.ABBREVIATIONS
            or low in _CAPITALISED_NOT_NAMES)


def _first_names() -> frozenset[str]:
    from extraction.components import first_names
    return first_names()


# capitalised words of prose that are never names: nationalities, heritage, legal phrases
_CAPITALISED_NOT_NAMES = {
    "white", "black", "british", "african", "asian", "english", "irish", "polish", "romanian",
    "european", "caribbean", "muslim", "christian", "local", "authority", "children", "act",
    "social", "county", "borough", "city", "district", "judge", "honour", "recorder", "justice",
    "family", "division", "president", "guidance", "practice", "government", "state", "national",
    "covid", "learning", "working", "together", "care", "order", "orders", "panel", "board",
    "partnership", "services", "service", "team", "unit", "centre", "group", "agency", "trust",
    "community", "crown", "high", "general", "primary", "secondary", "college", "school", "staff",
}


class Phrases:
    """The ``kinscope_phrases_v1`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, guess_names: bool) -> None:
        self.name = name
        self.guess_names = guess_names

    def _add(self, doc: Doc, spans: list, s: int, e: int, label: str, rule: str, kind: str = "") -> None:
        sp = doc.char_span(s, e, label=label, alignment_mode="expand")
        if sp is not None and len(sp):
            sp.id_ = f"{rule}|{kind}"
            spans.append(sp)

    def __call__(self, doc: Doc) -> Doc:
        from extraction.components import first_names

        text = doc.text
        rx = compiled()
        spans = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
        for m in rx["labelled_group"].finditer(text):
            self._add(doc, spans, *m.span(), "GROUP", "labelled_group")
        for s, e in caps_party_names(text) + caps_names_with_age(text):  # "IN THE MATTER OF SAM AND LEAH", "HOPE, aged 4"
            self._add(doc, spans, s, e, "PERSON", "labelled")
        for m in _WORD_NAME_ACTS.finditer(text):  # "Will moved in with his father", "Grace told"
            self._add(doc, spans, *m.span(1), "PERSON", "labelled")
        for m in _ROLE_AFTER_DASH.finditer(text):  # "Anne Woods – Housing manager ;" in a members line
            if m.group(2).lower() in _ROLE_WORDS:
                self._add(doc, spans, *m.span(1), "ROLE", "role_phrase")
        for m in _WORD_NAME_MID.finditer(text):  # "she told Hope that": capitalised mid-sentence
            prev = text[max(0, m.start(1) - 30):m.start(1)].split()
            if not _sentence_initial(text, m.start(1)) and (m.group(2) or "").lower() not in lexicon.PLACE_HEADS \
                    and prev and not prev[-1][:1].isupper():  # "Daniel Kay": a surname
                self._add(doc, spans, *m.span(1), "PERSON", "initials")
        labels = set()
        for m in rx["labelled"].finditer(text):
            self._add(doc, spans, *m.span(), "PERSON", "labelled")
            if m.group().startswith("Child "):
                labels.add(m.group()[6:])
        for label in labels & {"I"}:  # "child I's mother" where the text also writes "Child I"
            for m in re.finditer(r"(?<![\w-])child\s+" + label + r"(?![\w-])", text):
                self._add(doc, spans, *m.span(), "PERSON", "labelled")
        for m in rx["det_role"].finditer(text):
            # a head of the role lexicon ("father") is the role ruler's, unless an of-phrase
            # completes it ("the father of her first baby"); PERSON_NOUNS heads need a determiner
            head_part = re.split(r"\s+of\s+", m.group(), maxsplit=1)[0]
            words = head_part.lower().split()
            head = next((" ".join(words[-n:]) for n in (3, 2, 1)
                         if len(words) >= n and " ".join(words[-n:]) in lexicon.PERSON_NOUNS), words[-1])
            if head not in lexicon.PERSON_NOUNS and head_part == m.group():
                continue
            role = (lexicon.role_of_text(head_part) or lexicon.ROLE_PHRASES.get(head)
                    or lexicon.PERSON_NOUNS.get(head, ""))
            self._add(doc, spans, *m.span(), "ROLE", "det_role", role)
        for m in rx["bracketed_role"].finditer(text):
            self._add(doc, spans, *m.span(1), "ROLE", "det_role", lexicon.PERSON_NOUNS.get(m.group(1).lower(), ""))
        for m in rx["coordinated_role"].finditer(text):
            before = text[max(0, m.start() - 40):m.start()]
            if re.search(r"(?:\b(?:his|her|their|the|my|our)\s+(?:[a-z-]+\s+){0,2}[a-z-]+|" + _CAP + r")\s+(?:and|&)\s+$", before):
                head = m.group().lower().split()[-1]
                self._add(doc, spans, *m.span(), "ROLE", "det_role", lexicon.PERSON_NOUNS.get(head, ""))
        for m in (rx["coordinated_group"].finditer(text) if _GROUP_HINT.search(text) else ()):
            g = 1 if m.group(1) else 2
            self._add(doc, spans, *m.span(g), "GROUP", "group")
        for m in rx["group_subject"].finditer(text):
            self._add(doc, spans, *m.span(), "GROUP", "group")
        for m in rx["bare_child"].finditer(text):
            self._add(doc, spans, *m.span(), "ROLE", "det_role", "child")
        for m in rx["appositive_job"].finditer(text):
            before = text[max(0, m.start() - 40):m.start()].split()
            if before and before[-1][:1].isupper() and m.group(1)[:1].isupper():  # after a name
                self._add(doc, spans, *m.span(1), "ROLE", "whole_job", "professional")
        for m in rx["chair_of"].finditer(text):
            self._add(doc, spans, *m.span(), "ROLE", "whole_job", "professional")
        for m in rx["parents_acting"].finditer(text):
            self._add(doc, spans, *m.span(), "GROUP", "group")
        for m in rx["labelled_place"].finditer(text):
            kind = {"address": "home", "property": "home", "placement": "home", "home": "home",
                    "hostel": "home", "refuge": "home"}.get(m.group(1).lower(), "")
            self._add(doc, spans, *m.span(), "PLACE", "place_named", kind or _place_type(m.group(1)) or "public")
        for m in rx["aged_person"].finditer(text):
            self._add(doc, spans, *m.span(), "ROLE", "det_role", "person")
        for m in rx["aged_apposition"].finditer(text):
            self._add(doc, spans, *m.span(), "ROLE", "det_role", lexicon.PERSON_NOUNS.get(m.group(1).lower(), "child"))
        for m in rx["job_title"].finditer(text):
            if not re.match(r"(?:the\s+)?(?:Local|Designated|Police|Data|Chief|Press|Returning|Medical)\b", m.group()) \
                    or "Designated Officer" in m.group():
                self._add(doc, spans, *m.span(), "ROLE", "det_role", "professional")
        for m in rx["noun_before_name"].finditer(text):
            self._add(doc, spans, m.start(), m.end() - 1, "ROLE", "det_role",
                      lexicon.PERSON_NOUNS.get(m.group().split()[0].lower(), ""))
        for m in rx["pro_plural"].finditer(text):
            if m.group().lower() in _GENERIC_BARE_PLURALS:
                continue  # "consultation with practitioners": generic, left out (guidelines)
            self._add(doc, spans, *m.span(), "ROLE", "pro_plural")
        for m in (rx["police_acting"].finditer(text) if "olice" in text else ()):
            self._add(doc, spans, *m.span(), "ROLE", "pro_plural", "police officer")
        for m in rx["group"].finditer(text):
            if _COUPLE_OF_TIME.match(text, m.end()) and m.group().lower().endswith("couple"):
                continue  # "after a couple of months"
            self._add(doc, spans, *m.span(), "GROUP", "group")
        for m in rx["bare_group"].finditer(text):
            self._add(doc, spans, *m.span(), "GROUP", "group")
        # common-noun places ("the flat", "her school", "home") are SETTING: a place of this
        # child's life, not a shared named place (two children's "the flat" are not one node)
        for m in rx["place"].finditer(text):
            if _HEAD_OF_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "the head of the sixth form": a role, its school no place of its own
            self._add(doc, spans, *m.span(), "SETTING", "place", _place_type(m.group()))
        for m in rx["place_bare"].finditer(text):
            self._add(doc, spans, *m.span(1), "SETTING", "place", _place_type(m.group(1)))
        for m in rx["school_bare"].finditer(text):
            self._add(doc, spans, *m.span(1), "SETTING", "place", "education")
        for m in rx["place_named"].finditer(text):
            self._add(doc, spans, *m.span(), "PLACE", "place_named", _place_type(m.group()) or "public")
        for m in rx["possessive_place"].finditer(text):
            # "at McD's", "at the Hendersons'": a possessor that is a role or a name stays a
            # person mention instead ("at his nan's": ROLE "his nan")
            owner = m.group(1)[:-2].split()[-1]
            if lexicon.role_of_text(owner) is None and owner.lower() not in lexicon.PERSON_NOUNS \
                    and owner.lower() not in first_names():
                self._add(doc, spans, *m.span(1), "SETTING", "place", "home")
        acronyms = defined_acronyms(text)
        for m in rx["letter_party"].finditer(text):
            g = 1 if m.group(1) else 2
            after = text[m.end(g):m.end(g) + 40]
            article = m.group(g) == "A" and re.match(r"\s+[a-z]", after) and not re.match(
                r"\s+(?:and|" + _alt(lexicon.NAME_VERBS) + r")\b", after)
            if not article and not _not_initials(m.group(g), acronyms):
                self._add(doc, spans, *m.span(g), "PERSON", "initials")
                pair = _COORDINATED_LABEL.match(after)
                if pair and pair.group(1) not in lexicon.ABBREVIATIONS and pair.group(1) not in lexicon.NOT_INITIALS:
                    self._add(doc, spans, m.end(g) + pair.start(1), m.end(g) + pair.end(1), "PERSON", "initials")
        for m in rx["bracketed_label"].finditer(text):
            if m.group(1) not in lexicon.ABBREVIATIONS and m.group(1) not in lexicon.NOT_INITIALS \
                    and m.group(1) not in acronyms:
                self._add(doc, spans, *m.span(1), "PERSON", "initials")
        for m in rx["letter_line_party"].finditer(text):
            if not _not_initials(m.group(1), acronyms):
                self._add(doc, spans, *m.span(1), "PERSON", "initials")
        for m in rx["counsel_line"].finditer(text):
            if not any(_not_a_name(w) or w.lower() in _FIRM_WORDS for w in m.group(1).split()):
                self._add(doc, spans, *m.span(1), "PERSON", "labelled")
        if "espondent" in text:
            for m in rx["label_line"].finditer(text):
                if _party_block(text, m) and not _not_initials(m.group(1), acronyms):
                    self._add(doc, spans, *m.span(1), "PERSON", "initials")
        for m in rx["title_letter"].finditer(text):
            self._add(doc, spans, *m.span(), "PERSON", "labelled")
        for m in rx["letter_after"].finditer(text):
            if not _not_initials(m.group(1), acronyms):
                self._add(doc, spans, *m.span(1), "PERSON", "initials")
                pair = _COORDINATED_LABEL.match(text, m.end(1))  # "IN THE MATTER OF R AND D"
                if pair and not _not_initials(pair.group(1), acronyms):
                    self._add(doc, spans, *pair.span(1), "PERSON", "initials")
        for m in rx["letter_list"].finditer(text):
            for part in re.finditer(r"[A-Z]{1,3}\d?", m.group(1)):
                if not _not_initials(part.group(), acronyms):
                    self._add(doc, spans, m.start(1) + part.start(), m.start(1) + part.end(), "PERSON", "initials")
        for m in rx["initials"].finditer(text):
            if lexicon.role_of_text(m.group()) is None:
                self._add(doc, spans, *m.span(), "PERSON", "initials")
        names = first_names()
        for m in rx["place_town"].finditer(text):
            words = m.group(1).split()
            # a compass word opens a town or region ("West London", "South Wales"): read the next
            first = (words[1] if len(words) > 1 and words[0].lower() in _COMPASS else words[0]).strip(",")
            if _not_a_name(first) or first in lexicon.TITLES or first.lower() in lexicon.AMBIGUOUS_NAMES:
                continue
            if first.lower() in names and not rx["town_end"].match(text, m.end(1)):
                continue  # a first name, or "a call from Jo ...": only where the phrase ends
            # a word no first-name list knows, after "in"/"moved to", is a town even where the
            # statistical NER calls it a person; a first name ("in Shirley") yields to the NER
            rule = "place_town_weak" if first.lower() in names else "place_town"
            self._add(doc, spans, *m.span(1), "PLACE", rule, "town")
        if self.guess_names:
            self._guess(doc, spans, rx, names)
        doc.spans[RULES_KEY] = spans
        return doc

    def _guess(self, doc: Doc, spans: list, rx: dict, names: frozenset) -> None:
        text = doc.text
        acronyms = defined_acronyms(text)
        found: list[tuple[int, int]] = []
        for m in rx["guessed_name"].finditer(text):
            words = m.group(1).split()
            if any(_not_a_name(w) for w in words):
                if _not_a_name(words[-1]) or len(words) == 1:
                    continue
                words = words[-1:]
                s = m.end(1) - len(words[0])
            else:
                s = m.start(1)
            if _sentence_initial(text, s) and words[0].lower() not in names and len(words) == 1 \
                    and text[m.end(1):m.end(1) + 2] not in ("'s", "\u2019s") and not re.match(r"\s*[(,]", text[m.end(1):]) \
                    and not rx["reporting_after"].match(text, m.end(1)):
                continue  # "Mother stated", "Sunday was": sentence-initial words need stronger evidence
            found.append((s, m.end(1)))
        for m in rx["appositive"].finditer(text):
            if not any(_not_a_name(w) for w in m.group(1).split()):
                found.append(m.span(1))
        for m in rx["upper_surname"].finditer(text):
            first, last = m.group(1).split()
            if not _not_a_name(first) and last.upper() not in lexicon.ABBREVIATIONS and last not in acronyms \
                    and last.lower() not in lexicon.NOT_NAMES and len(last) >= 3:
                found.append(m.span(1))
        for m in rx["bracketed_name"].finditer(text):  # "Mum (Keisha)", "Paddy (Padraig)"
            if not any(_not_a_name(w) for w in m.group(1).split()):
                found.append(m.span(1))
        for m in rx["upper_name_age"].finditer(text):  # "DJ (15)"
            if not _not_initials(m.group(1), acronyms):
                found.append(m.span(1))
        for m in rx["after_note_verb"].finditer(text):
            if not _not_a_name(m.group(1)):
                found.append(m.span(1))
        for m in rx["role_then_name"].finditer(text):
            if m.group(1).lower() in _ROLE_WORDS and not _not_a_name(m.group(2)) \
                    and not unlikely_name(m.group(2), ambiguous_ok=True):
                found.append(m.span(2))
        for m in rx["named_after"].finditer(text):
            if not _not_a_name(m.group(1)):
                found.append(m.span(1))
        for m in rx["coordinated"].finditer(text):
            a, b = m.group(1), m.group(2)
            if _not_a_name(a) or _not_a_name(b):
                continue
            if a.lower() in names or b.lower() in names:
                found += [m.span(1), m.span(2)]
        for s, e in found:
            before = text[max(0, s - 6):s].split()
            if before and before[-1].lower() in ("in", "from", "near", "at") and text[s:e].split()[0].lower() not in names:
                continue  # "a boy from Manchester called Josh": a town, not a name
            self._add(doc, spans, s, e, "PERSON", "guessed_name")


_COMPASS = {"north", "south", "east", "west"}
_FIRM_WORDS = {"solicitors", "llp", "chambers", "partners", "law", "legal", "council", "authority"}
_PARTY_BEFORE = re.compile(r"(?i:between|-\s*and\s*[-\u2013])")
_APPLICANT_NEXT = re.compile(r"\s*(?i:applicant|petitioner)\b")


def _party_block(text: str, m: re.Match) -> bool:
    """A letter label alone on its line inside a judgment's party list: "Between" or "-and-"
    above it, "Respondent" below it, and not the applicant (a local authority: "OCC")."""
    return (_PARTY_BEFORE.search(text, max(0, m.start() - 200), m.start()) is not None
            and "espondent" in text[m.end():m.end() + 250]
            and not _APPLICANT_NEXT.match(text, m.end()))
_COUPLE_OF_TIME = re.compile(r"\s+of\s+(?:months|weeks|days|years|hours|minutes|times|occasions|nights|things|"
                             r"sessions|visits|miles)\b")
_HEAD_OF_BEFORE = re.compile(r"\b[Hh]ead\s+of\s+$")


def _place_type(phrase: str) -> str:
    words = phrase.lower().split()
    for n in (3, 2, 1):
        if len(words) >= n and " ".join(words[-n:]) in lexicon.PLACE_HEADS:
            return lexicon.PLACE_HEADS[" ".join(words[-n:])]
    return ""


@Language.factory("kinscope_phrases_v1", default_config={"guess_names": False})
def make_phrases(nlp: Language, name: str, guess_names: bool) -> Phrases:
    return Phrases(nlp, name, guess_names)
