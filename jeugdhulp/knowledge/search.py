"""Ranked, lemma-based search over the guideline passages.

BM25 (``rank-bm25``) over the index terms that ``jeugdhulp.knowledge.analysis`` produced at build
time, with the same analysis applied to the query, plus:

* abbreviation expansion (OTS -> ondertoezichtstelling) from ``topics.yml``;
* typo tolerance: a query word the index does not know is replaced by the closest index
  word when it is close enough (reactanse -> reactance);
* a topic boost: passages of a topic whose synonym the question uses rank higher;
* filters on guideline, topic and kind.

The index lives in memory (a few hundred passages), is loaded once per database and is
reloaded when the database is rebuilt. The same ranking runs on SQLite and PostgreSQL, so
results do not depend on the store.
"""
from __future__ import annotations

import os
import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from rank_bm25 import BM25Okapi
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, joinedload, selectinload

from jeugdhulp.knowledge.analysis import analysis_version, analyze
from jeugdhulp.knowledge.build import read_meta
from jeugdhulp.text import abbreviation, fold
from jeugdhulp.knowledge.models import Collection, CollectionItem, Intervention, Passage, Section, Topic

MAX_QUERY_CHARS = 1000
TOPIC_BOOST = 0.35  # share of the best score added to passages of a named topic
PREFERRED_GUIDELINE_BOOST = 1.25

# Words that name what a guideline is about: a question using them prefers that guideline
# (analysed forms; all words of an entry must occur).
GUIDELINE_CUES = {
    ("multiprobleemgezin",): "multiprobleemgezinnen",
    ("mpg",): "multiprobleemgezinnen",
    ("samen", "beslissen"): "samen-beslissen",
    ("onveilig", "opvoedingssituatie"): "beslissen-onveilig",
}


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
class Hit:
    passage: PassageRecord
    score: float
    coverage: float = 0.0  # idf-weighted share of the question's words found in the passage


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


def record_from_row(p: Passage) -> PassageRecord:
    g = p.section.guideline
    return PassageRecord(
        key=p.key, text=p.text, kind=p.kind, label=p.label, order=p.order,
        section_heading=p.section.heading, section_path=tuple(p.section.path),
        section_url=p.section.url, guideline_id=g.id, guideline_title=g.title,
        guideline_authors=g.authors, guideline_edition=g.edition, guideline_url=g.url,
        topics=tuple(t.id for t in p.topics),
    )


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
    bm25 = BM25Okapi(corpus) if corpus else None
    vocabulary = frozenset(t for doc in corpus for t in doc)
    topic_terms: Dict[str, List[Tuple[str, ...]]] = {}
    for topic in session.execute(select(Topic)).scalars():
        analysed = [tuple(analyze(s)) for s in topic.synonyms or ()]
        topic_terms[topic.id] = [a for a in analysed if a]
    expansions = [
        (re.compile(rf"(?<![\w-]){re.escape(fold(term))}(?![\w-])"), meaning)
        for term, meaning in json.loads(meta.get("terms", "{}")).items()
    ]
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
    collections = {}
    for c in session.execute(select(Collection).options(
            selectinload(Collection.items).joinedload(CollectionItem.passage))).scalars():
        collections[c.id] = CollectionRecord(
            id=c.id, title=c.title, guideline_id=c.guideline_id, lead=c.lead,
            items=tuple((item.label, item.passage.key) for item in c.items))
    topics = {t.id: TopicRecord(t.id, t.label, t.description or "", tuple(t.synonyms or ()))
              for t in session.execute(select(Topic)).scalars()}
    return Index(records=records, bm25=bm25, vocabulary=vocabulary, topic_terms=topic_terms,
                 term_expansions=expansions, built_at=meta.get("built_at", ""),
                 by_key={r.key: r for r in records}, interventions=interventions,
                 collections=collections, topics=topics,
                 doc_terms={r.key: frozenset(doc) for r, doc in zip(records, corpus)})


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


def clean_query(text: str) -> str:
    """Query text safe to analyse: bounded length, no control characters or markup."""
    text = unicodedata.normalize("NFC", text or "")[:MAX_QUERY_CHARS]
    text = re.sub(r"<[^>]{0,200}>", " ", text)  # tags are never words of a question
    return "".join(c if (c.isprintable() or c.isspace()) else " " for c in text)


def query_terms(index: Index, text: str) -> List[str]:
    """Analysed query: abbreviations expanded, unknown words corrected to index words."""
    text = clean_query(text)
    folded = fold(text)
    extra = [meaning for pattern, meaning in index.term_expansions if pattern.search(folded)]
    terms = analyze(" ".join([text, *extra]))
    return [_correct(index, term) for term in terms]


