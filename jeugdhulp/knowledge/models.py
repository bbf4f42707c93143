"""SQLAlchemy models of the guideline knowledge base.

Written against SQLAlchemy 1.4 (pinned by Rasa 3.6) in its 2.0 style: ``select()``,
``Session.execute`` and ``future=True`` engines.

Verbatim rule: ``Passage.text`` is the guideline's own wording and the only field ever
presented as a quote. Everything written by the project (``label``, ``Topic.label``,
``Collection.title``, intervention age numbers and problem tags) lives in separate fields.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

PASSAGE_KINDS = (
    "recommendation",
    "attention_point",
    "definition",
    "step",
    "finding",
    "explanation",
)


class Meta(Base):
    """Key/value facts about the build (schema version, Dutch analysis used, content hash)."""

    __tablename__ = "meta"
    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class Guideline(Base):
    __tablename__ = "guideline"
    id = Column(String(64), primary_key=True)  # slug, e.g. "mpg-gedwongen-kader"
    title = Column(Text, nullable=False)
    short_title = Column(Text, nullable=False)
    authors = Column(Text, nullable=False)  # as they must be named: "NJi voor NVO, BPSW en NIP"
    publisher = Column(Text, nullable=False)
    edition = Column(Text, nullable=False)
    url = Column(Text, nullable=False)
    source_file = Column(Text, nullable=False)  # raw text in knowledge/sources/
    retrieved = Column(Date)  # the day the source text was taken from the website
    sections = relationship(
        "Section", back_populates="guideline", order_by="Section.order", cascade="all"
    )


class Section(Base):
    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("guideline_id", "slug"),)
    id = Column(Integer, primary_key=True)
    guideline_id = Column(String(64), ForeignKey("guideline.id"), nullable=False, index=True)
    slug = Column(String(128), nullable=False)
    heading = Column(Text, nullable=False)  # the guideline's own heading
    path = Column(JSON, nullable=False)  # headings from the top, e.g. ["6. In te zetten hulp", ...]
    url = Column(Text, nullable=False)
    order = Column(Integer, nullable=False)
    guideline = relationship("Guideline", back_populates="sections")
    passages = relationship(
        "Passage", back_populates="section", order_by="Passage.order", cascade="all"
    )

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


passage_topic = Table(
    "passage_topic",
    Base.metadata,
    Column("passage_id", Integer, ForeignKey("passage.id"), primary_key=True),
    Column("topic_id", String(64), ForeignKey("topic.id"), primary_key=True),
)


class Passage(Base):
    __tablename__ = "passage"
    id = Column(Integer, primary_key=True)
    key = Column(String(160), nullable=False, unique=True)  # "<guideline>/<section>/<n>"
    section_id = Column(Integer, ForeignKey("section.id"), nullable=False, index=True)
    kind = Column(String(32), nullable=False, index=True)
    order = Column(Integer, nullable=False)
    text = Column(Text, nullable=False)  # verbatim guideline text
    label = Column(Text)  # our short name for it (never a quote), e.g. a term or step
    lemmas = Column(Text, nullable=False)  # analysed text for the search index
    # practice language for it (knowledge/content/practice.yml), searched as a field of its own
    practice = Column(JSON, nullable=False, default=list)
    # example questions it answers (knowledge/content/questions/*.yml), never shown
    examples = Column(JSON, nullable=False, default=list)
    section = relationship("Section", back_populates="passages")
    topics = relationship("Topic", secondary=passage_topic, back_populates="passages")


class Topic(Base):
    __tablename__ = "topic"
    id = Column(String(64), primary_key=True)  # slug, e.g. "eerste_contact"
    label = Column(Text, nullable=False)  # Dutch, ours
    description = Column(Text)  # Dutch, ours: what the topic covers
    synonyms = Column(JSON, nullable=False, default=list)  # Dutch terms and abbreviations
    passages = relationship(
        "Passage", secondary=passage_topic, back_populates="topics", order_by="Passage.id"
    )


intervention_passage = Table(
    "intervention_passage",
    Base.metadata,
    Column("intervention_id", String(64), ForeignKey("intervention.id"), primary_key=True),
    Column("passage_id", Integer, ForeignKey("passage.id"), primary_key=True),
)


class Intervention(Base):
    """An intervention, programme, method or working approach ("werkwijze")."""

    __tablename__ = "intervention"
    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    aliases = Column(JSON, nullable=False, default=list)
    category = Column(String(32), nullable=False)  # intervention / werkwijze / methode
    guideline_id = Column(String(64), ForeignKey("guideline.id"), nullable=False)
    section_id = Column(Integer, ForeignKey("section.id"), nullable=False)
    approach_goal = Column(Text)  # verbatim
    target_group = Column(Text)  # verbatim
    age_min = Column(Integer)  # ours, read from the target group; None = no limit given
    age_max = Column(Integer)
    problems = Column(JSON, nullable=False, default=list)  # ours: problem slugs addressed
    dei = Column(Text)  # verbatim rating, e.g. "DEI: Goed onderbouwd."
    kjp = Column(Text)  # verbatim rating
    effectiveness = Column(String(32))  # ours: proven / indications / not_proven / unknown
    guideline = relationship("Guideline")
    section = relationship("Section")
    evidence = relationship(
        "Passage", secondary=intervention_passage, order_by="Passage.id"
    )


class Collection(Base):
    """A named, ordered structure over passages: decision steps, attention points, ..."""

    __tablename__ = "collection"
    id = Column(String(64), primary_key=True)
    title = Column(Text, nullable=False)  # Dutch, ours
    guideline_id = Column(String(64), ForeignKey("guideline.id"), nullable=False)
    lead = Column(Text)  # passage key of the guideline sentence introducing the list
    guideline = relationship("Guideline")
    items = relationship(
        "CollectionItem", order_by="CollectionItem.order", cascade="all, delete-orphan"
    )


class CollectionItem(Base):
    __tablename__ = "collection_item"
    id = Column(Integer, primary_key=True)
    collection_id = Column(String(64), ForeignKey("collection.id"), nullable=False)
    order = Column(Integer, nullable=False)
    label = Column(Text)  # ours, e.g. "Stap 2"
    passage_id = Column(Integer, ForeignKey("passage.id"), nullable=False)
    passage = relationship("Passage")
