"""The knowledge base in memory: records of passages, interventions, collections and topics,
and the BM25 index over the passages' index terms.

Loaded from the database once per process (a few hundred passages, about a megabyte) and
reloaded when the database is rebuilt, so that a question costs no database round trip and
the same ranking runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from rank_bm25 import BM25Okapi
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, joinedload, selectinload

from jeugdhulp.knowledge.analysis import analysis_version, analyze
from jeugdhulp.knowledge.db import read_meta
from jeugdhulp.knowledge.models import (
    Collection,
    CollectionItem,
    Intervention,
    Passage,
    Section,
    Topic,
)
from jeugdhulp.knowledge.passage_model import passage_model
from jeugdhulp.text import abbreviation, fold


class KnowledgeBaseError(RuntimeError):
    """The database is missing, stale or built with another analysis."""


@dataclass(frozen=True)
class PassageRecord:
    key: str
    text: str
    kind: str
    label: Optional[str]
    order: int
    section_heading: str
    section_path: Tuple[str, ...]
    section_url: str
    guideline_id: str
    guideline_title: str
    guideline_authors: str
    guideline_edition: str
    guideline_url: str
    topics: Tuple[str, ...]
    practice: Tuple[str, ...] = ()  # practice language for it (practice.yml)
    guideline_retrieved: Optional[dt.date] = None  # the day the source was taken from the site


@dataclass(frozen=True)
class InterventionRecord:
    id: str
    name: str
    aliases: Tuple[str, ...]
    category: str
    approach_goal: Optional[str]  # verbatim
    target_group: Optional[str]  # verbatim
    age_min: Optional[int]
    age_max: Optional[int]
    problems: Tuple[str, ...]
    dei: Optional[str]  # verbatim
    kjp: Optional[str]  # verbatim
    effectiveness: str
    order: int
    section_key: str  # "<guideline>/<section>" of its table row or text
    evidence: Tuple[str, ...]  # passage keys

    @property
    def names(self) -> Tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def abbreviation(self) -> Optional[str]:
        """The name professionals use for it ("MST-CAN", "IAG"), if it has one."""
        return abbreviation(self.aliases)

    def fits_age(self, age: int) -> bool:
        low = self.age_min if self.age_min is not None else 0
        high = self.age_max if self.age_max is not None else 200
        return low <= age <= high


@dataclass(frozen=True)
class CollectionRecord:
    id: str
    title: str
    guideline_id: str
    lead: Optional[str]  # passage key
    items: Tuple[Tuple[Optional[str], str], ...]  # (label, passage key)


@dataclass(frozen=True)
class TopicRecord:
    id: str
    label: str
    description: str
    synonyms: Tuple[str, ...]


@dataclass
class Index:
    records: List[PassageRecord]
    bm25: Optional[BM25Okapi]
    vocabulary: frozenset
    topic_terms: Dict[str, List[Tuple[str, ...]]]  # topic id -> analysed synonyms
    term_expansions: List[Tuple[re.Pattern, str]]
    built_at: str
    by_key: Dict[str, PassageRecord] = field(default_factory=dict)
    interventions: Dict[str, InterventionRecord] = field(default_factory=dict)
    collections: Dict[str, CollectionRecord] = field(default_factory=dict)
    topics: Dict[str, TopicRecord] = field(default_factory=dict)
    corrections: Dict[str, str] = field(default_factory=dict)
    doc_terms: Dict[str, frozenset] = field(default_factory=dict)
    checked_at: float = 0.0
    practice_bm25: Optional[BM25Okapi] = None  # over the practice words of each passage
    # passage key -> its practice phrases, analysed (a phrase matches when all its terms occur)
    practice_phrases: Dict[str, List[Tuple[str, ...]]] = field(default_factory=dict)
    # words only the practice language uses (the guidelines' own words rank by their text)
    practice_only: frozenset = frozenset()
    # the example questions (questions/*.yml), each a document of its own, and for each
    # the position of its passage in ``records``
    examples_bm25: Optional["PostingsBM25"] = None
    example_owner: Tuple[int, ...] = ()
    example_words: frozenset = frozenset()  # not corrected into a guideline word
    # each passage's example questions as written, for the passage model (passage_model.py)
    example_texts: Tuple[Tuple[str, ...], ...] = ()
    _topic_vocabulary: Optional[List[Tuple[TopicRecord, List[frozenset]]]] = field(
        default=None, repr=False, compare=False)
    _passage_model: Any = field(default=None, repr=False, compare=False)  # False: none
    _guideline_terms: Optional[Dict[str, frozenset]] = field(
        default=None, repr=False, compare=False)

    def guideline_terms(self, guideline_id: str) -> frozenset:
        """Every word of a guideline's passages (their ``doc_terms`` together), made once
        per index."""
        if self._guideline_terms is None:
            words: Dict[str, set] = {}
            for record in self.records:
                words.setdefault(record.guideline_id, set()).update(
                    self.doc_terms.get(record.key, ()))
            self._guideline_terms = {g: frozenset(w) for g, w in words.items()}
        return self._guideline_terms.get(guideline_id, frozenset())

    def topic_vocabulary(self) -> List[Tuple[TopicRecord, List[frozenset]]]:
        """Each topic with its label and synonyms analysed (the non-empty ones), made once
        per index: analysing them for every question cost the action server half its time
        on questions that end in the nearby-topics reply."""
        if self._topic_vocabulary is None:
            vocabulary = []
            for topic in self.topics.values():
                analysed = (frozenset(analyze(s)) for s in (topic.label, *topic.synonyms))
                vocabulary.append((topic, [v for v in analysed if v]))
            self._topic_vocabulary = vocabulary
        return self._topic_vocabulary

    def passage_probabilities(self, text: str) -> Optional[np.ndarray]:
        """The passage model's probability for each record (fitted on first use); None
        without example questions or when it knows nothing of the text."""
        if self._passage_model is None:
            self._passage_model = passage_model(
                [(r.section_heading, r.text, examples, r.practice)
                 for r, examples in zip(self.records, self.example_texts)]) or False
        return self._passage_model.probabilities(text) if self._passage_model else None


def record_from_row(p: Passage) -> PassageRecord:
    g = p.section.guideline
    return PassageRecord(
        key=p.key, text=p.text, kind=p.kind, label=p.label, order=p.order,
        section_heading=p.section.heading, section_path=tuple(p.section.path),
        section_url=p.section.url, guideline_id=g.id, guideline_title=g.title,
        guideline_authors=g.authors, guideline_edition=g.edition, guideline_url=g.url,
        topics=tuple(t.id for t in p.topics), practice=tuple(p.practice or ()),
        guideline_retrieved=g.retrieved,
    )


# BM25's length normalisation over the example questions: weaker than for passages (0.75), so
# that a two-word example ("ots en isc?") does not outscore a case that asks the same at length.
EXAMPLE_LENGTH_NORM = 0.3
EXAMPLE_WORD_QUESTIONS = 3  # questions that must use a word before it is not corrected


class PostingsBM25:
    """``BM25Okapi.get_scores`` (its idf, k1, b and document lengths) from postings: a query
    word adds to the documents that hold it. BM25Okapi looks every query word up in every
    document; over the 2,151 example questions that doubled the time of a search."""

    def __init__(self, bm25: BM25Okapi) -> None:
        self.size = len(bm25.doc_freqs)
        postings: Dict[str, Tuple[List[int], List[float]]] = {}
        for i, (freqs, length) in enumerate(zip(bm25.doc_freqs, bm25.doc_len)):
            norm = bm25.k1 * (1 - bm25.b + bm25.b * length / bm25.avgdl)
            for term, tf in freqs.items():
                docs, weights = postings.setdefault(term, ([], []))
                docs.append(i)
                weights.append((bm25.idf.get(term) or 0) * (tf * (bm25.k1 + 1) / (tf + norm)))
        self.postings = {t: (np.array(d), np.array(w)) for t, (d, w) in postings.items()}

    def get_scores(self, terms: Sequence[str]) -> np.ndarray:
        scores = np.zeros(self.size)
        for term in terms:
            if term in self.postings:
                docs, weights = self.postings[term]
                scores[docs] += weights
        return scores


def _load_index(session: Session) -> Index:
    meta = read_meta(session)
    if not meta:
        raise KnowledgeBaseError(
            "De kennisbank is nog niet gebouwd: voer `python -m knowledge build` uit.")
    if meta.get("analysis") != analysis_version():
        raise KnowledgeBaseError(
            "De kennisbank is gebouwd met een andere Nederlandse taalanalyse; "
            "bouw hem opnieuw met `python -m knowledge build`.")
    rows = session.execute(
        select(Passage)
        .options(joinedload(Passage.section).joinedload(Section.guideline),
                 selectinload(Passage.topics))
        .order_by(Passage.id)
    ).scalars().all()
    records = [record_from_row(p) for p in rows]
    corpus = [p.lemmas.split() for p in rows]
    terms = json.loads(meta.get("terms", "{}"))
    practice = _practice_fields(rows, corpus, terms)
    examples = _example_fields(rows)
    topic_terms: Dict[str, List[Tuple[str, ...]]] = {}
    for topic in session.execute(select(Topic)).scalars():
        analysed = [tuple(analyze(s)) for s in topic.synonyms or ()]
        topic_terms[topic.id] = [a for a in analysed if a]
    expansions = [(re.compile(rf"(?<![\w-]){re.escape(fold(term))}(?![\w-])"), meaning)
                  for term, meaning in terms.items()]
    collections = {}
    for c in session.execute(select(Collection).options(
            selectinload(Collection.items).joinedload(CollectionItem.passage))).scalars():
        collections[c.id] = CollectionRecord(
            id=c.id, title=c.title, guideline_id=c.guideline_id, lead=c.lead,
            items=tuple((item.label, item.passage.key) for item in c.items))
    topics = {t.id: TopicRecord(t.id, t.label, t.description or "", tuple(t.synonyms or ()))
              for t in session.execute(select(Topic)).scalars()}
    return Index(records=records, bm25=BM25Okapi(corpus) if corpus else None,
                 vocabulary=frozenset(t for doc in corpus for t in doc) | practice["words"],
                 topic_terms=topic_terms, term_expansions=expansions,
                 built_at=meta.get("built_at", ""), by_key={r.key: r for r in records},
                 interventions=_interventions(session), collections=collections,
                 topics=topics,
                 doc_terms={r.key: frozenset(doc) | frozenset(words) for r, doc, words
                            in zip(records, corpus, practice["corpus"])},
                 practice_bm25=practice["bm25"], practice_phrases=practice["phrases"],
                 practice_only=practice["only"],
                 examples_bm25=examples["bm25"], example_owner=examples["owner"],
                 example_words=examples["words"],
                 example_texts=tuple(tuple(p.examples or ()) for p in rows))


def _practice_fields(rows: Sequence[Passage], corpus: List[List[str]],
                     terms: Dict[str, str]) -> Dict[str, Any]:
    """The practice-language field of the search (knowledge/content/practice.yml): its own
    BM25, each passage's phrases (analysed), and the words only the practice language uses
    (not the guidelines, not an abbreviation that is expanded to its meaning, like OTS)."""
    practice = [analyze(" ".join(p.practice or ())) for p in rows]
    words = frozenset(t for doc in practice for t in doc)
    return {
        "corpus": practice, "words": words,
        "bm25": BM25Okapi(practice) if any(practice) else None,
        "phrases": {p.key: [a for a in (tuple(analyze(w)) for w in p.practice or ()) if a]
                    for p in rows if p.practice},
        "only": words - frozenset(t for doc in corpus for t in doc)
        - frozenset(t for term in terms for t in analyze(term)),
    }


def _example_fields(rows: Sequence[Passage]) -> Dict[str, Any]:
    """The example questions of the search (knowledge/content/questions/): each analysed
    question a BM25 document of its own, the position of its passage, and their words."""
    asked = [(i, analyze(q)) for i, p in enumerate(rows) for q in p.examples or ()]
    asked = [(i, terms) for i, terms in asked if terms]
    return {
        "bm25": PostingsBM25(BM25Okapi([doc for _, doc in asked], b=EXAMPLE_LENGTH_NORM))
        if asked else None,
        "owner": tuple(i for i, _ in asked),
        # a word of the professionals is one that several questions use; a typo written
        # once or twice ("reactanse", "beslisen" in shorthand questions) must still be
        # corrected to the guideline's word
        "words": frozenset(t for t, n in Counter(t for _, doc in asked for t in set(doc)).items()
                           if n >= EXAMPLE_WORD_QUESTIONS),
    }


def _interventions(session: Session) -> Dict[str, InterventionRecord]:
    interventions = {}
    for order, i in enumerate(session.execute(
            select(Intervention).options(selectinload(Intervention.evidence),
                                         joinedload(Intervention.section))
            .order_by(Intervention.guideline_id, Intervention.section_id)).scalars()):
        interventions[i.id] = InterventionRecord(
            id=i.id, name=i.name, aliases=tuple(i.aliases or ()), category=i.category,
            approach_goal=i.approach_goal, target_group=i.target_group, age_min=i.age_min,
            age_max=i.age_max, problems=tuple(i.problems or ()), dei=i.dei, kjp=i.kjp,
            effectiveness=i.effectiveness or "unknown", order=order,
            section_key=f"{i.guideline_id}/{i.section.slug}",
            evidence=tuple(p.key for p in i.evidence),
        )
    return interventions


_cache: Dict[str, Index] = {}
_cache_lock = threading.Lock()
RECHECK_SECONDS = 5.0  # how often a running process looks whether the database was rebuilt


def get_index(engine: Engine) -> Index:
    """The in-memory index for ``engine``'s database, reloaded after a rebuild."""
    key = str(engine.url)
    index = _cache.get(key)
    now = time.monotonic()
    if index is not None and now - index.checked_at < RECHECK_SECONDS:
        return index
    with _cache_lock, Session(engine, future=True) as session:
        built_at = read_meta(session).get("built_at", "")
        index = _cache.get(key)
        if index is None or index.built_at != built_at:
            index = _load_index(session)
            _cache[key] = index
        index.checked_at = now
    return index
