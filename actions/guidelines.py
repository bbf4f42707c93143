"""Actions that answer questions about the guidelines with quoted, cited passages.

Thin: read the message and slots, ask ``jeugdhulp.dialogue.answering`` (which asks ``knowledge/``),
send the Answer rendered for the channel, remember what follow-ups need.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from jeugdhulp.dialogue.answering import GUIDELINE_CONFIDENCE, Question, answer_question, fallback_answer
from actions.common import (
    KB_ERRORS,
    entity_values,
    kb_unavailable,
    knowledge_base,
    latest_intent,
    latest_text,
    parse_age,
    send_answer,
)
from jeugdhulp.knowledge import compose


def nlu_guideline(tracker: Tracker) -> Optional[str]:
    """The guideline the NLU's guideline classifier is sure the message is about."""
    guess = (tracker.latest_message or {}).get("guideline") or {}
    if not isinstance(guess, dict):
        return None
    try:
        sure = float(guess.get("confidence") or 0) >= GUIDELINE_CONFIDENCE
    except (TypeError, ValueError, AttributeError):
        return None
    name = guess.get("name")
    return name if sure and isinstance(name, str) else None


def question_from(tracker: Tracker, intent: str = "") -> Question:
    text = latest_text(tracker)
    return Question(
        intent=intent or latest_intent(tracker),
        text=text,
        interventions=entity_values(tracker, "intervention"),
        problems=entity_values(tracker, "problem"),
        terms=entity_values(tracker, "term"),
        topics=entity_values(tracker, "topic"),
        queries=entity_values(tracker, "query"),
        age=parse_age(entity_values(tracker, "age"), text),
        subject=tracker.get_slot("subject") or "",
        more=list(tracker.get_slot("more") or []),
        sources=list(tracker.get_slot("sources") or []),
        guideline=nlu_guideline(tracker),
    )


class ActionAnswer(Action):
    """Every question about the guidelines, and every follow-up."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        try:
            answer = answer_question(knowledge_base(), question_from(tracker))
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)
        return send_answer(dispatcher, tracker, answer)


class ActionFallback(Action):
    """Low NLU confidence: search the guidelines before giving up (clear matches only)."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        ranking = [r for r in (tracker.latest_message or {}).get("intent_ranking") or []
                   if r.get("name") != "nlu_fallback"]
        hint = ranking[0] if ranking else {}
        try:
            answer = fallback_answer(knowledge_base(), latest_text(tracker),
                                     hint.get("name") or "", float(hint.get("confidence") or 0),
                                     nlu_guideline(tracker))
        except KB_ERRORS as error:
            return kb_unavailable(dispatcher, error)
        return send_answer(dispatcher, tracker, answer)


NOT_QUESTIONS = {"report_danger", "nlu_fallback", "out_of_scope", "greet", "goodbye", "thank",
                 "help", "bot_challenge", "feedback", "ask_more", "ask_source", ""}


class ActionEscalate(Action):
    """Acute danger to a child: the escalation card first, then the question if there was
    one (the intent the NLU predicted before the danger rules overrode it)."""

    def name(self) -> Text:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        kb = knowledge_base()
        try:
            card = compose.escalation_card(kb)
        except KB_ERRORS:
            card = compose.Answer(lead="⚠️ Acuut gevaar voor een kind? Handel nu:",
                                  notes=list(compose.ESCALATION_LINES), notes_first=True)
        events = send_answer(dispatcher, tracker, card)
        danger = (tracker.latest_message or {}).get("danger") or {}
        original = danger.get("original_intent") or ""
        if not danger:  # report_danger from a button or an older model: the next best intent
            ranking = [r.get("name") for r in (tracker.latest_message or {}).get(
                "intent_ranking") or [] if r.get("name") not in ("report_danger", "nlu_fallback")]
            original = ranking[0] if ranking else ""
        if original not in NOT_QUESTIONS:
            try:
                answer = answer_question(kb, question_from(tracker, original))
            except KB_ERRORS:
                return events
            if answer.found:
                events = send_answer(dispatcher, tracker, answer)
        return events
