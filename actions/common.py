"""What every action needs: the knowledge base and sending an Answer to the user."""
from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.render import format_for, render
from knowledge.answers import Answer
from knowledge.base import KnowledgeBase
from knowledge.search import KnowledgeBaseError

logger = logging.getLogger(__name__)

SORRY_KB_UNAVAILABLE = (
    "Sorry, ik kan de richtlijnen op dit moment niet raadplegen. Probeer het over een paar "
    "minuten opnieuw; blijft het misgaan, meld het dan bij de beheerder."
)


@functools.lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer) -> None:
    rendered = render(answer, format_for(tracker.get_latest_input_channel()))
    dispatcher.utter_message(text=rendered.text, buttons=rendered.buttons or None)


def kb_unavailable(dispatcher: CollectingDispatcher, error: Exception) -> List[Dict[str, Any]]:
    logger.error("knowledge base unavailable: %s", type(error).__name__)
    dispatcher.utter_message(text=SORRY_KB_UNAVAILABLE)
    return []


KB_ERRORS = (KnowledgeBaseError, OSError)
