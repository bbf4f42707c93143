"""Composing Answers from the knowledge base: one function per kind of question.

Leads and notes are our own words (plain Dutch, never styled as quotes); every guideline
sentence in an Answer is a verbatim passage with its citation.
"""
from __future__ import annotations

from typing import Sequence

from knowledge.answers import Answer, Quote, Suggestion
from knowledge.base import KnowledgeBase


def collection_answer(
    kb: KnowledgeBase,
    collection_id: str,
    lead: str,
    intro: Sequence[str] = (),
    suggestions: Sequence[Suggestion] = (),
    show: int = 8,
) -> Answer:
    """Quotes a structure (steps, attention points, ...): optional introducing passages,
    then its items; what does not fit goes to "meer"."""
    quotes = [Quote.of(r) for r in kb.records(intro)]
    quotes += [Quote.of(r) for r in kb.collection(collection_id)]
    return Answer(lead=lead, quotes=quotes[:show], more=quotes[show:],
                  suggestions=list(suggestions))