def _correct(index: Index, term: str) -> str:
    """The index word closest to an unknown query word (typo tolerance), remembered.

    Conservative on purpose, so that an unrelated word is not turned into a guideline word
    ("utrecht" must not become "recht"): same first letter, and either at most one edit
    (two for words of ten letters or more), or the same stem ("laaggeletterde" ->
    "laaggeletterdheid").
    """
    if term in index.vocabulary or len(term) < 4 or not term.isalpha():
        return term
    if term in index.corrections:
        return index.corrections[term]
    if _known_dutch_word(term):  # a real word the guidelines just do not use: keep it
        index.corrections[term] = term
        return term
    limit = 1 if len(term) < 10 else 2
    best, best_distance = term, limit + 1
    for word in index.vocabulary:
        if word[0] != term[0] or abs(len(word) - len(term)) > max(limit, 4):
            continue
        prefix = len(os.path.commonprefix([word, term]))
        if prefix >= max(7, int(0.8 * min(len(word), len(term)))) and best_distance > limit:
            best, best_distance = word, limit  # same stem: a weak match, edits win
        if abs(len(word) - len(term)) <= limit:
            distance = _edit_distance(term, word, limit)
            if distance <= limit and (distance < best_distance
                                      or (distance == best_distance and word < best)):
                best, best_distance = word, distance
    if len(index.corrections) < 50_000:
        index.corrections[term] = best
    return best


def _known_dutch_word(word: str) -> bool:
    import simplemma

    try:
        return bool(simplemma.is_known(word, lang="nl"))
    except Exception:  # an unexpected simplemma error must not break the search
        return False


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), cut off above ``limit``."""
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def topics_named(topic_terms: Mapping[str, Sequence[Sequence[str]]],
                 terms: Sequence[str]) -> List[str]:
    """The topics whose synonyms (analysed; all words of one must occur) the terms name."""
    present = set(terms)
    return [topic_id for topic_id, synonyms in topic_terms.items()
            if any(all(t in present for t in synonym) for synonym in synonyms)]


def _topics_named(index: Index, terms: Sequence[str]) -> List[str]:
    return topics_named(index.topic_terms, terms)


def search(
    engine: Engine,
    text: str,
    *,
    limit: int = 5,
    guideline: Optional[str] = None,
    topic: Optional[str] = None,
    kinds: Optional[Sequence[str]] = None,
    min_score: float = 0.0,
    prefer_guideline: Optional[str] = None,
) -> List[Hit]:
    """Passages ranked for ``text``; empty when nothing matches. Never raises on input.

    ``prefer_guideline`` ranks that guideline's passages higher without excluding others
    (used when the NLU says which guideline a question is about).
    """
    index = get_index(engine)
    if index.bm25 is None:
        return []
    terms = query_terms(index, text)
    if not terms:
        return []
    scores = list(index.bm25.get_scores(terms))
    best = max(scores) if scores else 0.0
    if best <= 0:
        return []
    named_topics = _topics_named(index, terms)
    for topic_id in named_topics:
        for i, record in enumerate(index.records):
            if topic_id in record.topics and scores[i] > 0:
                scores[i] += TOPIC_BOOST * best
    if not prefer_guideline:
        present = set(terms)
        cued = {g for cue, g in GUIDELINE_CUES.items() if all(c in present for c in cue)}
        prefer_guideline = cued.pop() if len(cued) == 1 else None
    if prefer_guideline:
        for i, record in enumerate(index.records):
            if record.guideline_id == prefer_guideline:
                scores[i] *= PREFERRED_GUIDELINE_BOOST
    hits = []
    for i, record in enumerate(index.records):
        if scores[i] <= min_score:
            continue
        if guideline and record.guideline_id != guideline:
            continue
        if topic and topic not in record.topics:
            continue
        if kinds and record.kind not in kinds:
            continue
        hits.append(Hit(record, float(scores[i])))
    hits.sort(key=lambda h: (-h.score, h.passage.key))
    kept = _without_repeats(hits, limit)
    for hit in kept:
        doc_terms = index.doc_terms[hit.passage.key]
        # A topic's synonyms the question used count as covered by that topic's passages
        # ("informatie delen" is what the passage on "verstrekking van gegevens" is about).
        for topic_id in named_topics:
            if topic_id in hit.passage.topics:
                doc_terms = doc_terms | {t for synonym in index.topic_terms[topic_id]
                                         if all(w in set(terms) for w in synonym)
                                         for t in synonym}
        hit.coverage = _coverage(index, terms, doc_terms)
    return kept


def _coverage(index: Index, terms: Sequence[str], doc_terms: frozenset) -> float:
    """How much of the question the passage covers: idf-weighted share of its words."""
    idf = index.bm25.idf if index.bm25 is not None else {}
    ceiling = max(idf.values(), default=1.0)
    total = found = 0.0
    for term in set(terms):
        weight = max(idf.get(term, ceiling), 0.05)
        total += weight
        if term in doc_terms:
            found += weight
    return found / total if total else 0.0


def _without_repeats(hits: List[Hit], limit: int) -> List[Hit]:
    """The best ``limit`` hits, dropping a passage whose text is already part of a
    better-ranked one (or contains it)."""
    kept: List[Hit] = []
    for hit in hits:
        if len(kept) >= limit:
            break
        text = hit.passage.text
        if any(text in k.passage.text or k.passage.text in text for k in kept):
            continue
        kept.append(hit)
    return kept
