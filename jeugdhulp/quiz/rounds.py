"""Rounds: which questions a round asks, how many, and avoiding what was asked before.

A round is varied (round robin over the question families), avoids the ids of the last
rounds while that is possible, and never holds two questions whose feedback quotes the same
passage (one feedback would give the other's answer away). The same seed gives the same
round, so rounds can be tested and replayed.
"""
from __future__ import annotations

import os
import random
import re
from typing import Dict, List, Optional, Sequence, Set

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.quiz.families import all_question_ids, question
from jeugdhulp.quiz.question import QuizQuestion

ROUND_SIZE = 5
MAX_ROUND = 15
HISTORY_SIZE = 30  # ids remembered across rounds, so that the next round asks other things
_ASKED_SIZE = re.compile(r"\b(\d{1,2})\s*vragen\b")  # "quiz met 10 vragen"


def round_size(text: str = "") -> int:
    """Questions per round: "quiz met 10 vragen" in the message, else QUIZ_QUESTIONS, else 5."""
    match = _ASKED_SIZE.search(text or "")
    if match:
        return max(1, min(MAX_ROUND, int(match.group(1))))
    try:
        return max(1, min(MAX_ROUND, int(os.environ.get("QUIZ_QUESTIONS", ROUND_SIZE))))
    except ValueError:
        return ROUND_SIZE


def _ordered(base_ids: List[str], exclude: Sequence[str], rng: random.Random) -> List[str]:
    """Fresh ids first, round robin over their families in an order of ``rng``; then those
    asked before, the longest ago first (``exclude`` is ordered oldest first)."""
    excluded = [e.split("#", 1)[0] for e in exclude]
    fresh = [i for i in base_ids if i not in excluded]
    stale = sorted((i for i in base_ids if i in excluded), key=excluded.index)
    by_family: Dict[str, List[str]] = {}
    for qid in fresh:
        by_family.setdefault(qid.split(":", 1)[0], []).append(qid)
    for ids in by_family.values():
        rng.shuffle(ids)
    families = list(by_family)
    rng.shuffle(families)
    ordered: List[str] = []
    while any(by_family.values()):  # round robin over the families: varied rounds
        for family in families:
            if by_family[family]:
                ordered.append(by_family[family].pop())
    return ordered + stale


def _about(q: QuizQuestion, leads: Set[str]) -> Set[str]:
    """What a question's feedback shows: its passages (list introductions give nothing
    away) and the intervention or term it is about."""
    subject = {q.answer_subject} if q.answer_subject \
        and not q.answer_subject.startswith("collection:") else set()
    return (set(q.source_keys) - leads) | subject


def generate_round(kb: KnowledgeBase, n: int = ROUND_SIZE, subject: Optional[str] = None,
                   seed: Optional[int] = None, exclude: Sequence[str] = ()) -> List[QuizQuestion]:
    """``n`` different questions (fewer when the subject has fewer), varied over the question
    families, avoiding the ids in ``exclude`` (e.g. the last rounds) while that is possible
    and never two questions that quote the same passage."""
    rng = random.Random(seed)
    ordered = _ordered(all_question_ids(kb, subject), exclude, rng)
    # Introductions of lists ("En doorloop het besluitvormingsproces aan de hand van de
    # volgende stappen:") give nothing away; the other passages quoted in a feedback might.
    leads = {c.lead for c in kb.index.collections.values() if c.lead}
    chosen: List[QuizQuestion] = []
    taken: Set[str] = set()
    for relaxed in (False, True):
        for base in ordered:
            if len(chosen) >= n:
                break
            if any(q.base_id == base for q in chosen):
                continue
            q = question(kb, f"{base}#{rng.randrange(1000)}")
            if q is None:
                continue
            about = _about(q, leads)
            if not relaxed and taken & about:
                continue  # one question's feedback would give another's answer away
            chosen.append(q)
            taken.update(about)
    return chosen[:n]
