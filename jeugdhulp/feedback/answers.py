"""What an answer leaves behind for feedback: its id, the ``last_answer`` record (the shape
``jeugdhulp.feedback.store`` documents) and the 👍 / 👎 buttons under it.

Only a cited answer (quotes with their citation, "dichtst in de buurt" included) can be
rated: a user can only judge what the guideline says against the question, and an answer
without a quote ("staat niet in de richtlijnen") gets no buttons. Every answer still leaves
its record, so that the report sees the questions the guidelines did not answer.
"""
from __future__ import annotations

import json
import secrets
from typing import Any, Dict, List, Optional

from sqlalchemy.exc import SQLAlchemyError

from jeugdhulp.feedback.store import DOWN, UP
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.index import KnowledgeBaseError
from jeugdhulp.messages import message

INTENT = "feedback"  # the intent of the buttons' payloads (domain.yml)
VERDICT_ENTITY, ID_ENTITY = "verdict", "answer_id"
ID_BYTES = 4  # 8 hex digits: unique enough within one conversation, short for Telegram


def new_answer_id() -> str:
    """8 random hex digits, the first a letter: an id of digits only ("37346179") can look
    like a client detail (a BSN, a phone number) and be redacted by the channel guard on
    its way back, and the click would no longer match its answer."""
    return secrets.choice("abcdef") + secrets.token_hex(ID_BYTES)[1:]


def cited(answer: Answer) -> bool:
    """Whether the answer quotes the guidelines (and so can be rated)."""
    return bool(answer.quotes and answer.citations)


def payload(verdict: str, answer_id: str) -> str:
    """What a feedback button sends: ``/feedback{"verdict":"goed","answer_id":"3f9a0c1e"}``
    (compact: Telegram allows 64 bytes)."""
    entities = {VERDICT_ENTITY: verdict, ID_ENTITY: answer_id}
    return f"/{INTENT}{json.dumps(entities, separators=(',', ':'))}"


def buttons(answer_id: str) -> List[Dict[str, str]]:
    """👍 and 👎 for the answer ``answer_id``, in that order."""
    return [{"title": message("feedback.buttons.up"), "payload": payload(UP, answer_id)},
            {"title": message("feedback.buttons.down"), "payload": payload(DOWN, answer_id)}]


def record(answer_id: str, answer: Answer, question: str, intent: str,
           kb: Optional[KnowledgeBase] = None) -> Dict[str, Any]:
    """The ``last_answer`` slot value for ``answer`` to ``question`` (already redacted)."""
    first = answer.quotes[0] if answer.quotes else None
    guideline = first.key.split("/", 1)[0] if first else ""
    return {
        "id": answer_id,
        "question": question,
        "found": bool(answer.found),
        "closest": bool(answer.closest),
        "intent": intent,
        "guideline": guideline,
        "version": first.citation.edition if first else "",
        "passages": [q.key for q in answer.quotes],
        "topic": nearest_topic(kb, answer, question),
    }


def nearest_topic(kb: Optional[KnowledgeBase], answer: Answer, question: str) -> str:
    """The label of the first topic of the first quoted passage, else of the topic the
    question is nearest to; "" without a knowledge base or a topic."""
    if kb is None:
        return ""
    try:
        for quote in answer.quotes:
            for topic_id in kb.record(quote.key).topics:
                topic = kb.topic(topic_id)
                if topic is not None:
                    return topic.label
        found = kb.find_topics(question, limit=1) if question else []
    except (KnowledgeBaseError, SQLAlchemyError, OSError):  # the topic is a nicety
        return ""
    return found[0].label if found else ""
