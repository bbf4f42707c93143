"""Builds the database from the content files: check, drop everything, create, fill, stamp.

The database is a product of ``knowledge/content/`` and can be rebuilt at any time; nothing
is ever edited in it by hand. Content with mistakes is refused before anything is dropped
(``jeugdhulp.knowledge.validate``), with every mistake named.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Callable, Dict, List, Optional

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jeugdhulp.knowledge import content, examples, practice, validate, vocabulary
from jeugdhulp.knowledge.analysis import analysis_version, analyze
from jeugdhulp.knowledge.db import SCHEMA_VERSION
from jeugdhulp.knowledge.models import (
    Base,
    Collection,
    CollectionItem,
    Guideline,
    Intervention,
    Meta,
    Passage,
    Section,
    Topic,
)

logger = logging.getLogger(__name__)

resolve_ref = validate.resolve_ref


def _index_text(spec: content.PassageSpec, section: content.SectionSpec) -> str:
    """What the search indexes for a passage: its text, our label and its section heading.
    Its practice language (knowledge/content/practice.yml) is a field of its own."""
    return " ".join(filter(None, [spec.text, spec.label or "", section.heading]))


class _Rows:
    """The rows of one build, by key, so that later rows can point at earlier ones."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.topics: Dict[str, Topic] = {}
        self.sections: Dict[str, Section] = {}
        self.passages: Dict[str, Passage] = {}
        self.counts = {"guidelines": 0, "sections": 0, "passages": 0, "topics": 0,
                       "interventions": 0, "collections": 0}

    def add(self, kind: str, row: object) -> None:
        self.session.add(row)
        self.counts[kind] += 1

    def passage(self, ref: str, guideline_id: str) -> Passage:
        return self.passages[resolve_ref(ref, guideline_id)]


def _add_topics(rows: _Rows, topics: List[content.TopicSpec]) -> None:
    for t in topics:
        rows.topics[t.id] = Topic(id=t.id, label=t.label, description=t.description,
                                  synonyms=t.synonyms)
        rows.add("topics", rows.topics[t.id])


def _add_guideline(rows: _Rows, g: content.GuidelineSpec,
                   practice_words: Dict[str, List[str]],
                   questions: Dict[str, List[str]]) -> None:
    """The guideline, its sections and their passages (with their index terms)."""
    guideline = Guideline(id=g.id, title=g.title, short_title=g.short_title,
                          authors=g.authors, publisher=g.publisher, edition=g.edition,
                          url=g.url, source_file=g.source, retrieved=g.retrieved)
    rows.add("guidelines", guideline)
    for s_order, s in enumerate(g.sections):
        section = Section(guideline=guideline, slug=s.slug, heading=s.heading, path=s.path,
                          url=s.url or g.url, order=s_order)
        rows.add("sections", section)  # future mode: no cascade along backrefs
        rows.sections[f"{g.id}/{s.slug}"] = section
        for p in s.passages:
            words = practice_words.get(f"{g.id}/{p.ref}", [])
            passage = Passage(key=f"{g.id}/{p.ref}", section=section, kind=p.kind,
                              order=p.order, text=p.text, label=p.label, practice=words,
                              examples=questions.get(f"{g.id}/{p.ref}", []),
                              lemmas=" ".join(analyze(_index_text(p, s))),
                              topics=[rows.topics[t] for t in p.topics])
            rows.add("passages", passage)
            rows.passages[passage.key] = passage


def _add_structures(rows: _Rows, g: content.GuidelineSpec) -> None:
    """The guideline's interventions and collections (they point at its passages)."""
    for i in g.interventions:
        rows.add("interventions", Intervention(
            id=i.id, name=i.name, aliases=i.aliases, category=i.category, guideline_id=g.id,
            section=rows.sections[f"{g.id}/{i.section}"], approach_goal=i.approach_goal,
            target_group=i.target_group, age_min=i.age_min, age_max=i.age_max,
            problems=i.problems, dei=i.dei, kjp=i.kjp, effectiveness=i.effectiveness,
            evidence=[rows.passage(r, g.id) for r in i.evidence]))
    for c in g.collections:
        collection = Collection(id=c.id, title=c.title, guideline_id=g.id,
                                lead=resolve_ref(c.lead, g.id) if c.lead else None)
        for order, item in enumerate(c.items):
            collection.items.append(CollectionItem(
                order=order, label=item.get("label"), passage=rows.passage(item["ref"], g.id)))
        rows.add("collections", collection)


def _practice_words(guidelines: List[content.GuidelineSpec]) -> Dict[str, List[str]]:
    """Passage key -> its practice words (a topic's go to every passage of the topic)."""
    by_topic: Dict[str, List[str]] = {}
    for g in guidelines:
        for s in g.sections:
            for p in s.passages:
                for t in p.topics:
                    by_topic.setdefault(t, []).append(f"{g.id}/{p.ref}")
    return practice.words_by_passage(practice.load(), by_topic)


def _meta() -> List[Meta]:
    return [
        Meta(key="schema_version", value=SCHEMA_VERSION),
        Meta(key="analysis", value=analysis_version()),
        Meta(key="content_digest", value=content.content_digest()),
        Meta(key="terms", value=json.dumps(content.load_terms(), ensure_ascii=False)),
        Meta(key="built_at", value=dt.datetime.now(dt.timezone.utc).isoformat()),
    ]


def build(engine: Engine, progress: Optional[Callable[[str], None]] = None) -> Dict[str, int]:
    """(Re)builds the whole knowledge base on ``engine``; returns row counts."""
    say = progress or (lambda message: None)
    guidelines = content.load_guidelines()
    topics = content.load_topics(guidelines)
    vocabulary.effectiveness_levels()  # a broken scale stops the build here
    mistakes = validate.content_problems(guidelines, topics)
    if mistakes:
        shown = "; ".join(str(m) for m in mistakes[:10])
        more = f" (en nog {len(mistakes) - 10})" if len(mistakes) > 10 else ""
        raise content.ContentError(f"{shown}{more}")
    say(f"{len(guidelines)} richtlijnbestanden en {len(topics)} onderwerpen gelezen")

    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine, future=True) as session:
        rows = _Rows(session)
        _add_topics(rows, topics)
        words = _practice_words(guidelines)
        questions = examples.by_passage(examples.load())
        for g in guidelines:
            _add_guideline(rows, g, words, questions)
            say(f"  {g.short_title}: {sum(len(s.passages) for s in g.sections)} passages")
        for g in guidelines:
            _add_structures(rows, g)
        session.add_all(_meta())
        session.commit()
    return rows.counts
