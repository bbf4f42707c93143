"""What every action needs: the knowledge base, reading the message, sending an Answer."""
from __future__ import annotations

import functools
import logging
import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from jeugdhulp.channels.render import format_for, render
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.search import KnowledgeBaseError

logger = logging.getLogger(__name__)

SORRY_KB_UNAVAILABLE = (
    "Sorry, ik kan de richtlijnen op dit moment niet raadplegen. Probeer het over een paar "
    "minuten opnieuw; blijft het misgaan, meld het dan bij de beheerder."
)

KB_ERRORS = (KnowledgeBaseError, OSError, SQLAlchemyError)

NUMBER_WORDS = {"nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
                "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11,
                "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
                "zeventien": 17, "achttien": 18}


@functools.lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    values = []
    for e in (tracker.latest_message or {}).get("entities") or []:
        if e.get("entity") == entity and e.get("value") not in (None, ""):
            value = str(e["value"])
            if value not in values:
                values.append(value)
    return values


def parse_age(values: List[str], text: str) -> Optional[int]:
    """A child's age from the age entity, else from "8 jaar" / "8-jarige" in the text."""
    candidates = list(values)
    match = re.search(r"\b(\d{1,2})\s*(?:-?\s*jarige?n?|jaar|jr\.?)\b", text.lower())
    if match:
        candidates.append(match.group(1))
    for value in candidates:
        value = value.strip().lower()
        number = NUMBER_WORDS.get(value)
        if number is None:
            digits = re.match(r"\d{1,2}", value)
            number = int(digits.group(0)) if digits else None
        if number is not None and 0 <= number <= 23:
            return number
    return None


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer,
                remember: bool = True) -> List[Dict[str, Any]]:
    """Renders the answer for the channel it is for, and remembers what follow-ups need."""
    rendered = render(answer, format_for(tracker.get_latest_input_channel()))
    dispatcher.utter_message(text=rendered.text, buttons=rendered.buttons or None)
    if not remember:
        return []
    events = [SlotSet("more", [q.key for q in answer.more])]
    if answer.quotes or not answer.found:
        events.append(SlotSet("sources", [q.key for q in answer.quotes]))
    if answer.subject or not answer.found:
        events.append(SlotSet("subject", answer.subject or None))
    return events


def kb_unavailable(dispatcher: CollectingDispatcher, error: Exception) -> List[Dict[str, Any]]:
    logger.error("knowledge base unavailable: %s", type(error).__name__)
    dispatcher.utter_message(text=SORRY_KB_UNAVAILABLE)
    return []
