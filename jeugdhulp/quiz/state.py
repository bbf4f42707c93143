"""The state of a practice round, as the conversation remembers it (no Rasa here).

The dialogue keeps it in slots that only the quiz actions set: ``quiz_active`` (the one
that steers the dialogue), ``quiz_questions`` (ids: every question is rebuilt from its id),
``quiz_index``, ``quiz_score``, ``quiz_wrong`` (ids answered wrong), ``quiz_subject`` and
``quiz_history`` (the last ids asked, so that the next round asks other things). The action
adapter turns ``slots()`` into slot events.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.quiz.families import question
from jeugdhulp.quiz.question import QuizQuestion
from jeugdhulp.quiz.rounds import HISTORY_SIZE


def _number(value: Any) -> int:
    try:
        return int(float(value or 0))
    except (TypeError, ValueError):
        return 0


def _ids(value: Any) -> List[str]:
    return [str(i) for i in value or []]


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
    def from_slots(cls, slot: Callable[[str], Any]) -> "QuizState":
        """The state from the slot values (``slot(name)``, e.g. ``tracker.get_slot``)."""
        ids = _ids(slot("quiz_questions"))
        return cls(active=bool(slot("quiz_active")) and bool(ids), ids=ids,
                   index=_number(slot("quiz_index")), score=_number(slot("quiz_score")),
                   wrong=_ids(slot("quiz_wrong")), subject=slot("quiz_subject") or None,
                   history=_ids(slot("quiz_history")))

    def slots(self) -> Dict[str, Any]:
        """The slot values to set, in a fixed order; an ended round clears its questions but
        keeps the subject and the history."""
        history = self.history[-HISTORY_SIZE:]
        if not self.active:
            return {"quiz_active": False, "quiz_questions": None, "quiz_index": None,
                    "quiz_score": None, "quiz_wrong": None, "quiz_subject": self.subject,
                    "quiz_history": history}
        return {"quiz_active": True, "quiz_questions": self.ids, "quiz_index": self.index,
                "quiz_score": self.score, "quiz_wrong": self.wrong,
                "quiz_subject": self.subject, "quiz_history": history}

    @property
    def number(self) -> int:
        """The number of the pending question, from 1 (as the user reads it)."""
        return self.index + 1

    def current(self, kb: KnowledgeBase) -> Optional[QuizQuestion]:
        """The pending question; questions that can no longer be built (the knowledge base
        changed during the round) are skipped."""
        while self.index < len(self.ids):
            q = question(kb, self.ids[self.index])
            if q is not None:
                return q
            self.ids.pop(self.index)
        return None

    def record(self, q: QuizQuestion, correct: bool) -> None:
        """Counts an answer to the pending question ``q`` and moves on."""
        if correct:
            self.score += 1
        else:
            self.wrong.append(q.id)
        self.index += 1

    def wrong_questions(self, kb: KnowledgeBase) -> List[QuizQuestion]:
        found = [question(kb, i) for i in self.wrong]
        return [q for q in found if q is not None]
