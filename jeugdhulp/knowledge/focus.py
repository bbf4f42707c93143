"""The question inside a longer message: a case description ("Gezin met 3 kinderen ...,
OTS loopt. Hoe pak ik ...?") is mostly facts with the question at the end. The search
weighs the question sentences more than the facts, so that the facts steer the answer but
never drown the question."""
from __future__ import annotations

import re
from typing import List, Tuple

from jeugdhulp.knowledge.analysis import analyze_cached

QUESTION_WEIGHT = 2  # how often the question sentences count against the facts once
FOCUS_MIN_TERMS = 2  # question sentences with fewer search terms are not weighted up
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)|\n+")
_QUESTION_START = re.compile(
    r"^(?:hoe|wat|welke?|wanneer|waarom|waar|wie|mag|moet|kan|kun|is|zijn\s+er|heeft|hebben|"
    r"werkt|zou|klopt|doe|ga|past)\b", re.IGNORECASE)


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_START.match(sentence.strip()))


def starts_question(text: str) -> bool:
    """Whether the text starts with a question word ("wat voor hulp?", "moet ik ...")."""
    return bool(_QUESTION_START.match(text.strip()))


def asks(text: str) -> bool:
    """Whether the message asks something (a sentence with "?" or a question word first)."""
    return any(is_question(s) for s in sentences(text))


def split_question(text: str) -> Tuple[str, str]:
    """(the question sentences, the facts around them). A message of one sentence is all
    question."""
    parts = sentences(text)
    if len(parts) <= 1:
        return (text or "").strip(), ""
    asked = [s for s in parts if is_question(s)]
    if not asked:
        asked = parts[-1:]
    facts = [s for s in parts if s not in asked]
    return " ".join(asked), " ".join(facts)


def focus_query(text: str) -> str:
    """The search query for a message: its question sentences weighted above its facts."""
    asked, facts = split_question(text)
    if not facts:
        return asked
    if len(analyze_cached(asked)) < FOCUS_MIN_TERMS:  # "Is dat erg?": the facts tell
        return text
    return " ".join([asked] * QUESTION_WEIGHT + [facts])
