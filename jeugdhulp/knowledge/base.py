"""``KnowledgeBase``: the one object the rest of the assistant asks things of.

It knows nothing about Rasa or channels. Every method returns verbatim passages with their
citations (``PassageRecord``) or structured rows whose quoted fields are verbatim
(``InterventionRecord``), never text of our own presented as guidance.

All lookups run on an in-memory snapshot of the database (``search.get_index``), loaded
once and reloaded when the database is rebuilt, so a question costs no database round trip.
"""
from __future__ import annotations

import difflib
import re
from typing import List, Optional, Sequence, Tuple

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jeugdhulp.knowledge import db, vocabulary
from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.text import fold, name_key
from jeugdhulp.knowledge.search import Hit, guideline_named, query_terms, search
from jeugdhulp.knowledge.index import (
    CollectionRecord,
    Index,
    InterventionRecord,
    KnowledgeBaseError,
    PassageRecord,
    TopicRecord,
    get_index,
)



class KnowledgeBase:
    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url or db.database_url()
        self.engine: Engine = db.get_engine(self.url)

    # -- plumbing -------------------------------------------------------------------------
    def session(self) -> Session:
        return Session(self.engine, future=True)

    @property
    def index(self) -> Index:
        return get_index(self.engine)

    def record(self, key: str) -> PassageRecord:
        index = self.index
        if key not in index.by_key:
            raise KnowledgeBaseError(f"Passage {key} staat niet in de kennisbank.")
        return index.by_key[key]

    def records(self, keys: Sequence[str]) -> List[PassageRecord]:
        return [self.record(k) for k in keys]

    def record_with_text(self, text: Optional[str], guideline: Optional[str] = None) -> Optional[PassageRecord]:
        """The passage whose text is ``text`` (a verbatim structured field), else the shortest
        passage containing it."""
        if not text:
            return None
        wanted = " ".join(text.split())
        candidates = [r for r in self.index.records
                      if wanted in r.text and (guideline is None or r.guideline_id == guideline)]
        exact = [r for r in candidates if r.text == wanted]
        pool = exact or candidates
        return min(pool, key=lambda r: (len(r.text), r.key)) if pool else None

    def cell(self, i: InterventionRecord, text: Optional[str]) -> Optional[PassageRecord]:
        """The passage holding a verbatim cell of the intervention's table row; where
        several rows have the same text (two "DEI: Effectief volgens eerste aanwijzingen."),
        its own row's (labelled with one of its names)."""
        record = self.record_with_text(text)
        if record is None:
            return None
        own = [r for r in self.index.records if r.text == record.text
               and any((r.label or "").casefold().startswith(n.casefold()) for n in i.names)]
        return own[0] if own else record

    def collections_of(self, key: str) -> List[CollectionRecord]:
        """Collections that hold the passage (as an item or as their lead)."""
        return [c for c in self.index.collections.values()
                if c.lead == key or any(k == key for _, k in c.items)]

    # -- search ---------------------------------------------------------------------------
    def search(self, text: str, limit: int = 5, **filters) -> List[Hit]:  # type: ignore[no-untyped-def]
        return search(self.engine, text, limit=limit, **filters)

    def guideline_named(self, text: str) -> Optional[str]:
        """The guideline the text names by its cue words, if it names one."""
        return guideline_named(self.index, text)

    def names_a_term(self, text: str) -> bool:
        """Whether the text names an intervention or a term the guidelines define ("de
        ORBA-manier", "SAVE"), as a word of its own."""
        return bool(self.interventions_in(text)) or bool(self.terms_named(text))

    def terms_named(self, text: str) -> List[str]:
        """The terms the guidelines define that the text names as words of their own."""
        spaced = f" {_plain(text)} "
        return [term for term in self.definition_terms() if f" {_plain(term)} " in spaced]

    def speaks_practice(self, text: str, keys: Sequence[str]) -> bool:
        """Whether the text has a whole phrase of two words or more of the practice language
        of one of these passages ("alles overnemen voor ouders")."""
        present = set(query_terms(self.index, text))
        return any(len(phrase) >= 2 and all(t in present for t in phrase)
                   for key in keys for phrase in self.index.practice_phrases.get(key, ()))

    def known_share(self, text: str) -> float:
        """The share of the text's words (numbers left out) that the guidelines or their
        practice language use, each weighted by how telling it is (idf; a word they never
        use counts as the most telling): low for questions about other things."""
        index = self.index
        terms = {t for t in query_terms(index, text) if not t.isdigit()}
        idf = index.bm25.idf if index.bm25 is not None else {}
        ceiling = max(idf.values(), default=1.0)
        weights = {t: max(idf.get(t, ceiling), 0.05) for t in terms}
        total = sum(weights.values())
        known = sum(w for t, w in weights.items() if t in index.vocabulary)
        return known / total if total else 0.0

    # -- guidelines, topics and structures ------------------------------------------------
    def guidelines(self) -> List[Tuple[str, str, str, str, str]]:
        """(id, title, authors, edition, url) of every guideline, in content-file order."""
        seen = {}
        for r in self.index.records:
            seen.setdefault(r.guideline_id, (r.guideline_id, r.guideline_title,
                                             r.guideline_authors, r.guideline_edition,
                                             r.guideline_url))
        return list(seen.values())

    def collection_record(self, collection_id: str) -> CollectionRecord:
        collection = self.index.collections.get(collection_id)
        if collection is None:
            raise KnowledgeBaseError(f"Onderdeel {collection_id} staat niet in de kennisbank.")
        return collection

    def collection(self, collection_id: str) -> List[PassageRecord]:
        """The passages of a named structure (steps, attention points, ...), in order."""
        return self.records([key for _, key in self.collection_record(collection_id).items])

    def topics(self) -> List[TopicRecord]:
        return sorted(self.index.topics.values(), key=lambda t: t.label)

    def topic(self, topic_id: str) -> Optional[TopicRecord]:
        return self.index.topics.get(topic_id)

    def topic_passages(self, topic_id: str, kinds: Optional[Sequence[str]] = None) -> List[PassageRecord]:
        return [r for r in self.index.records
                if topic_id in r.topics and (not kinds or r.kind in kinds)]

    def find_topics(self, text: str, limit: int = 3) -> List[TopicRecord]:
        """Topics whose label or synonyms the text is about, best first."""
        terms = set(analyze(text))
        if not terms:
            return []
        scored = []
        for topic, vocab in self.index.topic_vocabulary():
            best = max((len(terms & v) / len(v) for v in vocab), default=0.0)
            if best > 0:
                scored.append((best, topic.id, topic))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [topic for _, _, topic in scored[:limit]]

    def definition(self, term: str) -> List[PassageRecord]:
        """Passages defining ``term`` (kind definition, labelled with the term), then other
        passages labelled with it."""
        wanted = name_key(term)
        if not wanted:
            return []
        labelled = [r for r in self.index.records if r.label and name_key(r.label) == wanted]
        labelled.sort(key=lambda r: (r.kind != "definition", r.key))
        return labelled

    def definition_terms(self) -> List[str]:
        return sorted({r.label for r in self.index.records if r.kind == "definition" and r.label})

    # -- interventions --------------------------------------------------------------------
    def interventions(self) -> List[InterventionRecord]:
        return sorted(self.index.interventions.values(), key=lambda i: i.order)

    def intervention(self, name: str) -> Optional[InterventionRecord]:
        """One intervention by any of its names or abbreviations, tolerating typos."""
        wanted = name_key(name)
        if not wanted:
            return None
        by_name = {}
        for i in self.index.interventions.values():
            by_name.setdefault(name_key(i.id), i)
            for n in i.names:
                by_name.setdefault(name_key(n), i)
        if wanted in by_name:
            return by_name[wanted]
        close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.85)
        return by_name[close[0]] if close else None

    def interventions_in(self, text: str) -> List[InterventionRecord]:
        """Interventions named anywhere in ``text`` (longest names first), in text order."""
        folded = f" {_plain(text)} "
        found = []
        names = sorted(((_plain(n), i)
                        for i in self.index.interventions.values() for n in i.names),
                       key=lambda item: -len(item[0]))
        taken = folded
        for name, intervention in names:
            if len(name) < 2:
                continue
            position = taken.find(f" {name} ")
            if position >= 0 and intervention not in [f for _, f in found]:
                found.append((position, intervention))
                taken = taken.replace(f" {name} ", " " + "#" * len(name) + " ")
        return [i for _, i in sorted(found, key=lambda item: item[0])]

    def interventions_for(
        self, problem: Optional[str] = None, age: Optional[int] = None
    ) -> List[InterventionRecord]:
        """Interventions for a problem (slug or words) and/or a child's age, best first.

        Rows whose target group states no age are included for any age (the answer says so).
        Ranked by how effective the guideline says they are, then in the guideline's order.
        """
        problem_slug = resolve_problem(problem) if problem else None
        rows = []
        for i in self.index.interventions.values():
            if problem_slug and problem_slug not in i.problems:
                continue
            if age is not None and not i.fits_age(age):
                continue
            rows.append(i)
        order = vocabulary.effectiveness_order()
        rows.sort(key=lambda i: (order.index(i.effectiveness), i.order))
        return rows


def _plain(text: str) -> str:
    """The text folded, its words separated by single spaces ("De ORBA-manier" -> "de orba
    manier"): names are found as whole words."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def resolve_problem(text: str) -> Optional[str]:
    """A problem slug from a slug or from the words a user typed ("mishandeld" ...)."""
    problems = vocabulary.problems()
    if text in problems:
        return text
    terms = analyze(text)
    joined = " " + " ".join(terms) + " "
    best: Optional[Tuple[int, str]] = None
    for slug, problem in problems.items():
        for synonym in [problem.label, *problem.synonyms]:
            syn = " ".join(analyze(str(synonym)))
            if syn and f" {syn} " in joined and (best is None or len(syn) > best[0]):
                best = (len(syn), slug)
    return best[1] if best else None
