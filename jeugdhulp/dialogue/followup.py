"""Short follow-ups that lean on the question before them.

"en signs of safety?" after "is VSV effectief?" asks the same question about another
intervention; "wat is het doel van de eerste?" points into the list the last answer gave;
"en wie moet er allemaal bij zijn?" is about the subject of the last answer. An elliptical
follow-up keeps the subject and the kind of the last question and replaces one slot:

* an ordinal ("de eerste", "de tweede", "de laatste") picks a name from the last answer's
  quotes, or from an earlier answer's when the last one names too few, and is answered
  from the guideline that named it; when there is no such name, the assistant asks which
  one was meant;
* an intervention named after a question about an intervention (its effect, target group,
  ages): the same question about the new one;
* an effect question without a name ("en is het effectief?"): the effect of what the last
  question named;
* after an answer about an intervention or a problem, the intent handlers keep that
  subject themselves ("en bij een baby?" -> the problem's interventions for that age);
* "en daarna?", "wat is de volgende stap?": what the guideline says right after the last
  answer's quotes (``what_comes_next``);
* anything else: the search, with the last question's words as context (the follow-up's
  own words count twice).

The cue words are content (``follow_up`` in knowledge/content/answers.yml).
"""
from __future__ import annotations

import dataclasses
import re
from typing import List, Optional, Set, Tuple

from jeugdhulp.dialogue.intents import intent as intent_info
from jeugdhulp.dialogue.intents import kind_of
from jeugdhulp.dialogue.question import Question, ages_mentioned
from jeugdhulp.knowledge import compose
from jeugdhulp.knowledge.answers import Answer
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.compose.common import (
    BUDGET,
    guideline_phrase,
    quotes_of,
    suggestion,
    with_subject,
)
from jeugdhulp.knowledge.focus import split_question
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.messages import message

MAX_WORDS = 9  # a follow-up longer than this is a question of its own ...
LEANING_WORDS = 14  # ... unless it refers back ("moet ik dat dan allemaal zelf doen?")


def elliptical(text: str) -> bool:
    """Whether the message only makes sense after the previous one."""
    words = text.split()
    if not words or len(words) > LEANING_WORDS:
        return False
    cues = rules().follow_up
    if cues.leans.search(text) or cues.starts.match(text.strip()):
        return True
    return len(words) <= MAX_WORDS and bool(
        cues.ordinal.search(text) or cues.next.search(text.strip())
        or (len(words) <= 6 and cues.refers.search(text)))


def conversation_guideline(kb: KnowledgeBase, q: Question) -> Optional[str]:
    """The guideline the last answer quoted first."""
    shown = _known(kb, q.sources[:1])
    return shown[0].guideline_id if shown else None


def _subject_intervention(kb: KnowledgeBase, q: Question) -> Optional[InterventionRecord]:
    if q.subject.startswith("intervention:"):
        return kb.index.interventions.get(q.subject.split(":", 1)[1])
    return None


def _asked_age(q: Question) -> Optional[int]:
    """The age a follow-up asks about: its own, or the oldest or youngest child of the
    message before it ("en voor de oudste?")."""
    if q.age is not None:
        return q.age
    own = ages_mentioned(q.text)  # "en als ze 5 was geweest?": a bare number is an age here
    if own:
        return own[0]
    cues = rules().follow_up
    ages = ages_mentioned(q.previous_text)
    if ages and cues.eldest.search(q.text):
        return max(ages)
    if ages and cues.youngest.search(q.text):
        return min(ages)
    return None


