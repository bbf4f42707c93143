"""A follow-up that asks the same for another age: "en bij een baby?", "en voor de oudste?",
"en als ze 5 was geweest?" after the interventions for a problem or an intervention's target
group (``for_another_age``). Used by ``followup``."""
from __future__ import annotations

import dataclasses
from typing import Optional

from jeugdhulp.dialogue.pointing import (
    known_records,
    names_of,
    quoted_names,
    subject_intervention,
)
from jeugdhulp.dialogue.question import Question, ages_mentioned
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase, resolve_problem
from jeugdhulp.knowledge.compose.common import BUDGET, with_subject
from jeugdhulp.knowledge.index import InterventionRecord
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.messages import message


def _oldest_or_youngest(text: str) -> bool:
    """Whether a message asks about the oldest or the youngest child ("voor de oudste")."""
    cues = rules().follow_up
    return bool(cues.eldest.search(text) or cues.youngest.search(text))


def _asked_age(q: Question, look_back: bool = False) -> Optional[int]:
    """The age a follow-up asks about: its own, or the oldest or youngest child of the
    message before it ("en voor de oudste?"). ``look_back``, or when the message before
    asked about the oldest or youngest itself ("en voor de jongste?" after "en MST-CAN, kan
    dat voor de oudste?"): of the latest message of the conversation that gave ages."""
    if q.age is not None:
        return q.age
    own = ages_mentioned(q.text)  # "en als ze 5 was geweest?": a bare number is an age here
    if own:
        return own[0]
    cues = rules().follow_up
    texts = [q.previous_text]
    if look_back or _oldest_or_youngest(q.previous_text):
        texts += q.earlier_texts
    ages = next(filter(None, map(ages_mentioned, texts)), [])
    if ages and cues.eldest.search(q.text):
        return max(ages)
    if ages and cues.youngest.search(q.text):
        return min(ages)
    return None


def named_for_an_age(kb: KnowledgeBase, q: Question, row: InterventionRecord) -> Optional[Answer]:
    """"en MST-CAN, kan dat voor de oudste?" in a conversation about a family: the
    intervention's target group for that child's age (or, when it is not for that age, the
    interventions that are)."""
    if not _oldest_or_youngest(q.text):
        return None
    return for_another_age(kb, dataclasses.replace(q, subject=f"intervention:{row.id}"),
                           look_back=True)


def for_another_age(kb: KnowledgeBase, q: Question, look_back: bool = False) -> Optional[Answer]:
    """"en bij een baby?", "en voor de oudste?", "en als ze 5 was geweest?" after the
    interventions for a problem or an intervention's target group: the same question for
    that age (``look_back``: the children's ages may be further back, see ``_asked_age``)."""
    age = _asked_age(q, look_back)
    if age is None or q.problems:  # "en bij verwaarlozing van een baby?": the handlers
        return None
    if q.subject.startswith("problem:"):
        return compose.interventions_for(kb, q.subject.split(":")[1] or None, age)
    if q.previous_intent == "ask_interventions_for":  # the list had one row: still a list
        return compose.interventions_for(kb, resolve_problem(q.previous_text), age)
    subject = subject_intervention(kb, q.subject)
    quoted = quoted_names(kb, q)  # "voor wie is MST-CAN bedoeld?" answered by the search
    row = subject or (quoted[0] if len(quoted) == 1 else None)
    if row is None:
        return None
    problem = resolve_problem(q.previous_text or "")
    first = known_records(kb, q.sources[:1])
    if problem and subject is None \
            and row not in kb.interventions_in(q.previous_text or "") \
            and not (first and row in names_of(kb, first[0])):
        # "en bij een baby?" after "en als er ook mishandeling speelt?", answered by passages
        # the second of which names EK-C in passing: the interventions for that problem at
        # that age (not when the answer was about it first: MST-CAN's target group)
        return compose.interventions_for(kb, problem, age)
    if row.fits_age(age):  # also when the table states no age
        return compose.target_group_answer(kb, row, about_age=True)
    # Not for that age ("en voor de jongste van 4?" after MST-CAN, 6-17): its target group,
    # then the interventions that are for that age, for the problem the conversation named.
    problem = next(filter(None, map(resolve_problem, [q.previous_text, *q.earlier_texts])), None)
    answer = compose.interventions_for(kb, problem, age)
    name = compose.display_name(row)
    target = [dataclasses.replace(quote, heading=message("answers.compare.target_heading",
                                                         name=name))
              for quote in compose.target_group_answer(kb, row).quotes[:1]]
    answer.lead = message("answers.intervention.not_for_age", name=name,
                          age=compose.age_text(row), asked=age, lead=answer.lead)
    answer.quotes = [*target, *(quote for quote in answer.quotes if quote.key not in
                                {t.key for t in target})]
    return with_subject(answer.fit(BUDGET, minimum=1 + 2),  # still about it: "hoe effectief?"
                        f"intervention:{row.id}")
