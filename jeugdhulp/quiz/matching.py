"""Reading what a user types during a round: an answer (which option, right or wrong), "I
don't know", a request to stop, or a question of its own.

Lenient on purpose: case, accents, articles, punctuation, hedges ("ik denk", "volgens mij"),
abbreviations, inflection and typos do not matter. The hedges, the don't-know and stop
phrasings and the number words are small rules and stay here; the question words are in
``quiz.yml``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional

from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.quiz.bank import load
from jeugdhulp.quiz.question import QuizQuestion
from jeugdhulp.text import fold, name_key

ARTICLES = re.compile(r"^(de|het|een|'t|n)\s+")
DONT_KNOW = re.compile(
    r"^(ik\s+)?(weet\s+(het\s+|ik\s+)?niet|(heb\s+)?(echt\s+)?geen\s+(flauw\s+)?idee|pas|passen|"
    r"ik\s+pas|sla\s+(maar\s+)?over|deze\s+(sla\s+ik\s+over|weet\s+ik\s+niet)|"
    r"overslaan|geen\s+flauw\s+benul|\?+|weet\s+niet|idk|no\s+idea)[\s.!?]*$", re.IGNORECASE)
# A typed choice may be hedged: "ik gok op 2", "volgens mij de derde", "3 denk ik".
CHOICE_HEDGES = re.compile(r"^(ik\s+gok\s+(maar\s+wat\s*:?\s*|op\s+)?|ik\s+denk\s+|"
                           r"volgens\s+mij\s+(is\s+het\s+)?|doe\s+maar\s+|het\s+is\s+|"
                           r"dat\s+is\s+|is\s+het\s+)")
CHOICE_TAILS = re.compile(r"\s*,?\s*(denk\s+ik|lijkt\s+me|volgens\s+mij)$")
NUMBER_WORDS = {"twee": "2", "drie": "3", "vier": "4"}
ORDINALS = ("eerste", "tweede", "derde", "vierde")
HEDGES = re.compile(r"^(ik\s+denk\s+(dat\s+het\s+)?|volgens\s+mij\s+(is\s+het\s+)?|is\s+het\s+|"
                    r"het\s+is\s+|dat\s+is\s+|antwoord\s*:?\s*)", re.IGNORECASE)
# Words that ask to end practice, even when the NLU takes the message for a start ("ik wil
# niet meer oefenen", "oefenmodus uit", "quiz afbreken"): a round must never restart then.
STOP_REQUEST = re.compile(
    r"\b(stop\w*|afbre\w*|be[eë]indig\w*|ophouden|kappen|kap|uitzetten|einde)\b"
    r"|\bzet\s+(\w+\s+){1,3}uit\b|\bhoud?\s+(maar\s+)?op\b"
    r"|\bniet\s+(meer|verder|langer)\b|\bgeen\s+(zin|quiz|oefen\w*|vragen|toets\w*)\s+meer\b"
    r"|\bklaar\s+met\b|\bgenoeg\s+(geoefend|gedaan|vragen|voor\s+vandaag)\b"
    r"|(modus|quiz|ronde)\s+uit\b|\buit\s+de\s+(oefen|quiz|training)\w*", re.IGNORECASE)
# Words that ask for practice ("nog een ronde?", "en nu oefenen?"): a short message with one of
# them is a start of practice even when it reads like a follow-up (jeugdhulp/nlu/components.py
# FollowUpGuard).
PRACTICE_WORDS = re.compile(
    r"\b(oefen\w*|quiz\w*|ronde|rondje|overho+r\w*|toets\w*|test\w*)\b",
    re.IGNORECASE)
# An answer that starts like a question ("is het Verve?") is still an answer.
ANSWER_START = re.compile(r"^(is het|het is|ik denk|volgens mij|dat is|antwoord)\b", re.IGNORECASE)
# Typed option numbers, ordinals and letters ("optie 2", "de tweede", "b").
_CHOICE_WORDS = r"optie|antwoord|nummer|nr\.?|keuze"
_ONE = re.compile(rf"\b({_CHOICE_WORDS})\s+(een|één|een)$")
_NUMBER_WORD = re.compile(r"\b(twee|drie|vier)$")
_NUMBER = re.compile(rf"(?:ik\s+kies\s+)?(?:(?:{_CHOICE_WORDS})\s*){{0,2}}(\d)")
_ORDINAL = re.compile(r"(?:ik\s+kies\s+)?(?:de|het)?\s*(eerste|tweede|derde|vierde|laatste)"
                      r"(?:\s+(?:optie|antwoord))?")
_LETTER = re.compile(r"(?:optie|antwoord|ik\s+kies)?\s*([a-d])")
QUIZ_ANSWER_INTENT = "quiz_answer"


def normalize(text: str) -> str:
    """Folded, punctuation and leading articles and hedges removed: "Is het de RGT?" -> "rgt"."""
    text = fold(text or "").replace("&", " en ")
    text = re.sub(r"[^\w\s'-]", " ", text)
    text = " ".join(text.split())
    for _ in range(3):
        stripped = ARTICLES.sub("", HEDGES.sub("", text)).strip()
        if stripped == text:
            break
        text = stripped
    return text


def is_dont_know(text: str) -> bool:
    return bool(DONT_KNOW.match((text or "").strip()))


def is_stop_request(text: str) -> bool:
    """True for "ik wil niet meer oefenen", "klaar met de quiz", "oefenmodus uit"; not for
    "ik wil oefenen", "nog een ronde", "oefenen over de meldcode"."""
    return bool(STOP_REQUEST.search(text or ""))


def looks_like_question(intent: str, text: str) -> bool:
    """Whether a message during a round is a question of its own rather than an answer:
    long, or a question in form ("wat is de doelgroep van IAG?"), and not a hedged answer
    ("is het Verve?")."""
    if intent == QUIZ_ANSWER_INTENT:
        return False
    words = text.split()
    if not words or ANSWER_START.match(text.strip()):
        return False
    if len(words) >= 9:
        return True
    first = re.sub(r"[^\w]", "", words[0].lower())
    return len(words) >= 4 and (text.strip().endswith("?") or first in load().question_words)


# --- free text ------------------------------------------------------------------------------
def _close(a: str, b: str) -> bool:
    """Typo tolerance: identical compact forms, or one or two edits in longer words."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= (0.85 if len(b) < 10 else 0.8)


