"""Practice mode actions: the Rasa adapter of ``jeugdhulp.quiz``.

Three actions; the quiz package decides, these read the tracker, send its replies through
``actions.common.send_answer`` and turn its state into slot events:

* ``action_quiz_start`` ("oefenen", "quiz samen beslissen", /oefenen [onderwerp]) starts a
  round (``QUIZ_QUESTIONS``, default 5 questions) and asks the first;
* ``action_quiz_answer`` checks an answer (a button ``/quiz_answer{"choice": "2.3"}`` =
  question 2, option 3; a typed number, letter or option; free text, leniently), gives the
  feedback with the quoted guideline passage and its citation, then asks the next question
  or gives the score. While a round is active the rules send it every message that could be
  an answer; a message that is really a question about the guidelines is answered (by the
  same code as ``action_answer``) and the pending question is asked again;
* ``action_quiz_stop`` ("stop", /stop) ends the round with the score so far.

Nothing in a round gets the 👍 / 👎 buttons (``rate=False``): the feedback on a quiz answer
is not an answer to a question, and a question answered during a round is followed by the
quiz question again, whose buttons are the ones a user should see.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    KB_ERRORS,
    kb_unavailable,
    knowledge_base,
    latest_entities,
    latest_intent,
    latest_text,
    question_from,
    send_answer,
)
from jeugdhulp import quiz
from jeugdhulp.dialogue import intents
from jeugdhulp.dialogue.answering import answer_question, fallback_answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.quiz import replies

Events = List[Dict[Text, Any]]

QUIZ_INTENTS = [name for name, info in intents.INTENTS.items() if info.kind == "quiz"]


def state_events(state: quiz.QuizState) -> Events:
    return [SlotSet(name, value) for name, value in state.slots().items()]


def ask_current(dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
                state: quiz.QuizState, prefix: str = "") -> bool:
    q = state.current(kb)
    if q is None:
        return False
    send_answer(dispatcher, tracker, replies.question_message(q, state.number, len(state.ids),
                                                              prefix), remember=False)
    return True


def finish(dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
           state: quiz.QuizState, stopped: bool = False) -> Events:
    send_answer(dispatcher, tracker, replies.result_message(
        state.score, state.index, state.wrong_questions(kb), state.subject, stopped),
        remember=False)
    state.active = False
    return state_events(state)


class ActionQuizStart(Action):
    def name(self) -> Text:
        return "action_quiz_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> Events:
        text = latest_text(tracker)
        if not text.startswith("/") and quiz.is_stop_request(text):
            # "ik wil niet meer oefenen" taken for a start: end the round, never restart it.
            return await ActionQuizStop().run(dispatcher, tracker, domain)
        asked = latest_entities(tracker, "subject")
        subject = quiz.resolve_subject(asked[0]) if asked else (
            None if text.startswith("/") else quiz.resolve_subject(text))
        if asked and subject is None:
            send_answer(dispatcher, tracker, replies.unknown_subject_message(asked[0]),
                        remember=False)
            return []
        old = quiz.QuizState.from_slots(tracker.get_slot)
        try:
            kb = knowledge_base()
            questions = quiz.generate_round(kb, quiz.round_size(text), subject, seed=None,
                                            exclude=old.history)
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)
        if not questions:
            send_answer(dispatcher, tracker, replies.no_questions_message(), remember=False)
            return []
        state = quiz.QuizState(active=True, ids=[q.id for q in questions], subject=subject,
                               history=[*old.history, *(q.base_id for q in questions)])
        send_answer(dispatcher, tracker, replies.start_message(len(questions), subject, old),
                    remember=False)
        ask_current(dispatcher, tracker, kb, state)
        return state_events(state)


class ActionQuizAnswer(Action):
    def name(self) -> Text:
        return "action_quiz_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> Events:
        state = quiz.QuizState.from_slots(tracker.get_slot)
        try:
            kb = knowledge_base()
            if not state.active:
                if latest_intent(tracker) == "quiz_answer":
                    send_answer(dispatcher, tracker, replies.no_round_message(), remember=False)
                    return []
                return self.answer_instead(dispatcher, tracker, kb)
            q = state.current(kb)
            if q is None:
                return finish(dispatcher, tracker, kb, state)
            return self.handle(dispatcher, tracker, kb, state, q)
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)

    def handle(self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
               state: quiz.QuizState, q: quiz.QuizQuestion) -> Events:
        """Does what the message means: judge an answer, ask again, or answer a question."""
        intent, choice = latest_intent(tracker), latest_entities(tracker, "choice")
        if choice:
            reading = quiz.read_button(q, state.number, choice[0])
        else:
            reading = quiz.read_message(kb, q, latest_text(tracker), intent,
                                        intents.answered_from_guidelines(intent))
        if reading.kind == quiz.ANSWER:
            return self.judge(dispatcher, tracker, kb, state, q, reading)
        if reading.kind == quiz.QUESTION:
            return self.answer_instead(dispatcher, tracker, kb, state)
        ask_current(dispatcher, tracker, kb, state, prefix=replies.again_prefix(reading.reason))
        return []

    def judge(self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
              state: quiz.QuizState, q: quiz.QuizQuestion, reading: quiz.Reading) -> Events:
        """The feedback (remembered, so that "waar staat dat?" works after it), then the
        next question or the score."""
        events = send_answer(dispatcher, tracker,
                             replies.feedback_message(kb, q, reading.correct, reading.given),
                             rate=False)
        state.record(q, reading.correct)
        if state.current(kb) is None:
            return events + finish(dispatcher, tracker, kb, state)
        ask_current(dispatcher, tracker, kb, state)
        return events + state_events(state)

    def answer_instead(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                       kb: KnowledgeBase, state: Optional[quiz.QuizState] = None) -> Events:
        """The message is a question, not an answer: answer it like action_answer (or
        action_fallback) would, then ask the pending quiz question again."""
        intent = latest_intent(tracker)
        rate = state is None or not state.active  # outside a round: an answer like any other
        if intent == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
            events: Events = []
        elif intents.answered_from_guidelines(intent):
            events = send_answer(dispatcher, tracker, answer_question(kb, question_from(tracker)),
                                 rate=rate)
        else:
            hint = intents.next_best(tracker.latest_message, excluding=QUIZ_INTENTS)
            events = send_answer(dispatcher, tracker, fallback_answer(
                kb, latest_text(tracker), hint.get("name") or "",
                float(hint.get("confidence") or 0)), rate=rate)
        if state is not None and state.active:
            ask_current(dispatcher, tracker, kb, state,
                        prefix=replies.again_prefix(quiz.QUESTION))
        return events


class ActionQuizStop(Action):
    def name(self) -> Text:
        return "action_quiz_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> Events:
        state = quiz.QuizState.from_slots(tracker.get_slot)
        if not state.active:
            if latest_intent(tracker) != "goodbye":
                send_answer(dispatcher, tracker, replies.no_round_message(), remember=False)
            return [SlotSet("quiz_active", False)]
        try:
            kb = knowledge_base()
            return finish(dispatcher, tracker, kb, state, stopped=True)
        except KB_ERRORS as error:
            events = kb_unavailable(dispatcher, error)
            state.active = False
            return events + state_events(state)
