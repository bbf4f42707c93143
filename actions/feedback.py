"""Feedback on answers: the Rasa adapter of ``jeugdhulp.feedback``.

``action_feedback`` (intent ``feedback``: a 👍 / 👎 button or typed feedback) stores a verdict
on the latest answer, asks after a 👎 the one optional question, or says why a button no
longer counts. The actions that receive free text (``action_answer``, ``action_fallback`` and
``action_feedback``) first call :func:`take_comment`: the message right after that question
is its comment unless it is a new question.

The tracker tells which turn a slot was set in (:func:`set_last_turn`): a comment counts only
for the 👎 of the turn before, typed feedback only for the answer given just before it.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from actions.common import latest_text
from jeugdhulp.feedback import store, verdicts
from jeugdhulp.messages import message

logger = logging.getLogger(__name__)

PENDING_SLOT = "feedback_pending"  # {"row": id, "answer_id": ...}: a 👎 waiting for its comment
Events = List[Dict[Text, Any]]


@functools.lru_cache(maxsize=4)
def engine(url: str) -> Engine:
    return store.engine_for(url)


def set_last_turn(tracker: Tracker, slot: str) -> bool:
    """Whether ``slot`` got a value in the turn before the current message (after the
    previous user message, before this one)."""
    users = 0
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users == 2:
                return False
        elif kind == "slot" and event.get("name") == slot and users == 1:
            return event.get("value") is not None
    return False


def _intent(tracker: Tracker) -> Mapping[str, Any]:
    return (tracker.latest_message or {}).get("intent") or {}


def clear_pending(tracker: Tracker) -> Events:
    return [SlotSet(PENDING_SLOT, None)] if tracker.get_slot(PENDING_SLOT) else []


def take_comment(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Events]:
    """Stores the message as the comment of the pending 👎 and thanks the user, when it is
    one; None when it is not (then the message is handled as usual)."""
    pending = tracker.get_slot(PENDING_SLOT)
    if not isinstance(pending, dict) or not pending.get("row"):
        return None
    intent = _intent(tracker)
    comment = verdicts.comment_of(latest_text(tracker), str(intent.get("name") or ""),
                                  float(intent.get("confidence") or 0),
                                  pending=set_last_turn(tracker, PENDING_SLOT))
    if comment is None:
        return None
    try:
        store.add_comment(engine(store.store_url()), int(pending["row"]), comment)
    except (SQLAlchemyError, OSError) as error:
        return unavailable(dispatcher, error)
    dispatcher.utter_message(text=message("feedback.thanks_comment"))
    return [SlotSet(PENDING_SLOT, None)]


def unavailable(dispatcher: CollectingDispatcher, error: Exception) -> Events:
    logger.error("feedback store unavailable: %s", type(error).__name__)
    dispatcher.utter_message(text=message("feedback.unavailable"))
    return [SlotSet(PENDING_SLOT, None)]


def reply(dispatcher: CollectingDispatcher, tracker: Tracker,
          decision: verdicts.Decision) -> Events:
    """Carries out a decision: stores the verdict and says what it has to say."""
    if decision.kind != verdicts.STORE:
        key = "feedback.stale" if decision.kind == verdicts.STALE else "feedback.general"
        dispatcher.utter_message(text=message(key))
        return clear_pending(tracker)
    answer = tracker.get_slot(store.ANSWER_SLOT) or {}
    values = store.row(tracker.sender_id, answer, decision.verdict,
                       tracker.get_latest_input_channel() or "", decision.comment)
    try:
        row_id = store.save_verdict(engine(store.store_url()), values)
    except (SQLAlchemyError, OSError) as error:
        return unavailable(dispatcher, error)
    if decision.asks_comment:
        dispatcher.utter_message(text=message("feedback.ask_comment"))
        return [SlotSet(PENDING_SLOT, {"row": row_id, "answer_id": values["answer_id"]})]
    dispatcher.utter_message(text=message(
        "feedback.thanks_up" if decision.verdict == store.UP else "feedback.thanks_comment"))
    return clear_pending(tracker)


def typed_feedback(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Events]:
    """A message the NLU was unsure of that is typed feedback on the answer just given
    ("klopt niet helemaal hoor"): stored like a click; None otherwise."""
    text = latest_text(tracker)
    if verdicts.looks_like_question(text) or verdicts.typed_verdict(text) is None:
        return None
    decision = verdicts.decide(text, [], tracker.get_slot(store.ANSWER_SLOT),
                               set_last_turn(tracker, store.ANSWER_SLOT))
    return reply(dispatcher, tracker, decision) if decision.kind == verdicts.STORE else None


class ActionFeedback(Action):
    """👍 / 👎 buttons, typed feedback, and the comment after a 👎."""

    def name(self) -> Text:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> Events:
        comment = take_comment(dispatcher, tracker)
        if comment is not None:
            return comment
        if verdicts.asked_not_rated(latest_text(tracker)):
            # "en als nog niet duidelijk is wat er speelt?": a question, not a verdict
            from actions.guidelines import answer_unsure  # (it imports this module)
            return answer_unsure(dispatcher, tracker, excluding=["feedback"])
        decision = verdicts.decide(latest_text(tracker),
                                   (tracker.latest_message or {}).get("entities") or [],
                                   tracker.get_slot(store.ANSWER_SLOT),
                                   set_last_turn(tracker, store.ANSWER_SLOT))
        return reply(dispatcher, tracker, decision)
