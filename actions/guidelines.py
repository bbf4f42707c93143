"""Actions that answer questions about the guidelines with quoted, cited passages.

Thin: read the message and slots, ask ``jeugdhulp.dialogue`` (which asks the knowledge
base), send the Answer rendered for the channel, remember what follow-ups need. A message
right after "Wat klopte er niet?" may be the comment on a 👎 instead of a question
(``actions.feedback.take_comment``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    KB_ERRORS,
    kb_unavailable,
    knowledge_base,
    latest_text,
    question_from,
    send_answer,
)
from actions.feedback import clear_pending, take_comment, typed_feedback
from jeugdhulp.dialogue import intents
from jeugdhulp.dialogue.answering import (
    HANDLERS,
    answer_question,
    fallback_answer,
    out_of_scope_answer,
)
from jeugdhulp.dialogue.cues import points_back
from jeugdhulp.dialogue.followup import follow_up_answer, from_the_rest_of_the_list
from jeugdhulp.dialogue.question import nlu_guideline
from jeugdhulp.knowledge import compose


class ActionAnswer(Action):
    """Every question about the guidelines, and every follow-up."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        comment = take_comment(dispatcher, tracker)
        if comment is not None:
            return comment
        try:
            answer = answer_question(knowledge_base(), question_from(tracker))
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)
        return send_answer(dispatcher, tracker, answer) + clear_pending(tracker)


class ActionFallback(Action):
    """Low NLU confidence: the comment on a 👎 or typed feedback on the answer just given
    ("klopt niet helemaal hoor"), else search the guidelines before giving up (clear
    matches only)."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        handled = take_comment(dispatcher, tracker) or typed_feedback(dispatcher, tracker)
        if handled is not None:
            return handled
        return answer_unsure(dispatcher, tracker)


class ActionOutOfScope(Action):
    """A message the NLU read as out of scope: the guidelines' answer when they answer it
    clearly all the same (``out_of_scope_answer``), else the out-of-scope reply."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            answer = out_of_scope_answer(knowledge_base(), latest_text(tracker))
        except KB_ERRORS:  # without the guidelines the NLU's reading stands
            answer = None
        if answer is None:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        return send_answer(dispatcher, tracker, answer) + clear_pending(tracker)


def answer_unsure(dispatcher: CollectingDispatcher, tracker: Tracker,
                  excluding: Sequence[str] = ()) -> List[Dict[Text, Any]]:
    """A message the NLU was unsure of (or misread: ``excluding`` its guess): a follow-up
    in the conversation, else the search (clear matches only)."""
    hint = intents.next_best(tracker.latest_message, excluding)
    # read as out of scope or help, without certainty (FollowUpGuard): a clear match only
    closest = intents.kind_of(hint.get("name") or "") != "conversation"
    try:
        kb = knowledge_base()
        question = question_from(tracker, "nlu_fallback")
        answer = follow_up_answer(kb, question, HANDLERS, closest=closest) \
            or fallback_answer(kb, latest_text(tracker), hint.get("name") or "",
                               float(hint.get("confidence") or 0),
                               nlu_guideline(tracker.latest_message),
                               in_conversation=bool(question.sources)
                               and points_back(question.text))
        if not answer.found:
            answer = from_the_rest_of_the_list(kb, question) or answer
    except KB_ERRORS as error:
        return kb_unavailable(dispatcher, error)
    return send_answer(dispatcher, tracker, answer) + clear_pending(tracker)


class ActionEscalate(Action):
    """Acute danger to a child: the escalation card first, then the answer to the question
    the message also asked, if it asked one (the intent the NLU predicted before the danger
    rules overrode it)."""

    def name(self) -> Text:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge_base()
        try:
            card = compose.escalation_card(kb)
        except KB_ERRORS:
            card = compose.escalation_card(None)  # what to do now, without the quotes
        events = send_answer(dispatcher, tracker, card, rate=False)
        original = original_intent(tracker.latest_message)
        if intents.answered_from_guidelines(original):
            try:
                answer = answer_question(kb, question_from(tracker, original))
            except KB_ERRORS:
                return events
            if answer.found:
                events = send_answer(dispatcher, tracker, answer, intent=original)
        return events


def original_intent(parse_data: Dict[Text, Any]) -> str:
    """What the message asked besides the danger: the intent the danger rules overrode, or
    (report_danger from a button or an older model) the next best intent."""
    danger = (parse_data or {}).get("danger") or {}
    if danger:
        return danger.get("original_intent") or ""
    return intents.next_best(parse_data, excluding=["report_danger"]).get("name") or ""
