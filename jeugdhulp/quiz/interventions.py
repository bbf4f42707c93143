"""Question families about the interventions of the Richtlijn Kindermishandeling.

Built from the table of interventions in the knowledge base and our own descriptions in
``quiz.yml``: the age range (``iv-age``), whom it is for (``iv-for``), its approach and goal
(``iv-aim``), its rating in the databases (``iv-rating``), which two proved effective
(``iv-two``), and which method a description is about (``method``). The feedback quotes the
intervention's own table cell; distractors are other interventions whose value differs.

Each family is a ``*_keys(kb)`` function (the keys it can ask about) and a
``*_question(kb, question_id, key)`` builder; ``jeugdhulp.quiz.families`` registers them.
"""
from __future__ import annotations

import random
import re
from typing import Dict, List, Optional, Tuple

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.compose import age_text, display_name, rating_record
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.messages import message
from jeugdhulp.quiz.bank import load
from jeugdhulp.quiz.question import About, QuizQuestion, build_choice

SUBJECT = "interventies"  # the subject (quiz.yml) of the questions about the table
WERKWIJZE = "werkwijze"  # the category of the werkwijzen in the knowledge base
_DESCRIBED_AS = re.compile(r"^[Bb]eschreven als\s+")  # "KJP: Beschreven als ‘...’"


# --- helpers --------------------------------------------------------------------------------
def short_name(i: InterventionRecord) -> str:
    return i.abbreviation or i.name


def row_interventions(kb: KnowledgeBase) -> List[InterventionRecord]:
    """One intervention per row of the table (the werkwijzen share a row: SAVE stands for it)."""
    rows: List[InterventionRecord] = []
    seen = set()
    for i in kb.interventions():
        if not i.target_group:
            continue
        key = (i.approach_goal, i.target_group)
        if key not in seen:
            seen.add(key)
            rows.append(i)
    return rows


def confusable(a: str, b: str) -> bool:
    """Whether two interventions are too close to be options of one target/aim question."""
    return any({a, b} <= group for group in load().confusable)


def _aliases(i: InterventionRecord) -> Tuple[str, ...]:
    return tuple(n for n in i.names if n != display_name(i))


def _about(i: InterventionRecord, record: PassageRecord, topic: str, revisit: str,
           heading: str = "") -> About:
    return About([record.key], topic, revisit, f"intervention:{i.id}",
                 [heading] if heading else [])


# --- age range ------------------------------------------------------------------------------
def age_keys(kb: KnowledgeBase) -> List[str]:
    return [i.id for i in row_interventions(kb) if age_text(i)]


def age_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    i = kb.index.interventions.get(key)
    if i is None or age_text(i) is None:
        return None
    target = kb.cell(i, i.target_group)
    if target is None:
        return None
    others = [age_text(o) for o in kb.interventions() if o.id != i.id and age_text(o)]
    name, short = display_name(i), short_name(i)
    return build_choice(
        qid, SUBJECT, message("quiz.intervention.age.prompt", name=name),
        str(age_text(i)), [str(o) for o in others if o != age_text(i)],
        _about(i, target, message("quiz.intervention.age.topic", short=short),
               message("quiz.intervention.age.revisit", short=short),
               message("quiz.intervention.age.heading", name=name)))


# --- target group and approach ------------------------------------------------------------
def target_keys(kb: KnowledgeBase) -> List[str]:
    return [i.id for i in row_interventions(kb) if i.id in load().targets]


def aim_keys(kb: KnowledgeBase) -> List[str]:
    return [i.id for i in row_interventions(kb) if i.id in load().aims]


def _named(kb: KnowledgeBase, qid: str, key: str, field: str, prompt: str,
           about: About) -> Optional[QuizQuestion]:
    """Which intervention fits our description of its ``field``: the others of the table
    whose cell differs and that are not too close to it are the distractors."""
    descriptions = load().targets if field == "target_group" else load().aims
    i = kb.index.interventions[key]
    pool = [o for o in row_interventions(kb)
            if o.id != i.id and getattr(o, field) != getattr(i, field)
            and not confusable(o.id, i.id) and o.id in descriptions]
    names = {display_name(o): _aliases(o) for o in [i, *pool]}
    return build_choice(qid, SUBJECT, prompt, display_name(i),
                        [display_name(o) for o in pool], about, aliases=names)


