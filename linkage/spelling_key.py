"""A phonetic key for first names written as they sound ("Shivon" for Siobhan, "Neve" for Niamh,
"Seersha" for Saoirse, "Yousef" for Yusuf).

Notes are typed by people who heard a name, not read it. Soundex-style keys drop every vowel and
join names nobody would confuse (Brian / Bruno, Karen / Corinne); this key keeps the *class* of the
first vowel sound (Irish "ao"/"aoi" and English "ee"/"ea"/"i" sound alike, "ou"/"oo"/"u" alike) and
the consonant skeleton after spelling rewrites ("bh"/"mh" = v, "sh" = s, "ph" = f, c/q = k, "dw" = "du":
Dwayne / Duane). The key
is weak evidence: callers take it only with the same family name, a role that fits, or one known
person who fits.
"""

from __future__ import annotations

import re

from linkage.normalise import fold

_REWRITES = (("dw", "du"), ("ph", "f"), ("bh", "v"), ("mh", "v"), ("ck", "k"), ("sh", "s"), ("ch", "k"),
             ("c", "k"), ("q", "k"), ("z", "s"), ("x", "ks"), ("h", ""))
_VOWELS = set("aeiouyw")


def _vowel_class(run: str) -> str:
    if run.startswith(("ou", "oo", "u")):
        return "u"
    if run.startswith(("e", "i", "y", "ao")):
        return "i"
    return run[:1]


def spelling_key(name: str | None) -> str:
    """``"Siobhan"`` and ``"Shivon"`` -> ``"sivn"``; ``""`` for names under three letters."""
    s = re.sub(r"[^a-z]", "", fold(name or ""))
    if len(s) < 3:
        return ""
    for a, b in _REWRITES:
        s = s.replace(a, b)
    if not s:
        return ""
    head = re.match(r"y?[^aeiouy]*", s).group(0)  # the opening consonants ("br" of Brian)
    rest = s[len(head):]
    run = re.match(r"[aeiouyw]*", rest).group(0)
    skeleton = []
    for ch in rest[len(run):]:
        if ch not in _VOWELS and (not skeleton or skeleton[-1] != ch):
            skeleton.append(ch)
    return head + _vowel_class(run) + "".join(skeleton)


def consonants(key: str) -> int:
    """How many consonant sounds a key holds (a short key -- "niv" -- joins too many names alone)."""
    return sum(1 for ch in key if ch not in "aeiou")


def sounds_alike(a: str | None, b: str | None) -> bool:
    """Two different spellings with one key ("Neve" / "Niamh", "Leann" / "Leanne")."""
    if not a or not b or fold(a) == fold(b):
        return False
    ka = spelling_key(a)
    return bool(ka) and ka == spelling_key(b)
