"""Builds the database from the content files: drop everything, create, fill, stamp.

The database is a product of ``knowledge/content/`` and can be rebuilt at any time; nothing
is ever edited in it by hand.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Callable, Dict, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jeugdhulp.knowledge import content, vocabulary
from jeugdhulp.knowledge.analysis import analysis_version, analyze
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

SCHEMA_VERSION = "1"


def _index_text(spec: content.PassageSpec, section: content.SectionSpec) -> str:
    """What the search indexes for a passage: its text, our label and its section heading."""
    return " ".join(filter(None, [spec.text, spec.label or "", section.heading]))


def resolve_ref(ref: str, guideline_id: str) -> str:
    """A passage reference to its database key; "other-guideline:section/id" crosses files."""
    if ":" in ref:
        other, local = ref.split(":", 1)
        return f"{other}/{local}"
    return f"{guideline_id}/{ref}"


def build(engine: Engine, progress: Optional[Callable[[str], None]] = None) -> Dict[str, int]:
    """(Re)builds the whole knowledge base on ``engine``; returns row counts."""
    say = progress or (lambda message: None)
    guidelines = content.load_guidelines()
    sources = [g.source for g in guidelines]
    duplicates = sorted({s for s in sources if sources.count(s) > 1})
    if duplicates:
        raise content.ContentError(f"source(s) used by more than one content file: {duplicates}")
    topics = content.load_topics(guidelines)
    say(f"{len(guidelines)} richtlijnbestanden en {len(topics)} onderwerpen gelezen")

    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    counts = {"guidelines": 0, "sections": 0, "passages": 0, "topics": 0,
              "interventions": 0, "collections": 0}
    with Session(engine, future=True) as session:
        topic_rows = {}
        for t in topics:
            topic_rows[t.id] = Topic(id=t.id, label=t.label, description=t.description,
                                     synonyms=t.synonyms)
            session.add(topic_rows[t.id])
        counts["topics"] = len(topic_rows)

        passages_by_key: Dict[str, Passage] = {}
        sections_by_key: Dict[str, Section] = {}
        for g in guidelines:
            guideline = Guideline(
                id=g.id, title=g.title, short_title=g.short_title, authors=g.authors,
                publisher=g.publisher, edition=g.edition, url=g.url, source_file=g.source,
            )
            session.add(guideline)
            counts["guidelines"] += 1
            for s_order, s in enumerate(g.sections):
                section = Section(
                    guideline=guideline, slug=s.slug, heading=s.heading, path=s.path,
                    url=s.url or g.url, order=s_order,
                )
                session.add(section)  # future mode: no cascade along backrefs
                sections_by_key[f"{g.id}/{s.slug}"] = section
                counts["sections"] += 1
                for p in s.passages:
                    unknown = [t for t in p.topics if t not in topic_rows]
                    if unknown:
                        raise content.ContentError(
                            f"{g.file.name}: {p.ref}: unknown topic(s) {unknown}; "
                            f"add them to topics.yml"
                        )
                    passage = Passage(
                        key=f"{g.id}/{p.ref}", section=section, kind=p.kind, order=p.order,
                        text=p.text, label=p.label,
                        lemmas=" ".join(analyze(_index_text(p, s))),
                        topics=[topic_rows[t] for t in p.topics],
                    )
                    session.add(passage)
                    passages_by_key[passage.key] = passage
                    counts["passages"] += 1
            say(f"  {g.short_title}: {sum(len(s.passages) for s in g.sections)} passages")

        def passage_for(ref: str, g: content.GuidelineSpec, where: str) -> Passage:
            key = resolve_ref(ref, g.id)
            if key not in passages_by_key:
                raise content.ContentError(f"{g.file.name}: {where}: no passage '{ref}'")
            return passages_by_key[key]

        for g in guidelines:
            for i in g.interventions:
                unknown = [p for p in i.problems if p not in vocabulary.problems()]
                if unknown or i.effectiveness not in vocabulary.effectiveness_order():
                    raise content.ContentError(
                        f"{g.file.name}: intervention {i.id}: unknown problem(s) {unknown} "
                        f"or effectiveness '{i.effectiveness}' (see names.yml and "
                        f"effectiveness.yml)")
                section_key = f"{g.id}/{i.section}"
                if section_key not in sections_by_key:
                    raise content.ContentError(
                        f"{g.file.name}: intervention {i.id}: no section '{i.section}'")
                session.add(Intervention(
                    id=i.id, name=i.name, aliases=i.aliases, category=i.category,
                    guideline_id=g.id, section=sections_by_key[section_key],
                    approach_goal=i.approach_goal, target_group=i.target_group,
                    age_min=i.age_min, age_max=i.age_max, problems=i.problems,
                    dei=i.dei, kjp=i.kjp, effectiveness=i.effectiveness,
                    evidence=[passage_for(r, g, f"intervention {i.id}") for r in i.evidence],
                ))
                counts["interventions"] += 1
            for c in g.collections:
                collection = Collection(
                    id=c.id, title=c.title, guideline_id=g.id,
                    lead=resolve_ref(c.lead, g.id) if c.lead else None,
                )
                for order, item in enumerate(c.items):
                    collection.items.append(CollectionItem(
                        order=order, label=item.get("label"),
                        passage=passage_for(item["ref"], g, f"collection {c.id}"),
                    ))
                if c.lead:
                    passage_for(c.lead, g, f"collection {c.id} lead")
                session.add(collection)
                counts["collections"] += 1

        session.add_all([
            Meta(key="schema_version", value=SCHEMA_VERSION),
            Meta(key="analysis", value=analysis_version()),
            Meta(key="content_digest", value=content.content_digest()),
            Meta(key="terms", value=json.dumps(content.load_terms(), ensure_ascii=False)),
            Meta(key="built_at", value=dt.datetime.now(dt.timezone.utc).isoformat()),
        ])
        session.commit()
    return counts


def read_meta(session: Session) -> Dict[str, str]:
    return {m.key: m.value for m in session.execute(select(Meta)).scalars()}
