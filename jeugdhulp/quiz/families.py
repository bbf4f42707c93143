"""The question families, and rebuilding a question from its id.

A family makes every question of one kind: the keys it can ask about in the current
knowledge base, and a builder that makes the question for a key (``None`` when the knowledge
base no longer has what it needs). The families about interventions live in
``jeugdhulp.quiz.interventions``, those about lists and definitions in
``jeugdhulp.quiz.lists``; the two whose items are written by us in ``quiz.yml`` (``fact``:
multiple choice with our own distractors, ``ft``: free text) are here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.index import KnowledgeBaseError
from jeugdhulp.quiz import interventions as iv
from jeugdhulp.quiz import lists
from jeugdhulp.quiz.bank import load
from jeugdhulp.quiz.question import About, QuizQuestion, build_choice, split_id

Builder = Callable[[KnowledgeBase, str, str], Optional[QuizQuestion]]


def fact_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    fact = load().facts.get(key)
    if fact is None or not all(k in kb.index.by_key for k in fact.sources):
        return None
    return build_choice(qid, fact.subject, fact.prompt, fact.answer, fact.distractors,
                        About(fact.sources, fact.topic, fact.revisit))


def free_text_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    item = load().free_text.get(key)
    if item is None or not all(k in kb.index.by_key for k in item.sources):
        return None
    if item.intervention and item.intervention not in kb.index.interventions:
        return None
    return QuizQuestion(
        id=qid, subject=item.subject, prompt=item.prompt, expected=item.expected,
        source_keys=item.sources, topic=item.topic, revisit=item.revisit,
        answer_subject=f"intervention:{item.intervention}" if item.intervention else "",
        intervention_id=item.intervention, forbidden=item.forbidden)


@dataclass(frozen=True)
class Family:
    name: str
    keys: Callable[[KnowledgeBase], List[str]]
    build: Builder


FAMILIES: Dict[str, Family] = {f.name: f for f in (
    Family("iv-age", iv.age_keys, iv.age_question),
    Family("iv-for", iv.target_keys, iv.target_question),
    Family("iv-aim", iv.aim_keys, iv.aim_question),
    Family("iv-rating", iv.rating_keys, iv.rating_question),
    Family("iv-two", lambda kb: ["twee"], iv.two_effective_question),
    Family("method", lambda kb: list(load().methods), iv.method_question),
    Family("fact", lambda kb: list(load().facts), fact_question),
    Family("sb-step", lists.step_keys, lists.step_question),
    Family("sb-next", lists.next_step_keys, lists.next_step_question),
    Family("fc-point", lists.first_contact_keys, lists.first_contact_question),
    Family("bo-skill", lists.skill_keys, lists.skill_question),
    Family("def", lists.definition_keys, lists.definition_question),
    Family("ft", lambda kb: list(load().free_text), free_text_question),
)}


def question(kb: KnowledgeBase, question_id: str) -> Optional[QuizQuestion]:
    """The question with this id, rebuilt from the knowledge base; None when the id is not
    (or no longer) valid."""
    family, key, variant = split_id(question_id or "")
    builder = FAMILIES.get(family)
    if builder is None or not key:
        return None
    try:
        return builder.build(kb, f"{family}:{key}#{variant}", key)
    except KnowledgeBaseError:
        return None


def all_question_ids(kb: KnowledgeBase, subject: Optional[str] = None) -> List[str]:
    """Base ids ("family:key") of every question that can be built, for one subject or all."""
    ids = []
    for family in FAMILIES.values():
        for key in family.keys(kb):
            q = family.build(kb, f"{family.name}:{key}#0", key)
            if q is not None and (subject is None or q.subject == subject):
                ids.append(q.base_id)
    return ids
