"""Whether a message is a follow-up, by its words alone: short ones that start like one
("en", "maar"), use an ordinal, "welke van die twee" or "daarna"; short ones with a word that
may point back; bare short questions; and longer ones that lean back ("dan", "daarbij",
"zo'n"). What a follow-up is answered with is ``followup``'s part.

The cue words are content (``follow_up`` in knowledge/content/answers.yml).
"""
from __future__ import annotations

import re
from typing import Optional

from jeugdhulp.knowledge.rules import rules

MAX_WORDS = 9  # a follow-up longer than this is a question of its own ...
LEANING_WORDS = 14  # ... unless it refers back ("moet ik dat dan allemaal zelf doen?")
# A question of up to this many words in a conversation is a follow-up ("na elkaar of
# tegelijk?", "eenmalig of vaker?") unless it names a term of its own ("en ORBA?"); "hallo"
# is not.
BARE_WORDS = 4
# Up to this many words, a word that may point back ("die", "dat", "ze") makes a follow-up
# ("wie bepaalt die uiteindelijk, ik of zij?").
POINTING_WORDS = 8


def elliptical(text: str) -> bool:
    """Whether the message only makes sense after the previous one."""
    return short_follow_up(text) or leans_back(text)


def short_follow_up(text: str) -> bool:
    """"en de effectiviteit?", "wat is het doel van de eerste?", "en daarna?", "eenmalig of
    vaker?"."""
    return 0 < len(text.split()) <= MAX_WORDS and (cued(text) or bare(text))


def cued(text: str) -> bool:
    """A short message with a word of a follow-up: "en ...", an ordinal, "welke van die
    twee", "daarna", or (up to POINTING_WORDS words) a word that may point back."""
    cues = rules().follow_up
    return bool(cues.starts.match(text.strip()) or cues.ordinal.search(text)
                or cues.which_of.search(text) or cues.next.search(text.strip())
                or (len(text.split()) <= POINTING_WORDS and points_back(text)))


def bare(text: str) -> bool:
    """A question of up to BARE_WORDS words ("na elkaar of tegelijk?", "MST-CAN?")."""
    return len(text.split()) <= BARE_WORDS and text.rstrip().endswith("?")


def refers_back(text: str) -> bool:
    """Whether a message of up to LEANING_WORDS words uses a word that refers back to the
    conversation ("dan", "daarbij", "zo'n": ``leans``); "het" or "dit" alone do not count
    ("hoe werkt dit?" asks about the assistant)."""
    return len(text.split()) <= LEANING_WORDS and bool(rules().follow_up.leans.search(text))


def asks_what_it_is(text: str) -> bool:
    """Whether a message of up to POINTING_WORDS words asks what something is or means
    ("goednieuwsboodschap?? wat is dat nou weer"): a word of the last answer, mostly."""
    return len(text.split()) <= POINTING_WORDS and bool(
        rules().follow_up.asks_what.search(text))


def points_back(text: str) -> bool:
    """Whether a message of any length has a word that may point back ("dat punt", "daar",
    "ze"; ``refers``): looser than ``refers_back``."""
    return bool(rules().follow_up.refers.search(text))


def leans_back(text: str, words: int = LEANING_WORDS) -> bool:
    """A longer message (up to ``words`` words) that refers back or goes on from the last
    one ("moet ik dat dan allemaal zelf doen?", "en als ze per se een bepaalde therapie
    willen ...")."""
    return len(text.split()) <= words and bool(
        rules().follow_up.leans.search(text) or rules().follow_up.starts.match(text.strip())
        or pointing_ordinal(text))


def pointing_ordinal(text: str) -> bool:
    """"die eerste stap", "deze laatste": an ordinal with a word that points back."""
    match = rules().follow_up.ordinal.search(text)
    return match is not None and match.group(1).lower() in ("die", "deze", "dat", "dit")


def ordinal_of_a_noun(text: str) -> bool:
    """Whether the ordinal goes with a word after it ("het eerste gesprek"), not alone
    ("wat is het doel van de eerste?")."""
    match = rules().follow_up.ordinal.search(text)
    return match is not None and bool(re.match(r"\s+\w", text[match.end():]))


def ordinal_number(text: str) -> Optional[int]:
    match = rules().follow_up.ordinal.search(text)
    if not match:
        return None
    word = match.group(0).lower().split()[-1]
    return rules().follow_up.ordinals.get(word)


def which_of(text: str) -> int:
    """How many of the last answer's names "welke van die twee/drie" compares (0: none)."""
    cues = rules().follow_up
    match = cues.which_of.search(text)
    if match is None:
        return 0
    words = match.group(0).lower().split()
    return max((n for word, n in cues.which_of_counts.items() if word in words), default=2)
