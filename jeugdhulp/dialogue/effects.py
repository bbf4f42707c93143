"""Follow-ups about an effect ("en is het effectief?", "zijn die effectief?", "en in de
MPG-richtlijn gedwongen kader?"): whether the last question asked about one
(``asked_effect_last``), the effect of what the conversation named (``effect_of_earlier``)
and the same effect question answered by another guideline the message names
(``effect_in_named_guideline``). Used by ``followup``."""
from __future__ import annotations

import re
from typing import Optional, Set

from jeugdhulp.dialogue.pointing import (
    context_of,
    pointed_list,
    quoted_names,
    subject_intervention,
    which_one,
)
from jeugdhulp.dialogue.question import Question
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.knowledge.search import without_guideline_name


# Words that ask only what a guideline says ("en wat zegt de richtlijn kindermishandeling
# daarover?"): with the guideline's name alone, the last question again, to that one.
SAYS = {"zeggen", "daarover", "erover", "hierover", "vinden", "staan"}


def only_guideline(guidelines: Set[str]) -> Optional[str]:
    """The one guideline the named interventions came from, if there is one."""
    return next(iter(guidelines)) if len(guidelines) == 1 else None


def effect_in_named_guideline(kb: KnowledgeBase, q: Question,
                              effect: bool) -> Optional[Answer]:
    """"en in de MPG-richtlijn gedwongen kader? daar las ik iets positievers" after the
    effect of Signs of Safety: the same question, answered by the guideline it names (with
    an effect word, one that judges: ``judges``, or nothing but its name: "en volgens de
    richtlijn kindermishandeling?"), when that one speaks of its effect. The
    intervention: the last answer's subject, else the one the last question named."""
    named = kb.guideline_named(q.text)
    if named is None or not (effect or rules().follow_up.judges.search(q.text)
                             or _only_names(q.text, named)) or not asked_effect_last(q):
        return None
    earlier = kb.interventions_in(q.previous_text)
    row = subject_intervention(kb, q.subject) or (earlier[0] if len(earlier) == 1 else None)
    return compose.effect_in_guideline_answer(kb, row, named) if row is not None else None


def _only_names(text: str, guideline: str) -> bool:
    """Whether a message says nothing but the guideline's name ("en volgens de richtlijn
    kindermishandeling?", "en in de MPG-richtlijn?")."""
    return not set(analyze(without_guideline_name(text, guideline))) - SAYS


def asked_effect_last(q: Question, years: bool = True) -> bool:
    """Whether the last question asked about an effect (its intent or an effect word;
    without ``years``, a year is no such word: "sinds 2016" in a case). A last question that
    only judged what another guideline says ("maar de richtlijn kindermishandeling is daar
    toch een stuk kritischer over?", ``judges``) asked the same as the one before it: then
    "en SAVE?" asks SAVE's effect."""
    previous = q.previous_text or ""
    if not years:
        previous = re.sub(r"\b(19|20)\d\d\b", " ", previous)
    if q.previous_intent == "ask_effectiveness" or rules().effect_words.search(previous):
        return True
    return bool(q.earlier_texts and rules().follow_up.judges.search(previous)
                and rules().effect_words.search(q.earlier_texts[0]))


def effect_of_earlier(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """"is het ook bewezen effectief?": the effect of the intervention the conversation
    named last: the last answer's subject, else the first of the last answer's quotes that
    names interventions (one: its effect; more: which one was meant), else the latest
    message that names one."""
    row = subject_intervention(kb, q.subject)
    if row is not None:
        return compose.effectiveness_answer(kb, row)
    if q.subject.startswith("problem:"):
        # "en is dat effectief?" after the interventions for a problem: the first listed (the
        # best supported); "zijn die effectief?": the first three side by side
        names, guidelines = pointed_list(kb, q, 1)
        if len(names) > 1 and rules().follow_up.plural.search(q.text):
            return compose.compare_effect_answer(
                kb, names[:3], only_guideline(guidelines))
        return compose.effectiveness_answer(kb, names[0]) if names else None
    if q.subject.split(":")[0] == "intervention":
        return None
    quoted = quoted_names(kb, q)
    if len(quoted) == 1:  # "en de effectiviteit daarvan?" after the passage on MST-CAN
        return compose.effectiveness_answer(kb, quoted[0])
    ids = {row.id for row in quoted}
    for text in (context_of(q), q.previous_text, *q.earlier_texts):
        # the one the conversation named of those the quote names ("wat zijn die vensters
        # van SAVE?", then "is het bewezen effectief?" after a quote that names SAVE and
        # Signs of Safety), else the latest named when the quote names none
        earlier = [row for row in kb.interventions_in(text) if not ids or row.id in ids]
        if earlier:
            return compose.effectiveness_answer(kb, earlier[0])
    return which_one(quoted) if quoted else None