def _described_question(kb: KnowledgeBase, qid: str, key: str, kind: str, field: str,
                        descriptions: Dict[str, str], revisit: str) -> Optional[QuizQuestion]:
    """Which intervention matches a description of one of its cells (``field``) in our
    words; ``kind`` names the question's texts (quiz.intervention.<kind>.*)."""
    i = kb.index.interventions.get(key)
    record = kb.cell(i, getattr(i, field)) if i and key in descriptions else None
    if i is None or record is None:
        return None
    name, short = display_name(i), short_name(i)
    texts = f"quiz.intervention.{kind}"
    prompt = message(f"{texts}.prompt", description=descriptions[key])
    return _named(kb, qid, key, field, prompt, _about(
        i, record, message(f"{texts}.topic", short=short), message(revisit, short=short),
        message(f"{texts}.heading", name=name)))


def target_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    """Which intervention is for the target group we describe in our words."""
    return _described_question(kb, qid, key, "target", "target_group", load().targets,
                               "quiz.intervention.target.revisit")


def aim_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    """Which intervention has the approach and goal we describe in our words."""
    return _described_question(kb, qid, key, "aim", "approach_goal", load().aims,
                               "quiz.intervention.revisit")


# --- rating -----------------------------------------------------------------------------------
def _lower_first(value: str) -> str:
    return f"{value[:1].lower()}{value[1:]}"


def rating_label(i: InterventionRecord) -> Optional[str]:
    """The rating of the table in our short words, from the verbatim DEI and KJP cells."""
    if not i.dei and not i.kjp:
        return None
    parts = []
    dei = (i.dei or "").strip().rstrip(".")
    if dei.startswith("DEI:"):
        parts.append(message("quiz.intervention.rating.dei", value=_lower_first(dei[4:].strip())))
    kjp = (i.kjp or "").strip().rstrip(".")
    if kjp.startswith("KJP:"):
        value = _DESCRIBED_AS.sub("", kjp[4:].strip()).strip("‘’")
        parts.append(message("quiz.intervention.rating.kjp", value=_lower_first(value)))
    if not parts:
        return message("quiz.intervention.rating.neither")
    if not dei.startswith("DEI:"):
        parts.append(message("quiz.intervention.rating.not_in_dei"))
    return ", ".join(parts)


def rating_keys(kb: KnowledgeBase) -> List[str]:
    return [i.id for i in row_interventions(kb) if rating_label(i) and rating_record(kb, i)]


def rating_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    i = kb.index.interventions.get(key)
    if i is None or rating_label(i) is None:
        return None
    record = rating_record(kb, i)
    if record is None:
        return None
    correct = str(rating_label(i))
    others = [rating_label(o) for o in kb.interventions() if o.id != i.id and rating_label(o)]
    name, short = display_name(i), short_name(i)
    return build_choice(
        qid, SUBJECT, message("quiz.intervention.rating.prompt", name=name),
        correct, [str(o) for o in others if o != correct],
        _about(i, record, message("quiz.intervention.rating.topic", short=short),
               message("quiz.intervention.rating.revisit", short=short),
               message("quiz.intervention.rating.heading", name=name)))


# --- the two that proved effective ------------------------------------------------------------
def two_effective_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    bank = load()
    if key != "twee" or bank.two_effective_passage not in kb.index.by_key:
        return None
    first, second = (kb.index.interventions.get(i) for i in bank.two_effective)
    if first is None or second is None:
        return None
    rng = random.Random(qid + "/pairs")
    others = [short_name(o) for o in row_interventions(kb) if o.id not in (first.id, second.id)]
    rng.shuffle(others)
    pairs = [message("quiz.intervention.two_effective.pair", first=a, second=b)
             for a, b in zip(others[0::2], others[1::2])]
    correct = message("quiz.intervention.two_effective.pair",
                      first=short_name(first), second=short_name(second))
    return build_choice(
        qid, SUBJECT, message("quiz.intervention.two_effective.prompt"), correct, pairs,
        About([bank.two_effective_passage], message("quiz.intervention.two_effective.topic"),
              message("quiz.intervention.two_effective.revisit")))


# --- which method is described ----------------------------------------------------------------
def method_question(kb: KnowledgeBase, qid: str, key: str) -> Optional[QuizQuestion]:
    fact = load().methods.get(key)
    i = kb.index.interventions.get(fact.answer) if fact else None
    if fact is None or i is None or not all(k in kb.index.by_key for k in fact.sources):
        return None
    # Of the werkwijzen only those of quiz.yml: the guideline does not describe the others
    # well enough to be sure they do not work the same way.
    pool = [o for o in kb.interventions()
            if o.id != i.id and o.id not in fact.exclude
            and (o.category != WERKWIJZE or o.id in load().werkwijzen_as_distractors)]
    names = {display_name(o): _aliases(o) for o in [i, *pool]}
    return build_choice(
        qid, fact.subject, fact.prompt, display_name(i), [display_name(o) for o in pool],
        About(fact.sources, fact.topic, message("quiz.intervention.revisit", short=short_name(i)),
              f"intervention:{i.id}"), aliases=names)
