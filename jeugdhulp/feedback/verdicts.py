"""What a message means for feedback: a 👍 / 👎 click, typed feedback ("klopt niet"), the
optional comment after a 👎, or none of these.

Pure functions over the message (text, intent, entities) and what the conversation
remembers (the ``last_answer`` record, whether it is the answer just given, whether a
comment is pending), so the whole decision is testable without Rasa. Which words count as
feedback and which words start a question is content (``knowledge/content/texts/feedback.yml``).

* A click is the payload of a button (``/feedback{...}``): it counts only for the latest
  answer of the conversation, and only when that answer was cited (it had buttons).
  Anything else (an older answer, no answer yet, a payload that cannot be read) is
  ``STALE``: a Dutch message, nothing stored.
* Typed feedback counts for the answer given just before it, when that was cited: a
  negative cue is 👎, a positive one 👍; what the message says besides the cue is kept as
  its comment. With no answer to attach it to, it is ``GENERAL`` feedback.
* After a 👎 the next message is its comment unless it looks like a question (then it is
  answered and the comment dropped): see :func:`comment_of`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Pattern, Sequence

from jeugdhulp.dialogue.intents import kind_of
from jeugdhulp.feedback.answers import ID_ENTITY, INTENT, VERDICT_ENTITY
from jeugdhulp.feedback.store import DOWN, UP
from jeugdhulp.messages import lines
from jeugdhulp.privacy import redact_text
from jeugdhulp.text import fold

STORE, STALE, GENERAL = "store", "stale", "general"
QUESTION_KINDS = ("question", "lookup", "follow_up")
QUESTION_CONFIDENCE = 0.8  # the NLU this sure of a question intent: a question, not a comment
GAP_WORDS = 2  # other words a cue phrase may have between its words
NEGATION_WINDOW = 3  # words before a positive cue in which a negation turns it negative
COMMENT_CHARS = 1000


@dataclass(frozen=True)
class Decision:
    kind: str  # STORE, STALE or GENERAL
    verdict: str = ""  # UP or DOWN (STORE only)
    comment: Optional[str] = None  # redacted; what the message said besides the cue

    @property
    def asks_comment(self) -> bool:
        """A 👎 without an explanation gets the one optional question."""
        return self.kind == STORE and self.verdict == DOWN and not self.comment


# --- the content: cue words -----------------------------------------------------------------
def _phrase_pattern(phrases: Iterable[str], gap_words: int = GAP_WORDS) -> Pattern[str]:
    """Any of the (folded) phrases as whole words, with up to ``gap_words`` other words
    between the words of a phrase ("klopt echt niet", "niet zo nuttig"); longest first."""
    folded = sorted({fold(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    gap = rf"(?:\s+\w+){{0,{gap_words}}}?\s+"
    alternatives = "|".join(gap.join(map(re.escape, p.split())) for p in folded)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if folded else re.compile(r"(?!)")


@dataclass(frozen=True)
class Cues:
    negative: Pattern[str]
    positive: Pattern[str]
    situation: Pattern[str]  # about the family, not the answer: "wat er fout gaat"
    negations: frozenset
    filler: frozenset
    question_starts: frozenset


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    return Cues(negative=_phrase_pattern(lines("feedback.cues.negative")),
                positive=_phrase_pattern(lines("feedback.cues.positive")),
                situation=_phrase_pattern(lines("feedback.cues.situation"), gap_words=0),
                negations=frozenset(fold(w) for w in lines("feedback.cues.negations")),
                filler=frozenset(fold(w) for w in lines("feedback.cues.filler")),
                question_starts=frozenset(fold(w) for w in lines("feedback.question_starts")))


def _words(text: str) -> List[str]:
    return re.findall(r"\w+", text)


def typed_verdict(text: str) -> Optional[str]:
    """DOWN for a negative cue (or a positive one shortly after a negation: "niet echt
    nuttig"), UP for a positive cue, else None. Cue words in a phrase about the family's
    situation ("ze klaagt dat we alleen zien wat er fout gaat") do not count."""
    c = cues()
    folded = c.situation.sub(" ", fold(text))
    if c.negative.search(folded):
        return DOWN
    for match in c.positive.finditer(folded):
        before = _words(folded[:match.start()])[-NEGATION_WINDOW:]
        if any(w in c.negations for w in before):
            return DOWN
        return UP
    return None


def says_more(text: str) -> bool:
    """Whether the text says more than its cue words ("klopt niet, de leeftijd is 12-18")."""
    c = cues()
    rest = c.positive.sub(" ", c.negative.sub(" ", fold(text)))
    return any(w not in c.filler and w not in c.negations for w in _words(rest))


# --- questions and comments -------------------------------------------------------------------
def looks_like_question(text: str, intent: str = "", confidence: float = 0.0) -> bool:
    """Whether a message typed after "Wat klopte er niet?" is a new question: a question
    mark, a question word or a verb first ("is MST-CAN effectief"), or, without a feedback
    cue, an NLU that is sure it is a question ("MST-CAN doelgroep")."""
    stripped = text.strip()
    if "?" in stripped or stripped.startswith("/"):
        return True
    words = _words(fold(stripped))
    if words and words[0] in cues().question_starts:
        return True
    if typed_verdict(stripped) is not None or intent == INTENT:
        return False
    return kind_of(intent) in QUESTION_KINDS and confidence >= QUESTION_CONFIDENCE


def asked_not_rated(text: str) -> bool:
    """A question that uses a verdict's words ("en als nog niet duidelijk is wat er
    speelt?"): the NLU may read it as feedback, but it asks something. "klopt niet?" and a
    button's payload are feedback."""
    return not is_click(text) and "?" in text and typed_verdict(text) is not None \
        and says_more(text)


def comment_of(text: str, intent: str = "", confidence: float = 0.0,
               pending: bool = False) -> Optional[str]:
    """The (redacted) comment a message gives to a pending 👎, or None: no comment pending
    for the turn before this one, an empty message, or a new question."""
    if not pending or not text.strip() or looks_like_question(text, intent, confidence):
        return None
    return redact_text(text.strip())[:COMMENT_CHARS]


# --- clicks and typed feedback ----------------------------------------------------------------
def is_click(text: str) -> bool:
    """A button's payload (or anything typed like one) rather than typed words."""
    return text.strip().startswith("/")


def entity(entities: Sequence[Mapping[str, Any]], name: str) -> str:
    values = [e.get("value") for e in entities or [] if e.get("entity") == name]
    return str(values[0]) if len(values) == 1 and isinstance(values[0], str) else ""


def rateable(last_answer: Optional[Mapping[str, Any]]) -> bool:
    """Whether the latest answer had feedback buttons: it quoted passages."""
    return isinstance(last_answer, Mapping) and bool(last_answer.get("id")) \
        and bool(last_answer.get("passages"))


def click_decision(entities: Sequence[Mapping[str, Any]],
                   last_answer: Optional[Mapping[str, Any]]) -> Decision:
    verdict, answer_id = entity(entities, VERDICT_ENTITY), entity(entities, ID_ENTITY)
    if verdict in (UP, DOWN) and rateable(last_answer) \
            and answer_id == str(last_answer.get("id")):  # type: ignore[union-attr]
        return Decision(STORE, verdict)
    return Decision(STALE)


def decide(text: str, entities: Sequence[Mapping[str, Any]],
           last_answer: Optional[Mapping[str, Any]], just_answered: bool) -> Decision:
    """What a feedback message (intent ``feedback``, or typed cue words) means for
    ``last_answer``; ``just_answered``: it was the answer to the message before this one."""
    if is_click(text):
        return click_decision(entities, last_answer)
    verdict = typed_verdict(text)
    if verdict is None or not just_answered or not rateable(last_answer):
        return Decision(GENERAL)
    comment = redact_text(text.strip())[:COMMENT_CHARS] if says_more(text) else None
    return Decision(STORE, verdict, comment)