def _tokens_match(answer: str, expected: str) -> bool:
    """Every word of the expected answer is in the answer (typos tolerated), with at most
    two extra words: "ik denk de relationele gezinsterapie" matches "Relationele
    Gezinstherapie"."""
    given = normalize(answer).split()
    wanted = normalize(expected).split()
    if not wanted or not given or len(given) > len(wanted) + 2:
        return False
    return all(any(w == g or _close(w, g) for g in given) for w in wanted)


def _lemmas_match(answer: str, expected: str) -> bool:
    """Same lemmas for answers of several words ("de stappen verhelderen" ~ "stap
    verhelderen"); single words are left to the typo check (lemmas of short unknown words
    collide: "verf" and "Verve")."""
    a, e = set(analyze(answer)), set(analyze(expected))
    return len(e) >= 2 and e <= a and len(a - e) <= 2


def matches(answer: str, expected: str) -> bool:
    if not answer or len(answer) > 200:
        return False
    a, e = normalize(answer), normalize(expected)
    return (a == e or _close(a, e) or name_key(a) == name_key(e)
            or _tokens_match(answer, expected) or _lemmas_match(answer, expected))


def check_free_text(kb: KnowledgeBase, q: QuizQuestion, answer: str) -> bool:
    """Whether a typed answer to a free-text question is right (leniently)."""
    answer = (answer or "").strip()
    if not answer or is_dont_know(answer):
        return False
    if any(_close(normalize(answer), f) or name_key(answer) == name_key(f) for f in q.forbidden):
        return False
    if any(matches(answer, e) for e in q.expected):
        return True
    if q.intervention_id:
        found = kb.intervention(normalize(answer))
        if found is not None and found.id == q.intervention_id:
            return True
    return False


