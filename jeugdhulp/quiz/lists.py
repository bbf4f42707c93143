"""Question families drawn from the knowledge base's named lists and its definitions.

* ``sb-step`` / ``sb-next``: the main steps of Samen beslissen ("Wat is stap 3?", "Welke
  stap komt na ...?"); the other steps are the distractors;
* ``fc-point``: an attention point for the first conversation in a gedwongen kader, among
  points of other lists that are clearly no attention points for it;
* ``bo-skill``: a skill for deciding in unsafe situations, likewise;
* ``def``: which term fits our own description of it (``quiz.yml``: definitions).

Which lists these are is content (``quiz.yml``: lists); the feedback quotes the point and,
where the list has one, its introduction.
"""
from __future__ import annotations

import re
from typing import Iterable, List, Optional, Tuple

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.index import PassageRecord
from jeugdhulp.messages import message
from jeugdhulp.quiz.bank import ListSource, load
from jeugdhulp.quiz.question import About, QuizQuestion, build_choice
from jeugdhulp.text import fold, name_key

STEPS_SUBJECT = "samen-beslissen"
FIRST_CONTACT_SUBJECT = "gedwongen-kader"
SKILLS_SUBJECT = "beslissen-onveilig"
DEFINITIONS_SUBJECT = "definities"
_MAIN_STEP = re.compile(r"Stap (\d+):\s*(.+)$")  # the label of a main step in the list


# --- steps of Samen beslissen ---------------------------------------------------------------
def main_steps(kb: KnowledgeBase) -> List[Tuple[str, str, str]]:
    """(number, our short label, passage key) of the main steps 1-6 of Samen beslissen."""
    steps = []
    for record in kb.collection(load().steps):
        match = _MAIN_STEP.match(record.label or "")
        if match:
            steps.append((match.group(1), match.group(2), record.key))
    return steps


def step_keys(kb: KnowledgeBase) -> List[str]:
    return [s[0] for s in main_steps(kb)]


def next_step_keys(kb: KnowledgeBase) -> List[str]:
    return step_keys(kb)[:-1]


def step_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    """What step ``key`` is."""
    steps = main_steps(kb)
    found = [s for s in steps if s[0] == key]
    if not found:
        return None
    number, label, passage = found[0]
    prompt = message("quiz.steps.prompt", number=number)
    return _step_choice(kb, qid, prompt, label, [label], [passage], steps)


def next_step_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    """Which step comes right after step ``key``."""
    steps = main_steps(kb)
    numbers = [s[0] for s in steps]
    if key not in numbers or numbers.index(key) + 1 >= len(steps):
        return None
    position = numbers.index(key)
    _, given, given_key = steps[position]
    _, label, passage = steps[position + 1]
    prompt = message("quiz.steps.next_prompt", step=given)
    return _step_choice(kb, qid, prompt, label, [given, label], [given_key, passage], steps)


def _step_choice(kb: KnowledgeBase, qid: str, prompt: str, correct: str, excluded: List[str],
                 sources: List[str], steps: List[Tuple[str, str, str]]) -> Optional[QuizQuestion]:
    lead = kb.collection_record(load().steps).lead
    others = [s[1] for s in steps if s[1] not in excluded]
    return build_choice(qid, STEPS_SUBJECT, prompt, correct, others, About(
        [lead, *sources] if lead else sources, message("quiz.steps.topic"),
        message("quiz.steps.revisit"), f"collection:{load().steps}"))


# --- points of a list among points of other lists ---------------------------------------------
def _point_key(record: PassageRecord) -> str:
    return record.key.rsplit("/", 1)[-1]


def _labels_of(kb: KnowledgeBase, collection_ids: Iterable[str]) -> List[str]:
    """The labels of other lists' points that are fair distractors (not too close)."""
    too_close = re.compile("|".join(re.escape(w) for w in load().too_close) or r"(?!)",
                           re.IGNORECASE)
    labels = []
    for cid in collection_ids:
        if cid not in kb.index.collections:
            continue
        for record in kb.collection(cid):
            if record.label and not too_close.search(record.label):
                labels.append(record.label)
    return labels


def _point_question(kb: KnowledgeBase, qid: str, key: str, source: ListSource, subject: str,
                    prompt: str, about: About) -> Optional[QuizQuestion]:
    """Which of the options is a point of ``source.collection`` (the point ``key``); the
    feedback quotes the list's introduction (if any) and the point."""
    points = {_point_key(r): r for r in kb.collection(source.collection)}
    record = points.get(key)
    if record is None or not record.label:
        return None
    lead = kb.collection_record(source.collection).lead
    about = About([lead, record.key] if lead else [record.key], about.topic, about.revisit,
                  about.answer_subject)
    return build_choice(qid, subject, prompt, record.label,
                        _labels_of(kb, source.distractors_from), about)


def first_contact_keys(kb: KnowledgeBase) -> List[str]:
    return [_point_key(r) for r in kb.collection(load().first_contact.collection)]


def first_contact_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    source = load().first_contact
    return _point_question(
        kb, qid, key, source, FIRST_CONTACT_SUBJECT, message("quiz.first_contact.prompt"),
        About((), message("quiz.first_contact.topic"), message("quiz.first_contact.revisit"),
              f"collection:{source.collection}"))


def skill_keys(kb: KnowledgeBase) -> List[str]:
    return [_point_key(r) for r in kb.collection(load().skills.collection)]


def skill_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    return _point_question(
        kb, qid, key, load().skills, SKILLS_SUBJECT, message("quiz.skills.prompt"),
        About((), message("quiz.skills.topic"), message("quiz.skills.revisit")))


# --- definitions ----------------------------------------------------------------------------
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _definition(kb: KnowledgeBase, term: str) -> Optional[PassageRecord]:
    """The definition of a term of quiz.yml, if the knowledge base (still) has it."""
    key = load().definitions[term].passage
    record = kb.record(key) if key in kb.index.by_key else None
    return record if record is not None and record.kind == "definition" else None


def definition_keys(kb: KnowledgeBase) -> List[str]:
    return [_slug(t) for t in load().definitions if _definition(kb, t)]


def definition_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    """Which term fits our description; the other terms (with a definition) are the
    distractors, the feedback quotes the definition."""
    definitions = load().definitions
    term = {name_key(t): t for t in definitions}.get(name_key(key))
    record = _definition(kb, term) if term else None
    if term is None or record is None:
        return None
    others = [t for t in definitions if t != term and _definition(kb, t)]
    return build_choice(
        qid, DEFINITIONS_SUBJECT,
        message("quiz.definition.prompt", description=definitions[term].description), term,
        others, About([record.key], message("quiz.definition.topic", term=term),
                      message("quiz.definition.revisit", term=term),
                      f"term:{record.label or term}"))
