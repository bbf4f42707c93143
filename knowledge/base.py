"""``KnowledgeBase``: the one object the rest of the assistant asks things of.

It knows nothing about Rasa or channels. Every method returns verbatim passages with their
citations (as ``PassageRecord``/``Answer``), never text of our own presented as guidance.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import db
from knowledge.answers import Answer, Quote, Suggestion
from knowledge.models import Collection, Topic
from knowledge.search import Hit, KnowledgeBaseError, PassageRecord, get_index, search


class KnowledgeBase:
    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url or db.database_url()
        self.engine: Engine = db.get_engine(self.url)

    # -- plumbing -------------------------------------------------------------------------
    def session(self) -> Session:
        return Session(self.engine, future=True)

    def record(self, key: str) -> PassageRecord:
        index = get_index(self.engine)
        if key not in index.by_key:
            raise KnowledgeBaseError(f"Passage {key} staat niet in de kennisbank.")
        return index.by_key[key]

    # -- search ---------------------------------------------------------------------------
    def search(self, text: str, limit: int = 5, **filters) -> List[Hit]:  # type: ignore[no-untyped-def]
        return search(self.engine, text, limit=limit, **filters)

    # -- structures -----------------------------------------------------------------------
    def collection(self, collection_id: str) -> List[PassageRecord]:
        """The passages of a named structure (steps, attention points, ...), in order."""
        with self.session() as session:
            collection = session.get(Collection, collection_id)
            if collection is None:
                raise KnowledgeBaseError(f"Onderdeel {collection_id} staat niet in de kennisbank.")
            keys = [item.passage.key for item in collection.items]
        return [self.record(k) for k in keys]

    def topic_passages(self, topic_id: str, kinds: Optional[Sequence[str]] = None) -> List[PassageRecord]:
        with self.session() as session:
            topic = session.get(Topic, topic_id)
            if topic is None:
                return []
            keys = [p.key for p in topic.passages]
        records = [self.record(k) for k in keys]
        return [r for r in records if not kinds or r.kind in kinds]

    def topics(self) -> List[Topic]:
        with self.session() as session:
            return list(session.execute(select(Topic).order_by(Topic.label)).scalars())

    # -- answers --------------------------------------------------------------------------
    def answer_collection(
        self,
        collection_id: str,
        lead: str,
        intro: Sequence[str] = (),
        suggestions: Sequence[Suggestion] = (),
        show: int = 8,
    ) -> Answer:
        """An answer quoting a structure: optional introducing passages, then its items."""
        quotes = [Quote.of(self.record(k)) for k in intro]
        quotes += [Quote.of(r) for r in self.collection(collection_id)]
        return Answer(lead=lead, quotes=quotes[:show], more=quotes[show:],
                      suggestions=list(suggestions))
