"""What one token may be in the search for names (:mod:`jeugdhulp.privacy.names`): never a
name (blocked), in a list of names, followed by a person's verb or an age; and marking a run
of tokens as a name. Shared by the phases of :func:`jeugdhulp.privacy.names.find_names`."""
from __future__ import annotations

import re
from typing import List, Set

from jeugdhulp.privacy.tokens import Token, base, simple_gap
from jeugdhulp.privacy.vocabulary import Vocab
from jeugdhulp.text import fold

# Verbs (3rd person) that make the word before them a person: "Roos is 6", "Jansen belde".
_PERSON_VERBS = frozenset("""
is was wordt werd heeft had zegt zei vertelt vertelde wil wilde gaat ging woont woonde zit zat
komt kwam kan kon moet moest mag mocht durft speelt slaapt huilt eet krijgt kreeg doet deed
vindt vond weet wist blijft bleef loopt liep spijbelt belt belde blowt drinkt slaat sloeg
schreeuwt weigert weigerde plast praat sprak reageert luistert wordt gaat verblijft logeert
""".split())
_DEFINITION_WORDS = ("een", "de", "het", "geen")
_COPULAS = ("is", "was", "wordt", "werd")
_AGE_AFTER_RE = re.compile(r"[ \t]{0,2}\([ \t]?[0-9]")
# Capitalised words that may stand between a sentence's first word and the person's verb
# or age that makes that first word a name: "Lim Soo-ah (12) is ...".
_SUBJECT_SKIP = 2


def blocked(t: Token, v: Vocab) -> bool:
    """Never a name: a placeholder, capitals, a function, title or family word, protected."""
    return bool(t.ph) or t.upper or t.protected or t.low in v.never_name


def blocked_after_particle(t: Token, v: Vocab) -> bool:
    """As :func:`blocked`, but after a particle titles and function words may be surnames."""
    return bool(t.ph) or t.upper or t.protected or t.low in v.never_name_after_particle


def blocked_for(t: Token, v: Vocab, after_particle: int) -> bool:
    return blocked_after_particle(t, v) if after_particle else blocked(t, v)


def in_list(low: str, names: Set[str], v: Vocab) -> bool:
    """Is the word (without genitive) in ``names``? A double name ("anne-marie",
    "wijnen-lunenburg") is when one part is and every part is a known first name or surname."""
    b = base(low)
    if b in names or fold(b) in names:  # "łukasz" is listed as "lukasz"
        return True
    if "-" in b:
        parts = [p for p in b.split("-") if p]
        return len(parts) > 1 and any(p in names for p in parts) and all(
            p in v.allnames for p in parts)
    return False


def person_follows(text: str, toks: List[Token], i: int) -> bool:
    """Is token i followed by a person's verb, or by an age in brackets ("Roos (6)")?"""
    if i + 1 < len(toks) and simple_gap(toks[i + 1].gap) and toks[i + 1].low in _PERSON_VERBS:
        after = toks[i + 2] if i + 2 < len(toks) else None
        # "Storm is voorbij" / "Job is weg": still ambiguous, but in this chat a person is far
        # more likely; only "... is een/de/het ..." (a definition) is left alone.
        return not (after is not None and after.low in _DEFINITION_WORDS
                    and toks[i + 1].low in _COPULAS)
    return bool(_AGE_AFTER_RE.match(text[toks[i].end:toks[i].end + 6]))


def subject_follows(text: str, toks: List[Token], i: int, v: Vocab) -> bool:
    """Is token i, with at most two capitalised words after it, followed by a person's verb
    or an age ("Lim Soo-ah (12) is ...", "Jansen belde")?"""
    j = i
    while True:
        if person_follows(text, toks, j):
            return True
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if j - i >= _SUBJECT_SKIP or nxt is None or not nxt.cap or not simple_gap(nxt.gap) \
                or nxt.sent or blocked(nxt, v) or nxt.place or nxt.author:
            return False
        j += 1


def run_end(toks: List[Token], i: int) -> int:
    """The last token of the name that token i is part of (adjacent name tokens)."""
    j = i
    while j + 1 < len(toks) and toks[j + 1].name and simple_gap(toks[j + 1].gap):
        j += 1
    return j


def mark_names(toks: List[Token], start: int, end: int) -> None:
    for t in toks[start:end]:
        t.name = True
