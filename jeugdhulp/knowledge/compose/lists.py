"""Answers that quote a structure of the guidelines: a named list (steps, attention points,
forms of help), a definition, a topic, and the overview of topics."""
from __future__ import annotations

from typing import Optional, Sequence

from jeugdhulp.knowledge.answers import Answer, Suggestion
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.compose.common import BUDGET, quotes_of, suggestion, with_subject
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.messages import message

# Kinds of passage in the order a topic answer quotes them.
KIND_ORDER = {"recommendation": 0, "definition": 1, "attention_point": 2, "step": 3,
              "finding": 4, "explanation": 5}


def collection_answer(
    kb: KnowledgeBase,
    collection_id: str,
    lead: Optional[str] = None,
    intro: Sequence[str] = (),
    suggestions: Sequence[Suggestion] = (),
    budget: int = BUDGET,
) -> Answer:
    """Quotes a structure (steps, attention points, ...): optional introducing passages,
    then its items; what does not fit goes to "meer"."""
    collection = kb.collection_record(collection_id)
    quotes = quotes_of(kb.records(intro))
    quotes += quotes_of(kb.collection(collection_id))
    answer = Answer(lead=lead or message("answers.collection.lead", title=collection.title),
                    quotes=quotes, suggestions=list(suggestions))
    return with_subject(answer.fit(budget), f"collection:{collection_id}")


def whole_collection(kb: KnowledgeBase, collection_id: str) -> Answer:
    """A collection under its own title, introduced by its lead passage if it has one."""
    collection = kb.collection_record(collection_id)
    return collection_answer(kb, collection_id,
                             lead=message("answers.collection.lead", title=collection.title),
                             intro=[collection.lead] if collection.lead else [])


def first_contact(kb: KnowledgeBase) -> Answer:
    """How to begin the first conversation in a coercive setting (the attention points)."""
    structure = rules().structures["first_contact"]
    return collection_answer(
        kb, structure.collection, lead=message("answers.first_contact.lead"),
        intro=structure.intro,
        suggestions=[suggestion("first_contact.buttons.reactance"),
                     suggestion("first_contact.buttons.negotiable")],
        budget=structure.budget)


def neglect_help(kb: KnowledgeBase) -> Answer:
    """The forms of help the guideline recommends for parents who neglect a child."""
    structure = rules().structures["neglect_help"]
    return collection_answer(kb, structure.collection, lead=message("answers.neglect_help.lead"),
                             intro=structure.intro,
                             suggestions=[suggestion("neglect_help.button")],
                             budget=structure.budget)


def working_factors(kb: KnowledgeBase) -> Answer:
    """What works in help after child abuse."""
    structure = rules().structures["working_factors"]
    return collection_answer(kb, structure.collection,
                             lead=message("answers.working_factors.lead"),
                             intro=structure.intro, budget=structure.budget)


def definition_answer(kb: KnowledgeBase, term: str) -> Optional[Answer]:
    records = kb.definition(term)
    if not records:
        return None
    definitions = [r for r in records if r.kind == "definition"] or records
    label = definitions[0].label or term
    answer = Answer(lead=message("answers.definition.lead", label=label[:1].upper() + label[1:]),
                    quotes=quotes_of(definitions[:1]),
                    more=quotes_of([r for r in records if r not in definitions[:1]]),
                    suggestions=[suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET), f"term:{label}")


def topic_answer(kb: KnowledgeBase, topic_id: str) -> Optional[Answer]:
    topic = kb.topic(topic_id)
    if topic is None:
        return None
    records = kb.topic_passages(topic_id)
    records.sort(key=lambda r: (KIND_ORDER.get(r.kind, 9), r.guideline_id, r.key))
    if not records:
        return None
    answer = Answer(lead=message("answers.topic.lead", label=topic.label),
                    quotes=quotes_of(records[:6]), more=quotes_of(records[6:]),
                    suggestions=[suggestion("buttons.source")])
    return with_subject(answer.fit(BUDGET), f"topic:{topic_id}")


def topic_button(topic) -> Suggestion:  # type: ignore[no-untyped-def]
    """A button that asks about a topic (the ask_topic intent with the topic's id)."""
    return Suggestion(topic.label, f'/ask_topic{{"topic": "{topic.id}"}}')


def topics_overview(kb: KnowledgeBase) -> Answer:
    topics = [kb.topic(t) for t in rules().overview_topics]
    topics = [t for t in topics if t is not None]
    return Answer(
        lead=message("answers.overview.topics", labels="; ".join(t.label for t in topics)),
        suggestions=[topic_button(t) for t in topics[:10]],
        subject="topics")