# --- multiple choice ------------------------------------------------------------------------
def _typed_index(q: QuizQuestion, text: str) -> Optional[int]:
    """The option a typed number, ordinal or letter picks; -1 when it names none."""
    number = _NUMBER.fullmatch(text)
    if number:
        index = int(number.group(1)) - 1
        return index if 0 <= index < len(q.options) else -1
    ordinal = _ORDINAL.fullmatch(text)
    if ordinal:
        word = ordinal.group(1)
        index = len(q.options) - 1 if word == "laatste" else ORDINALS.index(word)
        return index if index < len(q.options) else -1
    letter = _LETTER.fullmatch(text)
    if letter:
        index = "abcd".index(letter.group(1))
        return index if index < len(q.options) else -1
    return None


def match_option(q: QuizQuestion, answer: str) -> Optional[int]:
    """The option a typed answer picks: its number ("2", "optie 2"), a letter ("b"), or its
    text (leniently, also another name of an intervention); None when unclear."""
    text = fold((answer or "").strip()).rstrip(".!?) ")
    text = CHOICE_TAILS.sub("", CHOICE_HEDGES.sub("", text)).strip()
    text = _ONE.sub(r"\1 1", text)
    text = _NUMBER_WORD.sub(lambda m: NUMBER_WORDS[m.group(1)], text)
    typed = _typed_index(q, text)
    if typed is not None:
        return typed if typed >= 0 else None
    hits = set()
    for index, option in enumerate(q.options):
        names = (option, *(q.option_aliases[index] if index < len(q.option_aliases) else ()))
        if any(name_key(answer) == name_key(n) or _close(normalize(answer), normalize(n))
               for n in names):
            hits.add(index)
    if len(hits) == 1:
        return hits.pop()
    if not hits:
        partial = [i for i, option in enumerate(q.options) if _tokens_match(answer, option)]
        if len(partial) == 1:
            return partial[0]
    return None


# --- a message during a round -----------------------------------------------------------------
ANSWER, AGAIN, QUESTION = "answer", "again", "question"
STALE_BUTTON, UNKNOWN_OPTION, NOT_AN_OPTION = "stale_button", "unknown_option", "not_an_option"


@dataclass(frozen=True)
class Reading:
    """What a message during a round is: an ``ANSWER`` (``correct``, and what was typed),
    a reason to ask the question ``AGAIN``, or a ``QUESTION`` of its own to answer first."""
    kind: str
    correct: bool = False
    given: str = ""
    reason: str = ""  # AGAIN: STALE_BUTTON, UNKNOWN_OPTION or NOT_AN_OPTION


def read_button(q: QuizQuestion, number: int, choice: str) -> Reading:
    """A button (``"2.3"``: question 2, option 3; ``"3"``: option 3 of this question)."""
    asked, _, option = choice.partition(".")
    if not option:  # an option number without a question number: the current one
        asked, option = str(number), asked
    if asked != str(number):
        return Reading(AGAIN, reason=STALE_BUTTON)
    picked = int(option) - 1 if option.isdigit() else -1
    if not 0 <= picked < len(q.options):
        return Reading(AGAIN, reason=UNKNOWN_OPTION)
    return Reading(ANSWER, correct=picked == q.correct)


def read_message(kb: KnowledgeBase, q: QuizQuestion, text: str, intent: str,
                 about_guidelines: bool) -> Reading:
    """A typed message while ``q`` is pending. ``about_guidelines``: the NLU took it for a
    question about the guidelines (which a typed option still outranks)."""
    if text.startswith("/"):  # another button or a quick command: not an answer
        return Reading(QUESTION)
    if is_dont_know(text):
        return Reading(ANSWER, correct=False)
    if q.is_choice:
        picked = match_option(q, text)
        if picked is not None:
            return Reading(ANSWER, correct=picked == q.correct)
        if looks_like_question(intent, text) or about_guidelines:
            return Reading(QUESTION)
        return Reading(AGAIN, reason=NOT_AN_OPTION)
    if check_free_text(kb, q, text):
        return Reading(ANSWER, correct=True, given=text)
    if looks_like_question(intent, text):
        return Reading(QUESTION)
    return Reading(ANSWER, correct=False, given=text)
