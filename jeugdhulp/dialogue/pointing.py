"""What the last answers showed, and what a follow-up points at in them: their passages
(``known_records``), the interventions a passage names (``names_of``), the intervention the
last answer was about (``subject_intervention``) or its first quote names (``quoted_names``),
the list an ordinal points into (``pointed_list``, ``pointed_item``), the passage after the
last one quoted ("en daarna?": ``what_comes_next``), another list of the last list's
guideline ("en welke vaardigheden?": ``another_list``), what the conversation was about
(``context_of``) and the question back when a follow-up points at none (``which_one``).
Used by ``followup``, ``effects``, ``ages`` and ``answering``."""
from __future__ import annotations

from typing import List, Optional, Set, Tuple

from jeugdhulp.dialogue.cues import elliptical
from jeugdhulp.dialogue.question import Question
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
from jeugdhulp.knowledge.focus import starts_question
from jeugdhulp.knowledge.index import InterventionRecord, PassageRecord
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.messages import message


def known_records(kb: KnowledgeBase, keys: List[str]) -> List[PassageRecord]:
    return [kb.index.by_key[k] for k in keys if k in kb.index.by_key]


def names_of(kb: KnowledgeBase, record: PassageRecord) -> List[InterventionRecord]:
    """The one intervention a finding is the evidence of ("Sinds invoering is het aantal
    ondertoezichtstellingen met 50% gedaald" is ISC's: "die tweede" after ISC's effect in a
    row; SAVE's study names a "familienetwerkberaad" only in passing), else the interventions
    it names (a description of SAVE that names Signs of Safety names both), or whose table
    row it is a cell of."""
    evidence_of = [i for i in kb.interventions() if record.key in i.evidence]
    if record.kind == "finding" and len(evidence_of) == 1:
        return evidence_of
    return kb.interventions_in(record.text) or [
        i for i in kb.interventions() if record.text in (i.approach_goal, i.target_group)]


def subject_intervention(kb: KnowledgeBase, subject: str) -> Optional[InterventionRecord]:
    """The intervention the last answer was about ("intervention:<id>"), if any."""
    if subject.startswith("intervention:"):
        return kb.index.interventions.get(subject.split(":", 1)[1])
    return None


def quoted_names(kb: KnowledgeBase, q: Question) -> List[InterventionRecord]:
    """The interventions named by the first of the last answer's quotes that names any. An
    item of a list names one in passing ("het sociale netwerk kunnen activeren, bijvoorbeeld
    met een 'Eigen Kracht-conferentie'" among the skills): after a list, only the ones the
    last question named too."""
    names = next((names for names in (names_of(kb, r) for r in known_records(kb, q.sources))
                  if names), [])
    if q.subject.startswith("collection:"):
        asked = {row.id for row in kb.interventions_in(q.previous_text)}
        names = [row for row in names if row.id in asked]
    return names


def asked_names(kb: KnowledgeBase, q: Question,
                number: int) -> Tuple[List[InterventionRecord], Set[str]]:
    """The interventions the user's own last messages named, the latest first, when they
    name ``number`` or more without a message naming none between ("wat levert Signs of
    Safety op?" -> "en SAVE?" -> "welke van die twee is het best onderzocht?": those two, not
    a name the answers quoted in passing); with the guidelines of the answers' passages
    that named them."""
    names: List[InterventionRecord] = []
    shown: List[PassageRecord] = []
    for text, keys in zip([q.previous_text, *q.earlier_texts], [q.sources, *q.earlier_sources]):
        named = kb.interventions_in(text)
        if not named:
            break
        names += [row for row in named if row not in names]
        shown += known_records(kb, keys)
        if len(names) >= number:
            names = names[:number]
            return names, {record.guideline_id for record in shown
                           if set(names_of(kb, record)) & set(names)}
    return [], set()


