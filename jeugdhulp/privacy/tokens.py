"""The words of a message as the street and name detectors see them.

A token is a run of letters, with inner apostrophes and hyphens ("Anne-Marie", "Sanne's",
"O'Reilly") and the "'t"/"'s" of "van 't Hof". Every token knows the text between it and the
previous token (its *gap*), so rules can ask "directly after, separated by one space?", and
whether it starts a sentence: "mw. Jansen", "J. de Vries" and "geb. 12-03" are not sentence
breaks. A token inside a placeholder from an earlier pass (``[NAAM]``) carries that kind and
is never redacted again.
"""
from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

from jeugdhulp.privacy.words import ABBREVIATIONS, PARTICLES_BY_FIRST

# A candidate finding on the current text: (start, end, kind). Every detector returns these.
Cand = Tuple[int, int, str]

TOKEN_RE = re.compile(r"['’][ts](?![^\W\d_])|[^\W\d_]+(?:['’`\-][^\W\d_]+)*")
_SENT_PUNCT = frozenset(".!?:;\n•|")
# Gaps that join the words of a particle ("van 't", "van ’t").
_PARTICLE_GAPS = ("'", " '", "’", " ’")


class Token:
    """One word of the message, and what the name detector has marked on it.

    The marks start False and are set by the phases of :mod:`jeugdhulp.privacy.names`; the
    tokens are made afresh for every detection run, so marking them is safe."""

    __slots__ = ("start", "end", "text", "low", "cap", "upper", "sent", "gap", "ph",
                 "protected", "place", "author", "name", "surname_seed")

    def __init__(self, start: int, end: int, text: str, gap: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower().replace("’", "'")
        if self.low[:1] == "'":
            self.low = self.low[1:]
        self.upper = len(text) > 1 and text.isupper()
        self.cap = text[:1].isupper() and not self.upper
        self.gap = gap  # text between the previous token and this one
        self.sent = False  # starts a sentence
        self.ph = ""  # placeholder kind when the token is inside a placeholder
        self.protected = False  # domain vocabulary or part of a street: never a name
        self.place = False  # a known place: a name only after a title or family word
        self.author = False  # a cited author: a name only after a title or family word
        self.name = False  # part of a client's name
        self.surname_seed = False  # found as a surname: may take particles on its left


def phrase_words(phrase: str) -> Tuple[str, ...]:
    """The lower-case words of a phrase, as tokens would read them ("Van der Stouwe")."""
    return tuple(m.group().lower().replace("’", "'").lstrip("'")
                 for m in TOKEN_RE.finditer(phrase))


def tokenize(text: str, ph_spans: Sequence[Cand]) -> List[Token]:
    """The tokens of ``text``; ``ph_spans`` are the placeholders already in it, sorted."""
    toks: List[Token] = []
    prev_end = 0
    ph_i = 0
    for m in TOKEN_RE.finditer(text):
        t = Token(m.start(), m.end(), m.group(), text[prev_end:m.start()])
        while ph_i < len(ph_spans) and ph_spans[ph_i][1] <= t.start:
            ph_i += 1
        if ph_i < len(ph_spans) and ph_spans[ph_i][0] <= t.start < ph_spans[ph_i][1]:
            t.ph = ph_spans[ph_i][2]
        gap = t.gap
        if not toks:
            t.sent = True
        elif any(c in _SENT_PUNCT for c in gap):
            prev = toks[-1]
            # "mw. Jansen", "J. de Vries", "geb. 12-03" are not sentence breaks.
            t.sent = not (gap.strip() == "." and (prev.low in ABBREVIATIONS or len(prev.text) == 1))
        toks.append(t)
        prev_end = m.end()
    return toks


def simple_gap(gap: str) -> bool:
    """One to three spaces: the words belong together."""
    return 0 < len(gap) <= 3 and gap.isspace()


def base(low: str) -> str:
    """Strip a genitive: "sanne's" -> "sanne"."""
    if low.endswith("'s") or low.endswith("'"):
        return low.rsplit("'", 1)[0]
    return low


def is_initial(text: str, t: Token) -> bool:
    """A capital letter followed by a dot: "J." of "J. de Vries"."""
    return len(t.text) == 1 and t.text.isupper() and text[t.end:t.end + 1] == "."


def match_phrase(toks: List[Token], i: int,
                 table: Dict[Tuple[str, ...], List[Tuple[str, ...]]]) -> int:
    """Length (in tokens) of the longest phrase from ``table`` starting at token i, or 0.

    ``table`` holds phrases of two or more words, keyed by their first two words."""
    if i + 1 >= len(toks):
        return 0
    for phrase in table.get((toks[i].low, toks[i + 1].low), ()):
        n = len(phrase)
        if i + n <= len(toks) and all(toks[i + k].low == phrase[k] for k in range(2, n)) \
                and all(not toks[i + k].ph for k in range(n)):
            return n
    return 0


def particle_at(toks: List[Token], i: int) -> int:
    """Number of tokens of a surname particle starting at i ("van der" -> 2), or 0."""
    for p in PARTICLES_BY_FIRST.get(toks[i].low, ()):
        n = len(p)
        if i + n <= len(toks) and all(toks[i + k].low == p[k] for k in range(n)):
            if all(simple_gap(toks[i + k].gap) or toks[i + k].gap in _PARTICLE_GAPS
                   for k in range(1, n)):
                return n
    return 0
