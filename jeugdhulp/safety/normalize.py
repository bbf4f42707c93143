"""Reading a message for the acute-danger detector: one canonical token stream.

Chat messages come in every spelling, so the cue patterns of ``rules.yml`` are written
against one reading of the text instead of against its variants: the first ``MAX_CHARS``
characters, folded by ``jeugdhulp.text.fold`` (lower case, no accents, the project's one
copy), apostrophes dropped (``m'n`` -> ``mn``), a character typed three or more times
squeezed to two (``helppp`` -> ``helpp``), ``. ! ? ;``, an ellipsis and new lines ending a
*sentence* (token ``|``), ``, : ( ) [ ] { } " < >`` and free-standing dashes ending a
*clause* (token ``,``), everything else that is not a letter or digit a space, and chat
spellings repaired word by word (``typos`` in rules.yml: vanacht, zn, papa, kids ...).
Token positions, sentence and clause numbers let the engine ask "same sentence, at most N
words apart" without parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Mapping

from jeugdhulp.text import fold

#: Only this many characters of a message are read (chat messages are far shorter; a
#: pasted document of this size is scanned in about 10-50 ms).
MAX_CHARS = 20_000

SENTENCE = "|"  # the token between sentences
CLAUSE = ","  # the token between clauses

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_REPEATS = re.compile(r"(.)\1{2,}")
_SENTENCE = re.compile(r"[.!?;\n\r\u2026]+")
_CLAUSE = re.compile(r"[,:()\[\]{}\"\u201c\u201d\u201e<>]+|\s[-\u2013\u2014]+\s")
_OTHER = re.compile(r"[^a-z0-9|,]+")
_EXCLAIM = re.compile(r"!\s*!|\?\s*!|!\s*\?")


@dataclass
class Reading:
    """A message as the rules see it. ``text`` is ``tokens`` joined by single spaces;
    ``starts[i]`` is where token i starts in ``text``; ``sentence[i]`` / ``clause[i]`` number
    the sentence / clause of token i (a separator token starts the next one)."""

    tokens: List[str]
    text: str
    starts: List[int]
    sentence: List[int]
    clause: List[int]
    exclaim: bool  # "!!", "?!" or "!?" somewhere
    question: bool  # a question mark somewhere


def read(text: str, typos: Mapping[str, str]) -> Reading:
    """Read (at most ``MAX_CHARS`` of) ``text``, repairing the words in ``typos``."""
    raw = fold(text[:MAX_CHARS])
    s = _APOSTROPHES.sub("", raw)
    s = _REPEATS.sub(r"\1\1", s)
    s = _SENTENCE.sub(f" {SENTENCE} ", s)
    s = _CLAUSE.sub(f" {CLAUSE} ", s)
    s = _OTHER.sub(" ", s)
    tokens = _without_empty_parts([typos.get(t, t) for t in s.split()])
    starts: List[int] = []
    sentence: List[int] = []
    clause: List[int] = []
    pos = sentence_no = clause_no = 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
        if t == SENTENCE:
            sentence_no += 1
            clause_no += 1
        elif t == CLAUSE:
            clause_no += 1
        sentence.append(sentence_no)
        clause.append(clause_no)
    return Reading(tokens, " ".join(tokens), starts, sentence, clause,
                   exclaim=bool(_EXCLAIM.search(raw)), question="?" in raw)


def _without_empty_parts(tokens: List[str]) -> List[str]:
    """No empty sentences or clauses: drop a separator at the start or right after another
    one (a sentence end wins over a clause end before it)."""
    cleaned: List[str] = []
    for t in tokens:
        if t in (SENTENCE, CLAUSE) and (not cleaned or cleaned[-1] in (SENTENCE, CLAUSE)):
            if t == SENTENCE and cleaned and cleaned[-1] == CLAUSE:
                cleaned[-1] = SENTENCE
            continue
        cleaned.append(t)
    return cleaned
