"""Practice mode: rounds of questions from the knowledge base (``jeugdhulp.quiz.questions``).

Three actions:

* ``action_quiz_start`` ("oefenen", "quiz samen beslissen", /oefenen [onderwerp]) starts a
  round of ``QUIZ_QUESTIONS`` (default 5) questions and asks the first;
* ``action_quiz_answer`` checks an answer (a button ``/quiz_answer{"choice": "2.3"}`` =
  question 2, option 3; a typed number, letter or option; free text, leniently), gives the
  feedback with the quoted guideline passage and its citation, then asks the next question
  or gives the score. While a round is active the rules send it every message that could be
  an answer; a message that is really a question about the guidelines is answered (by the
  same code as ``action_answer``) and the pending question is asked again;
* ``action_quiz_stop`` ("stop", /stop) ends the round with the score so far.

The state lives in slots set only by these actions: ``quiz_active`` (the one that steers
the dialogue), ``quiz_questions`` (ids: every question is rebuilt from its id),
``quiz_index``, ``quiz_score``, ``quiz_wrong`` (ids answered wrong), ``quiz_subject`` and
``quiz_history`` (the last ids asked, so that the next round asks other things).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from jeugdhulp.dialogue.answering import answer_question, fallback_answer
from actions.common import (
    KB_ERRORS,
    entity_values,
    kb_unavailable,
    knowledge_base,
    latest_intent,
    latest_text,
    send_answer,
)
from actions.guidelines import question_from
from jeugdhulp.channels.render import format_for, render
from jeugdhulp.quiz import questions as quiz
from jeugdhulp.knowledge.answers import Answer, Quote, Suggestion, is_guideline
from jeugdhulp.knowledge.base import KnowledgeBase

BUTTON_CHARS = 40  # longer options are listed in the text and shortened on the button
MAX_ROUND = 15

# Intents whose message is a question about the guidelines (when it is not an answer).
GUIDELINE_INTENTS = {
    "ask_effectiveness", "ask_target_group", "ask_age_range", "ask_intervention",
    "ask_interventions_for", "compare_interventions", "ask_first_contact",
    "ask_working_factors", "ask_neglect_help", "ask_guideline", "ask_definition", "ask_topic",
    "list_sources", "search_command",
}
QUESTION_WORDS = {"wat", "welke", "welk", "hoe", "wie", "waar", "wanneer", "waarom", "waarvoor",
                  "hoeveel", "is", "zijn", "kan", "kun", "kunnen", "mag", "moet", "moeten",
                  "heeft", "hebben", "wordt", "werkt", "geldt", "bestaat", "vertel", "leg",
                  "geef", "zoek", "noem", "klopt"}
ANSWER_START = re.compile(r"^(is het|het is|ik denk|volgens mij|dat is|antwoord)\b", re.IGNORECASE)


def round_size(text: str = "") -> int:
    """Questions per round: "quiz met 10 vragen" in the message, else QUIZ_QUESTIONS, else 5."""
    match = re.search(r"\b(\d{1,2})\s*vragen\b", text or "")
    if match:
        return max(1, min(MAX_ROUND, int(match.group(1))))
    try:
        return max(1, min(MAX_ROUND, int(os.environ.get("QUIZ_QUESTIONS", quiz.ROUND_SIZE))))
    except ValueError:
        return quiz.ROUND_SIZE


def start_payload(subject: Optional[str] = None) -> str:
    if not subject:
        return "/start_quiz"
    return "/start_quiz" + json.dumps({"subject": subject}, ensure_ascii=False)


def answer_payload(number: int, option: int) -> str:
    """Button payload: question ``number`` of the round, option ``option`` (both from 1).
    Short on purpose: Telegram allows 64 bytes of callback data."""
    return '/quiz_answer{"choice": "%d.%d"}' % (number, option)


def _button_title(index: int, option: str, numbered: bool) -> str:
    """The option itself; when the options are listed (numbered) in the text because some
    are long, its number and the option, shortened."""
    if not numbered:
        return option
    title = f"{index}. {option}"
    return title if len(title) <= BUTTON_CHARS else f"{title[:BUTTON_CHARS - 1].rstrip()}…"


# --- what the user reads (all through jeugdhulp/channels/render.py, so every channel gets its format) -------
def question_message(q: quiz.QuizQuestion, number: int, total: int, prefix: str = "") -> Answer:
    """The question: our words only (lead and notes, never quotes), buttons for the options."""
    lead = f"{prefix}Vraag {number} van {total} ({q.subject_label}): {q.prompt}"
    notes: List[str] = []
    suggestions: List[Suggestion] = []
    if q.is_choice:
        numbered = any(len(o) > BUTTON_CHARS for o in q.options)
        if numbered:
            notes += [f"{i}. {o}" for i, o in enumerate(q.options, 1)]
        suggestions = [Suggestion(_button_title(i, o, numbered), answer_payload(number, i))
                       for i, o in enumerate(q.options, 1)]
        notes.append("Kies een antwoord (of typ het nummer).")
    else:
        notes.append("Typ je antwoord. Weet je het niet? Typ dan \"weet ik niet\".")
    return Answer(lead=lead, notes=notes, suggestions=suggestions)


def feedback_message(kb: KnowledgeBase, q: quiz.QuizQuestion, correct: bool,
                     given: str = "") -> Answer:
    """Right or wrong, the right answer, and the guideline passage(s) quoted and cited."""
    if correct:
        lead = f"✅ Goed! Het antwoord is: {q.answer_text}."
    else:
        lead = f"❌ Helaas, het juiste antwoord is: {q.answer_text}."
    headings = list(q.source_headings) + [""] * len(q.source_keys)
    quotes = [Quote.of(kb.record(key), heading=headings[i] or None)
              for i, key in enumerate(q.source_keys)]
    notes = []
    if correct and not q.is_choice and given and quiz.normalize(given) != quiz.normalize(q.answer_text):
        notes.append(f"Jouw antwoord \"{given.strip()[:80]}\" rekenen we goed.")
    where = "de richtlijn" if not quotes or is_guideline(quotes[0].citation.guideline_title) \
        else "het NJi-dossier"
    return Answer(lead=f"{lead} Zo staat het in {where}:", quotes=quotes, notes=notes,
                  subject=q.answer_subject)


def result_message(score: int, answered: int, wrong: List[quiz.QuizQuestion],
                   subject: Optional[str], stopped: bool = False) -> Answer:
    if stopped:
        lead = (f"De oefenronde is gestopt. Je score: {score} van de {answered} beantwoorde "
                f"vragen." if answered else "De oefenronde is gestopt.")
    else:
        lead = f"Klaar! Je score: {score} van de {answered}."
    notes: List[str] = []
    topics = list(dict.fromkeys(q.topic for q in wrong if q.topic))
    if topics:
        notes.append("Goed om nog eens na te lezen: " + "; ".join(topics) +
                     ". Kies hieronder een onderwerp, dan zoek ik het voor je op.")
    elif answered and score == answered and not stopped:
        notes.append("Alles goed, knap gedaan!")
    suggestions = []
    seen = set()
    for q in wrong:
        if q.revisit and q.revisit not in seen and len(suggestions) < 3:
            seen.add(q.revisit)
            suggestions.append(Suggestion(_short(f"Lees na: {q.topic}"), q.revisit))
    suggestions.append(Suggestion("Nog een oefenronde", start_payload(subject)))
    return Answer(lead=lead, notes=notes, suggestions=suggestions)


def _short(text: str, limit: int = BUTTON_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def say(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer) -> None:
    """Sends an answer of ours (no quotes to remember for follow-ups)."""
    rendered = render(answer, format_for(tracker.get_latest_input_channel()))
    dispatcher.utter_message(text=rendered.text, buttons=rendered.buttons or None)


# --- state ------------------------------------------------------------------------------------
@dataclass
class QuizState:
    active: bool = False
    ids: List[str] = field(default_factory=list)
    index: int = 0
    score: int = 0
    wrong: List[str] = field(default_factory=list)
    subject: Optional[str] = None
    history: List[str] = field(default_factory=list)

    @classmethod
    def of(cls, tracker: Tracker) -> "QuizState":
        def number(name: str) -> int:
            try:
                return int(float(tracker.get_slot(name) or 0))
            except (TypeError, ValueError):
                return 0
        ids = [str(i) for i in tracker.get_slot("quiz_questions") or []]
        return cls(active=bool(tracker.get_slot("quiz_active")) and bool(ids), ids=ids,
                   index=number("quiz_index"), score=number("quiz_score"),
                   wrong=[str(i) for i in tracker.get_slot("quiz_wrong") or []],
                   subject=tracker.get_slot("quiz_subject") or None,
                   history=[str(i) for i in tracker.get_slot("quiz_history") or []])

    def events(self) -> List[Dict[Text, Any]]:
        if not self.active:
            return [SlotSet("quiz_active", False), SlotSet("quiz_questions", None),
                    SlotSet("quiz_index", None), SlotSet("quiz_score", None),
                    SlotSet("quiz_wrong", None), SlotSet("quiz_subject", self.subject),
                    SlotSet("quiz_history", self.history[-quiz.HISTORY_SIZE:])]
        return [SlotSet("quiz_active", True), SlotSet("quiz_questions", self.ids),
                SlotSet("quiz_index", self.index), SlotSet("quiz_score", self.score),
                SlotSet("quiz_wrong", self.wrong), SlotSet("quiz_subject", self.subject),
                SlotSet("quiz_history", self.history[-quiz.HISTORY_SIZE:])]

    def current(self, kb: KnowledgeBase) -> Optional[quiz.QuizQuestion]:
        """The pending question; questions that can no longer be built (the knowledge base
        changed during the round) are skipped."""
        while self.index < len(self.ids):
            q = quiz.question(kb, self.ids[self.index])
            if q is not None:
                return q
            self.ids.pop(self.index)
        return None

    def wrong_questions(self, kb: KnowledgeBase) -> List[quiz.QuizQuestion]:
        found = [quiz.question(kb, i) for i in self.wrong]
        return [q for q in found if q is not None]


def ask_current(dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
                state: QuizState, prefix: str = "") -> bool:
    q = state.current(kb)
    if q is None:
        return False
    say(dispatcher, tracker, question_message(q, state.index + 1, len(state.ids), prefix))
    return True


def finish(dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
           state: QuizState, stopped: bool = False) -> List[Dict[Text, Any]]:
    answered = state.index
    say(dispatcher, tracker, result_message(state.score, answered, state.wrong_questions(kb),
                                            state.subject, stopped))
    state.active = False
    return state.events()


def no_round(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    say(dispatcher, tracker, Answer(
        lead="Er loopt nu geen oefenronde. Wil je oefenen? Typ \"oefenen\" of kies hieronder.",
        suggestions=[Suggestion("Start een oefenronde", start_payload())]))


# --- actions ----------------------------------------------------------------------------------
class ActionQuizStart(Action):
    def name(self) -> Text:
        return "action_quiz_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        if not text.startswith("/") and quiz.is_stop_request(text):
            # "ik wil niet meer oefenen" taken for a start: end the round, never restart it.
            return await ActionQuizStop().run(dispatcher, tracker, domain)
        asked = entity_values(tracker, "subject")
        subject = quiz.resolve_subject(asked[0]) if asked else (
            None if text.startswith("/") else quiz.resolve_subject(text))
        if asked and subject is None:
            say(dispatcher, tracker, Answer(
                lead=f"Over \"{asked[0][:60]}\" heb ik geen oefenvragen. Kies een onderwerp:",
                suggestions=[Suggestion(s.label, start_payload(s.slug))
                             for s in quiz.SUBJECTS.values()]
                + [Suggestion("Alles door elkaar", start_payload())]))
            return []
        old = QuizState.of(tracker)
        try:
            kb = knowledge_base()
            questions = quiz.generate_round(kb, round_size(text), subject, seed=None,
                                            exclude=old.history)
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)
        if not questions:
            say(dispatcher, tracker, Answer(lead="Ik kan nu geen oefenvragen maken. Probeer het "
                                                 "later nog eens.", found=False))
            return []
        state = QuizState(active=True, ids=[q.id for q in questions], subject=subject,
                          history=[*old.history, *(q.base_id for q in questions)])
        stopped = (f"De vorige oefenronde is gestopt (score {old.score} van {old.index}). "
                   if old.active and old.index else "")
        say(dispatcher, tracker, Answer(lead=(
            f"{stopped}Oefenronde: {len(questions)} vragen over "
            f"{quiz.subject_label(subject)[:1].lower()}{quiz.subject_label(subject)[1:]}. "
            f"Kies een antwoord met de knoppen of typ het. Typ \"stop\" om te stoppen; een "
            f"gewone vraag tussendoor mag ook.")))
        ask_current(dispatcher, tracker, kb, state)
        return state.events()


class ActionQuizAnswer(Action):
    def name(self) -> Text:
        return "action_quiz_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        state = QuizState.of(tracker)
        intent, text = latest_intent(tracker), latest_text(tracker)
        try:
            kb = knowledge_base()
            if not state.active:
                if intent == "quiz_answer":
                    no_round(dispatcher, tracker)
                    return []
                return self.answer_instead(dispatcher, tracker, kb)
            q = state.current(kb)
            if q is None:
                return finish(dispatcher, tracker, kb, state)
            return self.handle(dispatcher, tracker, kb, state, q, intent, text)
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)

    def handle(self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
               state: QuizState, q: quiz.QuizQuestion, intent: str,
               text: str) -> List[Dict[Text, Any]]:
        choice = entity_values(tracker, "choice")
        if choice:
            number, _, option = choice[0].partition(".")
            if not option:  # an option number without a question number: the current one
                number, option = str(state.index + 1), number
            if number != str(state.index + 1):
                ask_current(dispatcher, tracker, kb, state,
                            prefix="Die knop hoort bij een eerdere vraag. De huidige vraag — ")
                return []
            picked = int(option) - 1 if option.isdigit() else -1
            if not 0 <= picked < len(q.options):
                ask_current(dispatcher, tracker, kb, state, prefix="Dat antwoord ken ik niet. ")
                return []
            return self.judge(dispatcher, tracker, kb, state, q, picked == q.correct)
        if text.startswith("/"):  # another button or a quick command: not an answer
            return self.answer_instead(dispatcher, tracker, kb, state)
        if quiz.is_dont_know(text):
            return self.judge(dispatcher, tracker, kb, state, q, False)
        if q.is_choice:
            picked_option = quiz.match_option(q, text)
            if picked_option is not None:
                return self.judge(dispatcher, tracker, kb, state, q, picked_option == q.correct)
            if looks_like_question(intent, text) or intent in GUIDELINE_INTENTS:
                return self.answer_instead(dispatcher, tracker, kb, state)
            ask_current(dispatcher, tracker, kb, state,
                        prefix="Kies een van de antwoorden of typ het nummer (of \"stop\"). ")
            return []
        if quiz.check_free_text(kb, q, text):
            return self.judge(dispatcher, tracker, kb, state, q, True, text)
        if looks_like_question(intent, text):
            return self.answer_instead(dispatcher, tracker, kb, state)
        return self.judge(dispatcher, tracker, kb, state, q, False, text)

    def judge(self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
              state: QuizState, q: quiz.QuizQuestion, correct: bool,
              given: str = "") -> List[Dict[Text, Any]]:
        events = send_answer(dispatcher, tracker, feedback_message(kb, q, correct, given))
        if correct:
            state.score += 1
        else:
            state.wrong.append(q.id)
        state.index += 1
        if state.current(kb) is None:
            return events + finish(dispatcher, tracker, kb, state)
        ask_current(dispatcher, tracker, kb, state)
        return events + state.events()

    def answer_instead(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       kb: KnowledgeBase, state: Optional[QuizState] = None
                       ) -> List[Dict[Text, Any]]:
        """The message is a question, not an answer: answer it like action_answer (or
        action_fallback) would, then ask the pending quiz question again."""
        intent = latest_intent(tracker)
        if intent == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
            events: List[Dict[Text, Any]] = []
        elif intent in GUIDELINE_INTENTS:
            events = send_answer(dispatcher, tracker, answer_question(kb, question_from(tracker)))
        else:
            ranking = [r for r in (tracker.latest_message or {}).get("intent_ranking") or []
                       if r.get("name") not in ("nlu_fallback", "quiz_answer", "start_quiz",
                                                "stop_quiz")]
            hint = ranking[0] if ranking else {}
            events = send_answer(dispatcher, tracker, fallback_answer(
                kb, latest_text(tracker), hint.get("name") or "",
                float(hint.get("confidence") or 0)))
        if state is not None and state.active:
            ask_current(dispatcher, tracker, kb, state,
                        prefix="Terug naar de oefenronde (typ \"stop\" om te stoppen). ")
        return events


def looks_like_question(intent: str, text: str) -> bool:
    """Whether a message during a round is a question of its own rather than an answer:
    long, or a question in form ("wat is de doelgroep van IAG?"), and not a hedged answer
    ("is het Verve?")."""
    if intent == "quiz_answer":
        return False
    words = text.split()
    if not words or ANSWER_START.match(text.strip()):
        return False
    if len(words) >= 9:
        return True
    first = re.sub(r"[^\w]", "", words[0].lower())
    return len(words) >= 4 and (text.strip().endswith("?") or first in QUESTION_WORDS)


class ActionQuizStop(Action):
    def name(self) -> Text:
        return "action_quiz_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        state = QuizState.of(tracker)
        if not state.active:
            if latest_intent(tracker) != "goodbye":
                no_round(dispatcher, tracker)
            return [SlotSet("quiz_active", False)]
        try:
            kb = knowledge_base()
            return finish(dispatcher, tracker, kb, state, stopped=True)
        except KB_ERRORS as error:
            events = kb_unavailable(dispatcher, error)
            state.active = False
            return events + state.events()