def for_another_age(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """"en bij een baby?", "en voor de oudste?", "en als ze 5 was geweest?" after the
    interventions for a problem or an intervention's target group: the same question for
    that age."""
    age = _asked_age(q)
    if age is None or q.problems:  # "en bij verwaarlozing van een baby?": the handlers
        return None
    if q.subject.startswith("problem:"):
        return compose.interventions_for(kb, q.subject.split(":")[1] or None, age)
    row = _subject_intervention(kb, q)
    return compose.target_group_answer(kb, row, about_age=True) if row else None


def context_of(q: Question) -> str:
    """What the conversation was about: the search words of the last answer, else the
    question before this one."""
    if q.subject.startswith("search:"):
        return q.subject.split(":", 1)[1]
    return q.previous_text


def _ordinal(text: str) -> Optional[int]:
    match = rules().follow_up.ordinal.search(text)
    if not match:
        return None
    word = match.group(0).lower().split()[-1]
    return rules().follow_up.ordinals.get(word)


def _known(kb: KnowledgeBase, keys: List[str]) -> List[PassageRecord]:
    return [kb.index.by_key[k] for k in keys if k in kb.index.by_key]


def pointed_list(kb: KnowledgeBase, q: Question,
                 number: int) -> Tuple[List[InterventionRecord], Set[str]]:
    """The interventions and methods an ordinal points into, in the order they were named,
    and the guidelines of the passages that named them: the last answer's when it names
    enough, else the most recent earlier answer that does ("wat doet de eerste?" -> one
    method's answer -> "en de tweede?" points into the list before it)."""
    first: Optional[Tuple[List[InterventionRecord], Set[str]]] = None
    for i, keys in enumerate([q.sources, *q.earlier_sources]):
        names: List[InterventionRecord] = []
        guidelines: Set[str] = set()
        for record in _known(kb, keys):
            named = kb.interventions_in(record.text)
            names += [row for row in named if row not in names]
            guidelines.update([record.guideline_id] if named else [])
        if i == 0:  # "wat is het doel van de eerste?" right after the question naming them
            names += [row for row in kb.interventions_in(q.previous_text) if row not in names]
        if first is None:
            first = (names, guidelines)
        if names and number <= len(names):
            return names, guidelines
    return first or ([], set())


def _in_context(kb: KnowledgeBase, q: Question, row: InterventionRecord,
                guidelines: Set[str]) -> Optional[Answer]:
    """What the guideline the list came from says about the name the ordinal picked, when
    that is another guideline than the interventions table's ("methoden in het gedwongen
    kader ... wat is het doel van de eerste?" is answered from the gedwongen kader)."""
    if len(guidelines) != 1 or row.section_key.split("/")[0] in guidelines:
        return None
    asked = rules().follow_up.ordinal.sub(" ", q.text)
    answer = compose.search_answer(kb, f"{asked} {row.name}", next(iter(guidelines)),
                                   closest=False)
    if not answer.found or not any(row in kb.interventions_in(quote.text)
                                   for quote in answer.quotes[:1]):
        return None
    return answer


def what_comes_next(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """"en daarna?", "wat is de volgende stap?": what the guideline says right after the
    last answer's quotes. Of the quotes in the section of its first quote, the one that
    comes last in the guideline; the passage after it (its list whole when it leads one).
    None when the message does not ask that or nothing follows in that section."""
    if not rules().follow_up.next.search(q.text.strip()):
        return None
    shown = _known(kb, q.sources)
    if not shown:
        return None
    place = (shown[0].guideline_id, shown[0].section_path)
    last = max((r for r in shown if (r.guideline_id, r.section_path) == place),
               key=lambda r: r.order)
    following = sorted((r for r in kb.index.records
                        if (r.guideline_id, r.section_path) == place
                        and r.order > last.order and r.key not in q.sources),
                       key=lambda r: r.order)
    if not following:
        return None
    led = [c for c in kb.collections_of(following[0].key) if c.lead == following[0].key]
    if led:
        return compose.whole_collection(kb, led[0].id)
    answer = Answer(lead=message("answers.follow_up.next",
                                 guideline=guideline_phrase(following[0].guideline_title)),
                    quotes=quotes_of(following[:1]), more=quotes_of(following[1:3]),
                    suggestions=[suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET), q.subject)


def which_one(names: List[InterventionRecord]) -> Answer:
    """A follow-up that cannot be resolved: ask which one was meant."""
    if names:
        return Answer(lead=message("answers.follow_up.which_of"),
                      suggestions=[suggestion("buttons.intervention", name=n.name)
                                   for n in names[:4]],
                      found=False)
    return Answer(lead=message("answers.follow_up.which"), found=False)


def follow_up_answer(kb: KnowledgeBase, q: Question, handlers) -> Optional[Answer]:  # type: ignore[no-untyped-def]
    """The answer to an elliptical follow-up, or None when the message is not one (or
    names what it is about itself)."""
    if not (q.previous_text or q.subject) or not elliptical(q.text):
        return None
    if kind_of(q.intent) not in ("question", "") and q.intent != "nlu_fallback":
        return None
    named = kb.interventions_in(q.text) + [r for r in (kb.intervention(v) for v in q.interventions)
                                           if r is not None]
    effect = bool(rules().effect_words.search(q.text))
    number = _ordinal(q.text)
    if number is not None and not named:
        names, guidelines = pointed_list(kb, q, number)
        if not names or number > len(names):
            return which_one(names)
        row = names[number - 1] if number > 0 else names[-1]
        return _in_context(kb, q, row, guidelines) or (
            compose.effectiveness_answer(kb, row) if effect
            else compose.intervention_answer(kb, row))
    previous = intent_info(q.previous_intent)
    if named:
        if previous is not None and previous.about_intervention and len(q.text.split()) <= 5:
            again = dataclasses.replace(q, intent=q.previous_intent,
                                        interventions=[named[0].name], text=q.text)
            return handlers[q.previous_intent](kb, again)
        return None  # it names its own subject: answered as a question of its own
    following = what_comes_next(kb, q) or for_another_age(kb, q)
    if following is not None:
        return following
    row = _subject_intervention(kb, q)
    if effect and row is not None:
        return compose.effectiveness_answer(kb, row)
    if q.subject and not q.subject.startswith("search:"):
        return None  # about an intervention or a problem: the handlers keep that subject
    context = context_of(q)
    if effect:
        for text in (context, q.previous_text, *q.earlier_texts):
            earlier = kb.interventions_in(text)
            if earlier:
                return compose.effectiveness_answer(kb, earlier[0])
    if not context or any(t.lower() not in context.lower() for t in q.terms):
        return None  # "en ORBA?" after LIRIK: a term of its own, a question of its own
    asked, _ = split_question(q.text)
    named_guideline = kb.guideline_named(q.text)
    conversation = conversation_guideline(kb, q)
    # "en wat zegt de richtlijn samen beslissen daarover?": the same question, in that one
    within = named_guideline if named_guideline not in (None, conversation) else None
    return compose.search_answer(kb, f"{asked} {asked} {context}",
                                 named_guideline or conversation or q.guideline,
                                 in_conversation=bool(q.sources), within=within)