def pointed_list(kb: KnowledgeBase, q: Question, number: int,
                 gather: bool = False) -> Tuple[List[InterventionRecord], Set[str]]:
    """The interventions and methods an ordinal points into, in the order they were named,
    and the guidelines of the passages that named them: the last answer's when it names
    enough, else the most recent earlier answer that does ("wat doet de eerste?" -> one
    method's answer -> "en de tweede?" points into the list before it). ``gather``: when
    no answer names enough, the names of the last answers together, the latest first ("welke
    van die twee past beter?" after one answer on IAG and the next on Families First)."""
    first: Optional[Tuple[List[InterventionRecord], Set[str]]] = None
    gathered: Tuple[List[InterventionRecord], Set[str]] = ([], set())
    for i, keys in enumerate([q.sources, *q.earlier_sources]):
        names: List[InterventionRecord] = []
        guidelines: Set[str] = set()
        for record in known_records(kb, keys):
            named = names_of(kb, record)
            names += [row for row in named if row not in names]
            guidelines.update([record.guideline_id] if named else [])
        if i == 0:  # "wat is het doel van de eerste?" right after the question naming them
            names += [row for row in kb.interventions_in(q.previous_text) if row not in names]
        if first is None:
            first = (names, guidelines)
        if names and number <= len(names):
            return names, guidelines
        if gather and len(gathered[0]) < number:
            gathered[0].extend(row for row in names if row not in gathered[0])
            gathered[1].update(guidelines)
    if gather and len(gathered[0]) >= number:
        return gathered[0][:number], gathered[1]
    return first or ([], set())


def pointed_item(kb: KnowledgeBase, q: Question,
                 number: int) -> Optional[Tuple[PassageRecord, List[str]]]:
    """The item of a list an ordinal points into ("die eerste stap" after the steps of
    samen beslissen): of the last answer, else the most recent earlier one, that quoted
    that many items of one list, the item in the list's order; with the list's passages."""
    for keys in [q.sources, *q.earlier_sources]:
        shown = set(keys)
        for collection in {c.id: c for key in keys for c in kb.collections_of(key)}.values():
            items = [key for _, key in collection.items if key in shown]
            if len(items) >= max(2, abs(number)):
                listed = [collection.lead, *(key for _, key in collection.items)]
                return kb.index.by_key[items[number - 1 if number > 0 else -1]], listed
    return None


def what_comes_next(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """"en daarna?", "wat is de volgende stap?": what the guideline says right after the
    last answer's quotes. Of the quotes in the section of its first quote, the one that
    comes last in the guideline; the passage after it (its list whole when it leads one).
    None when the message does not ask that or nothing follows in that section."""
    cue = rules().follow_up.next.search(q.text.strip())
    if not cue:
        return None
    rest = q.text.strip()[cue.end():].strip(" ,;:-")
    if starts_question(rest) and kb.known_share(rest) > 0:
        return None  # "en daarna, wat voor hulp?": a question of its own, in the conversation
    shown = known_records(kb, q.sources)
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


def another_list(kb: KnowledgeBase, q: Question) -> Optional[Answer]:
    """"en welke vaardigheden?" after the attitude a professional needs, "en wat moeten ze
    zelf qua vaardigheden in huis hebben?" after what the organisation must arrange: the
    other list of the same guideline that the follow-up names (``structure_cues`` in
    answers.yml), when the last answer was one of that guideline's lists."""
    if not q.subject.startswith("collection:") or not elliptical(q.text):
        return None
    last = kb.index.collections.get(q.subject.split(":", 1)[1])
    if last is None:
        return None
    named = [c for c in rules().structure_cues
             if c.guideline == last.guideline_id and c.collection != last.id
             and c.asks.search(q.text) and not c.unless.search(q.text)]
    return compose.whole_collection(kb, named[0].collection) if named else None


def context_of(q: Question) -> str:
    """What the conversation was about: the search words of the last answer, else the
    question before this one; one of another field ("wat is de maximale caseload?", which
    got no answer) is an aside, and the one before it is the context."""
    if q.subject.startswith("search:"):
        return q.subject.split(":", 1)[1]
    for text in (q.previous_text, *q.earlier_texts):
        if not rules().other_domain_words.search(text):
            return text
    return q.previous_text


def which_one(names: List[InterventionRecord]) -> Answer:
    """A follow-up that cannot be resolved: ask which one was meant."""
    if names:
        return Answer(lead=message("answers.follow_up.which_of"),
                      suggestions=[suggestion("buttons.intervention", name=n.name)
                                   for n in names[:4]],
                      found=False)
    return Answer(lead=message("answers.follow_up.which"), found=False)
