"""What every action needs: the knowledge base, the question in the message, sending an
Answer rendered for the channel it came from."""
from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from jeugdhulp.channels.render import format_for, render
from jeugdhulp.dialogue.question import Question, entity_values, question_of
from jeugdhulp.feedback import answers as feedback
from jeugdhulp.feedback.store import ANSWER_SLOT
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.index import KnowledgeBaseError
from jeugdhulp.messages import message

logger = logging.getLogger(__name__)

KB_ERRORS = (KnowledgeBaseError, OSError, SQLAlchemyError)


@functools.lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def latest_entities(tracker: Tracker, entity: str) -> List[str]:
    return entity_values(tracker.latest_message, entity)


def question_from(tracker: Tracker, intent: str = "") -> Question:
    """The question of the latest message; ``intent`` overrides the predicted one."""
    slots = {name: tracker.get_slot(name) for name in ("subject", "more", "sources")}
    slots.update(previous_message(tracker))
    slots["earlier_sources"] = earlier_sources(tracker)
    return question_of(tracker.latest_message, slots, intent)


def earlier_sources(tracker: Tracker, answers: int = 3) -> List[List[str]]:
    """The passages quoted by the answers before the last one, the most recent first
    ("en de tweede?" after "wat is het doel van de eerste?" points into an older list)."""
    found: List[List[str]] = []
    current = tracker.get_slot("sources") or []
    for event in reversed(tracker.events or []):
        if event.get("event") != "slot" or event.get("name") != "sources":
            continue
        value = [str(k) for k in event.get("value") or []]
        if value and value != current and value not in found:
            found.append(value)
            if len(found) >= answers:
                break
    return found


def previous_message(tracker: Tracker, earlier: int = 3) -> Dict[str, Any]:
    """The text and intent of the user's message before the latest one (follow-ups), and
    the texts of up to ``earlier`` messages before that, the most recent first."""
    users = [e for e in reversed(tracker.events or []) if e.get("event") == "user"]
    if len(users) < 2:
        return {}
    parse = users[1].get("parse_data") or {}
    danger = parse.get("danger") or {}
    intent = danger.get("original_intent") or (parse.get("intent") or {}).get("name")
    found: Dict[str, Any] = {"previous_text": users[1].get("text") or "",
                             "previous_intent": intent or ""}
    texts = [e.get("text") or "" for e in users[2:2 + earlier]]
    if texts:
        found["earlier_texts"] = texts
    return found


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer,
                remember: bool = True, rate: bool = True,
                intent: str = "") -> List[Dict[str, Any]]:
    """Renders the answer for the channel it is for and, with ``remember``, returns the
    slot events follow-ups need (what is left for "meer", the quoted passages, the
    subject). With ``remember`` and ``rate`` the answer also gets an id and leaves its
    ``last_answer`` record (``jeugdhulp.feedback.answers``; ``intent``: the one it answers,
    default the message's); a cited one gets the 👍 / 👎 buttons with that id."""
    answer_id = feedback.new_answer_id() if remember and rate else None
    rendered = render(answer, format_for(tracker.get_latest_input_channel()),
                      feedback_id=answer_id)
    dispatcher.utter_message(text=rendered.text, buttons=rendered.buttons or None)
    if not remember:
        return []
    events = [SlotSet("more", [q.key for q in answer.more])]
    # A question the guidelines do not answer leaves the conversation where it was: "ok. en
    # de samenwerking met VT, wat is daarbij belangrijk?" after a refused aside goes on from
    # the answer before it.
    if answer.quotes:
        events.append(SlotSet("sources", [q.key for q in answer.quotes]))
    if answer.subject:
        events.append(SlotSet("subject", answer.subject))
    if answer_id:
        events.append(SlotSet(ANSWER_SLOT, feedback.record(
            answer_id, answer, latest_text(tracker), intent or latest_intent(tracker),
            knowledge_base())))
    return events


def kb_unavailable(dispatcher: CollectingDispatcher, error: Exception) -> List[Dict[str, Any]]:
    logger.error("knowledge base unavailable: %s", type(error).__name__)
    dispatcher.utter_message(text=message("answers.unavailable"))
    return []
