"""What the user reads in practice mode: every reply of the round as an ``Answer``.

Pure functions (no Rasa): the action adapter sends them through
``jeugdhulp.channels.render``, so every channel gets its format. The sentences are ours
(``knowledge/content/texts/quiz.yml``) and never styled as quotes; only the feedback quotes
the guideline passages of a question, with their citation.
"""
from __future__ import annotations

import json
from typing import List, Optional

from jeugdhulp.knowledge.answers import Answer, Quote, Suggestion, is_guideline
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.messages import message
from jeugdhulp.quiz import matching
from jeugdhulp.quiz.question import QuizQuestion
from jeugdhulp.quiz.state import QuizState
from jeugdhulp.quiz.subjects import all_subjects, subject_label

BUTTON_CHARS = 40  # longer options are listed in the text and shortened on the button
MAX_REVISITS = 3  # "Lees na: ..." buttons after a round
GIVEN_CHARS = 80  # of a typed answer repeated in the feedback
SUBJECT_CHARS = 60  # of an unknown subject repeated in the reply


# --- payloads ---------------------------------------------------------------------------------
def start_payload(subject: Optional[str] = None) -> str:
    if not subject:
        return "/start_quiz"
    return "/start_quiz" + json.dumps({"subject": subject}, ensure_ascii=False)


def answer_payload(number: int, option: int) -> str:
    """Button payload: question ``number`` of the round, option ``option`` (both from 1).
    Short on purpose: Telegram allows 64 bytes of callback data."""
    return '/quiz_answer{"choice": "%d.%d"}' % (number, option)


def _short(text: str, limit: int = BUTTON_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _button_title(index: int, option: str, numbered: bool) -> str:
    """The option itself; when the options are listed (numbered) in the text because some
    are long, its number and the option, shortened."""
    return _short(f"{index}. {option}") if numbered else option


def _joined(prefix: str, text: str) -> str:
    return f"{prefix} {text}" if prefix else text


# --- starting ---------------------------------------------------------------------------------
def start_message(count: int, subject: Optional[str],
                  replaced: Optional[QuizState] = None) -> Answer:
    """The round starts; after the score so far of the round it replaces, if any."""
    label = subject_label(subject)
    lead = message("quiz.start.lead", count=count, subject=f"{label[:1].lower()}{label[1:]}")
    if replaced is not None and replaced.active and replaced.index:
        lead = _joined(message("quiz.start.previous_stopped", score=replaced.score,
                               answered=replaced.index), lead)
    return Answer(lead=lead)


def unknown_subject_message(asked: str) -> Answer:
    """No questions about what the user asked for: the subjects there are, as buttons."""
    return Answer(
        lead=message("quiz.start.unknown_subject", subject=asked[:SUBJECT_CHARS]),
        suggestions=[Suggestion(s.label, start_payload(s.slug)) for s in all_subjects().values()]
        + [Suggestion(message("quiz.start.all_subjects_button"), start_payload())])


def no_questions_message() -> Answer:
    return Answer(lead=message("quiz.start.no_questions"), found=False)


def no_round_message() -> Answer:
    return Answer(lead=message("quiz.no_round.lead"),
                  suggestions=[Suggestion(message("quiz.no_round.button"), start_payload())])


# --- asking -----------------------------------------------------------------------------------
def again_prefix(reason: str) -> str:
    """Why a question is asked again (``jeugdhulp.quiz.matching`` reasons), or after an
    answer to a question in between (``matching.QUESTION``)."""
    if reason == matching.STALE_BUTTON:
        return message("quiz.again.stale_button")
    if reason == matching.UNKNOWN_OPTION:
        return message("quiz.again.unknown_option")
    if reason == matching.NOT_AN_OPTION:
        return message("quiz.again.not_an_option")
    return message("quiz.again.after_question")


def question_message(q: QuizQuestion, number: int, total: int, prefix: str = "") -> Answer:
    """The question: our words only (lead and notes, never quotes), buttons for the options."""
    lead = _joined(prefix, message("quiz.question.lead", number=number, total=total,
                                   subject=q.subject_label, prompt=q.prompt))
    notes: List[str] = []
    suggestions: List[Suggestion] = []
    if q.is_choice:
        numbered = any(len(o) > BUTTON_CHARS for o in q.options)
        if numbered:
            notes += [f"{i}. {o}" for i, o in enumerate(q.options, 1)]
        suggestions = [Suggestion(_button_title(i, o, numbered), answer_payload(number, i))
                       for i, o in enumerate(q.options, 1)]
        notes.append(message("quiz.question.choose"))
    else:
        notes.append(message("quiz.question.type"))
    return Answer(lead=lead, notes=notes, suggestions=suggestions)


# --- after an answer ----------------------------------------------------------------------------
def feedback_message(kb: KnowledgeBase, q: QuizQuestion, correct: bool,
                     given: str = "") -> Answer:
    """Right or wrong, the right answer, and the guideline passage(s) quoted and cited."""
    headings = list(q.source_headings) + [""] * len(q.source_keys)
    quotes = [Quote.of(kb.record(key), heading=headings[i] or None)
              for i, key in enumerate(q.source_keys)]
    if not quotes or is_guideline(quotes[0].citation.guideline_title):
        source = message("quiz.feedback.source.guideline")
    else:
        source = message("quiz.feedback.source.dossier")
    if correct:
        lead = message("quiz.feedback.right", answer=q.answer_text, source=source)
    else:
        lead = message("quiz.feedback.wrong", answer=q.answer_text, source=source)
    notes = []
    if correct and not q.is_choice and given \
            and matching.normalize(given) != matching.normalize(q.answer_text):
        notes.append(message("quiz.feedback.accepted", given=given.strip()[:GIVEN_CHARS]))
    return Answer(lead=lead, quotes=quotes, notes=notes, subject=q.answer_subject)


def result_message(score: int, answered: int, wrong: List[QuizQuestion],
                   subject: Optional[str], stopped: bool = False) -> Answer:
    """The score, what to read again (as buttons that ask the assistant), another round."""
    if stopped and answered:
        lead = message("quiz.result.stopped_with_score", score=score, answered=answered)
    elif stopped:
        lead = message("quiz.result.stopped")
    else:
        lead = message("quiz.result.done", score=score, answered=answered)
    notes: List[str] = []
    topics = list(dict.fromkeys(q.topic for q in wrong if q.topic))
    if topics:
        notes.append(message("quiz.result.revisit", topics="; ".join(topics)))
    elif answered and score == answered and not stopped:
        notes.append(message("quiz.result.all_right"))
    suggestions = []
    seen = set()
    for q in wrong:
        if q.revisit and q.revisit not in seen and len(suggestions) < MAX_REVISITS:
            seen.add(q.revisit)
            suggestions.append(Suggestion(
                _short(message("quiz.result.revisit_button", topic=q.topic)), q.revisit))
    suggestions.append(Suggestion(message("quiz.result.again_button"), start_payload(subject)))
    return Answer(lead=lead, notes=notes, suggestions=suggestions)
