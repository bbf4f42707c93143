"""Ranked, lemma-based search over the guideline passages.

BM25 (``rank-bm25``) over the index terms that ``jeugdhulp.knowledge.analysis`` produced at build
time, with the same analysis applied to the query, plus:

* abbreviation expansion (OTS -> ondertoezichtstelling) from ``topics.yml``;
* typo tolerance: a query word the index does not know is replaced by the closest index
  word when it is close enough (reactanse -> reactance);
* a topic boost: passages of a topic whose synonym the question uses rank higher;
* practice language (``knowledge/content/practice.yml``): a second BM25 field per passage
  with the words professionals use for it ("houdt de boot af" -> reactance): its words that
  the guidelines never use count, weighted ``PRACTICE_WEIGHT``, and a question that holds
  one of those phrases whole gets that passage boosted;
* example questions (``knowledge/content/questions/*.yml``): each is a small document of its
  own; a passage gains by how close its two closest examples are to the question, so a case
  description or a question in practice language reaches the passage whose examples ask the
  same. The examples rank passages; whether a passage really matches (the thresholds of an
  answer) is judged on its own words (``Hit.lexical``);
* filters on guideline, topic and kind.

The index lives in memory (``jeugdhulp.knowledge.index``), so the same ranking runs on
SQLite and PostgreSQL and results do not depend on the store.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence, Set, Tuple

from sqlalchemy.engine import Engine

from jeugdhulp.knowledge.analysis import analyze, analyze_cached
from jeugdhulp.knowledge.index import Index, PassageRecord, get_index
from jeugdhulp.knowledge.rules import rules
from jeugdhulp.text import fold

MAX_QUERY_CHARS = 1000
TOPIC_BOOST = 0.35  # share of the best score added to passages of a named topic
PREFERRED_GUIDELINE_BOOST = 1.25
# Weight of the practice-language field (knowledge/content/practice.yml) against the
# passage's own words: a question in practice language reaches the passage, a question in
# the guideline's words still ranks by the guideline's words.
PRACTICE_WEIGHT = 0.6
PRACTICE_PHRASE_BOOST = 0.35  # share of the best score added when a whole phrase occurs
# Example questions (knowledge/content/questions/*.yml): each is a document of its own; a
# passage gains this weight times the BM25 scores of its two closest examples. Not a share of
# the best score: a question that shares one common word with some examples must not get
# them a full boost. Measured on the development half of the independent set and on the own
# question set (make eval-kb): 0.4-0.6 is flat; with 1.2 relative to the best score the own
# set lost passages its words name exactly.
EXAMPLE_WEIGHT = 0.5
EXAMPLE_NEIGHBOURS = 2
EXAMPLE_MIN_TERMS = 3  # "OTS" (ots + ondertoezichtstelling) is a search term, not a question
FULL_COVERAGE = 0.999  # the best passage's own words cover the whole question: it decides
# The passage model (passage_model.py): a passage gains this share of the best score times
# its probability, where the example questions count (same conditions). Measured on the
# development half of the independent set (first turns with the expected passage first, of
# 100) and the own question set (make eval-kb, top 1 of 83): without 68 and 71; 1: 78 and
# 73; 3: 81 and 75; 5: 83 and 76; 8-12: 83 and 75-76. With about 17 example questions per
# passage instead of 10 (stop 33), on the first turns of the six development sets (570):
# expected passage first 430 with 3, 441 with 5, 450 with 8 and 12, 456 with 20; the
# answers of a guideline question quote one for 479, 486, 489 and 491 with 3, 5, 8, 12.
PASSAGE_MODEL_WEIGHT = 12.0


@dataclass
class Hit:
    passage: PassageRecord
    score: float
    coverage: float = 0.0  # idf-weighted share of the question's words found in the passage
    # the score from the passage's own words (and its practice language), without the example
    # questions: how well the passage itself matches, for the thresholds of an answer
    lexical: float = 0.0
    examples: float = 0.0  # what its closest example questions added (BM25)
    model: float = 0.0  # the passage model's probability for it (0 where it does not count)


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
    if term in index.vocabulary or term in index.example_words or len(term) < 4 \
            or not term.isalpha():
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


def _scores(index: Index, terms: List[str], named_topics: List[str],
            prefer_guideline: Optional[str], preference: float) -> List[float]:
    """BM25 scores, raised for passages of the topics the question names and of the
    guideline it prefers (``_preferred``)."""
    scores = list(index.bm25.get_scores(terms))
    bridging = [t for t in terms if t in index.practice_only]
    if index.practice_bm25 is not None and bridging:
        extra = index.practice_bm25.get_scores(bridging)
        scores = [s + PRACTICE_WEIGHT * max(float(e), 0.0) for s, e in zip(scores, extra)]
    best = max(scores) if scores else 0.0
    if best <= 0:
        return []
    present = set(terms)
    for i, record in enumerate(index.records):
        if any(all(t in present for t in phrase)
               for phrase in index.practice_phrases.get(record.key, ())):
            scores[i] += PRACTICE_PHRASE_BOOST * best
    for topic_id in named_topics:
        for i, record in enumerate(index.records):
            if topic_id in record.topics and scores[i] > 0:
                scores[i] += TOPIC_BOOST * best
    return _preferred(index, scores, prefer_guideline, preference)


def _preferred(index: Index, scores: List[float], guideline: Optional[str],
               preference: float = PREFERRED_GUIDELINE_BOOST) -> List[float]:
    """The scores with the preferred guideline's passages raised: the one the NLU named
    (given), or the one the question's words cue (``guideline_cues``, resolved in
    ``search``)."""
    if not guideline:
        return scores
    return [score * preference if record.guideline_id == guideline else score
            for score, record in zip(scores, index.records)]


def _cued_guideline(terms: List[str]) -> Optional[str]:
    """The cue words are written as users write them ("beslissen"); each counts in its
    analysed form ("beslis"), as the question's terms are."""
    present = set(terms)
    terms_of = (({_term(c) for c in cue}, g) for cue, g in rules().guideline_cues)
    matched = [(words, g) for words, g in terms_of if words <= present]
    # a longer cue that holds a shorter one decides ("mpg gedwongen kader" over "mpg")
    cued = {g for words, g in matched if not any(words < other for other, _ in matched)}
    return cued.pop() if len(cued) == 1 else None


def _term(word: str) -> str:
    """A word in its analysed form, as the question's terms are ("" for a stop word)."""
    return (analyze_cached(word) or ("",))[0]


def _cue_terms(guideline: str) -> Set[str]:
    """The analysed words of the cues that name ``guideline`` (``guideline_cues``)."""
    return {_term(c) for cue, g in rules().guideline_cues if g == guideline for c in cue}


def _naming_terms(guideline: str) -> Set[str]:
    """The analysed words that name ``guideline`` as a guideline: its cues and
    ``guideline_words`` ("richtlijn")."""
    return _cue_terms(guideline) | {_term(w) for w in rules().guideline_words}


def _without_cue_words(text: str, guideline: str) -> str:
    """The text without the words that name ``guideline`` (``guideline_cues``)."""
    cue_words = _cue_terms(guideline)
    return re.sub(r"[\w-]+", lambda m: "" if _term(m.group(0)) in cue_words else m.group(0),
                  text)


def without_guideline_name(text: str, guideline: str) -> str:
    """The text without every word that names ``guideline`` as a guideline (its cues, the
    topic words among them too, and ``guideline_words``): what a follow-up that moves to
    another guideline asks there ("zegt de richtlijn samen beslissen daar iets anders
    over?" after a question on goals asks about goals)."""
    naming = _naming_terms(guideline)
    kept = re.sub(r"\w+", lambda m: "" if _term(m.group(0)) in naming else m.group(0), text)
    return " ".join(kept.split())


def _asked_terms(text: str, terms: List[str], guideline: str) -> List[str]:
    """The question's terms without the words that name ``guideline`` (its cues and
    ``guideline_words``, not ``guideline_cue_topics``) when it names it as a guideline:
    among its passages they say nothing ("wat zegt de MPG-richtlijn over wat onderhandelbaar
    is" is about what is negotiable, not about the guideline's introduction). All terms
    without a guideline word ("hoeveel mpg's zijn er in nl?" is about the families) or when
    fewer than two would be left ("wat zegt de richtlijn multiprobleemgezinnen?")."""
    cues = rules()
    folded = fold(text)
    if not any(fold(w) in folded for w in cues.guideline_words):
        return terms
    naming = _naming_terms(guideline) - {_term(w) for w in cues.guideline_cue_topics}
    asked = [t for t in terms if t not in naming]
    return asked if len(set(asked)) >= 2 else terms


def guideline_named(index: Index, text: str) -> Optional[str]:
    """The guideline a text names ("samen beslissen", "mpg"; ``guideline_cues``), if one."""
    return _cued_guideline(query_terms(index, text)) if index.bm25 is not None else None


def _example_boosts(index: Index, terms: List[str], named_topics: List[str],
                    lexical: List[float]) -> List[float]:
    """For each passage: how close its closest example questions are to the question. None
    for a question of a word or two (a search term: its examples share just that word) or
    when one passage's own words cover the whole question (that passage decides)."""
    boosts = [0.0] * len(index.records)
    if index.examples_bm25 is None or len(set(terms)) < EXAMPLE_MIN_TERMS:
        return boosts
    best = max(range(len(lexical)), key=lexical.__getitem__)
    if lexical[best] > 0 and _passage_coverage(
            index, index.records[best], terms, named_topics) >= FULL_COVERAGE:
        return boosts
    per: List[List[float]] = [[] for _ in boosts]
    scores = index.examples_bm25.get_scores(terms)
    for j in scores.nonzero()[0]:
        if scores[j] > 0:
            per[index.example_owner[j]].append(float(scores[j]))
    return [EXAMPLE_WEIGHT * sum(sorted(p)[-EXAMPLE_NEIGHBOURS:]) for p in per]


def _learned(index: Index, text: str, lexical: List[float], boosts: List[float]
             ) -> Tuple[List[float], List[float]]:
    """The passage model's probability for each passage and what it adds to each: only
    where the example questions count (a question, not a search term whose words one
    passage covers)."""
    probabilities = index.passage_probabilities(clean_query(text)) if any(boosts) else None
    if probabilities is None:
        return [0.0] * len(boosts), [0.0] * len(boosts)
    best = max(a + b for a, b in zip(lexical, boosts))
    return [float(p) for p in probabilities], \
        [PASSAGE_MODEL_WEIGHT * best * float(p) for p in probabilities]


def _passage_coverage(index: Index, record: PassageRecord, terms: List[str],
                      named_topics: List[str]) -> float:
    doc_terms = index.doc_terms[record.key]
    present = set(terms)
    # A topic's synonyms the question used count as covered by that topic's passages
    # ("informatie delen" is what the passage on "verstrekking van gegevens" is about).
    for topic_id in named_topics:
        if topic_id in record.topics:
            doc_terms = doc_terms | {t for synonym in index.topic_terms[topic_id]
                                     if all(w in present for w in synonym)
                                     for t in synonym}
    return _coverage(index, terms, doc_terms)


def _set_coverage(index: Index, hits: List[Hit], terms: List[str],
                  named_topics: List[str]) -> None:
    for hit in hits:
        hit.coverage = _passage_coverage(index, hit.passage, terms, named_topics)


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
    preference: float = PREFERRED_GUIDELINE_BOOST,
    model_guideline: Optional[str] = None,
) -> List[Hit]:
    """Passages ranked for ``text``; empty when nothing matches. Never raises on input.

    ``prefer_guideline`` ranks that guideline's passages higher without excluding others
    (used when the NLU says which guideline a question is about), by ``preference``.
    ``model_guideline``: the passage model chooses among that guideline's passages only, as
    when the question names it (a follow-up in the conversation's guideline).
    """
    index = get_index(engine)
    terms = query_terms(index, text) if index.bm25 is not None else []
    if not terms:
        return []
    cued = _cued_guideline(terms)
    # the words that name the guideline as a guideline rank nothing among its passages
    asked = _asked_terms(text, terms, cued) if cued else terms
    named_topics = _topics_named(index, asked)
    prefer_guideline = prefer_guideline or cued
    lexical = _scores(index, asked, named_topics, prefer_guideline, preference) \
        or [0.0] * len(index.records)
    # what the example questions and the passage model add: raised for the preferred
    # guideline like the passages' own scores, so that they do not outweigh the preference
    examples = _example_boosts(index, asked, named_topics, lexical)
    boosts = _preferred(index, examples, prefer_guideline, preference)
    # the words that name the guideline choose it; among its passages they say nothing
    # ("doelen met een multiprobleemgezin" is about goals, not about the definition)
    model_text = _without_cue_words(text, cued) if cued else text
    probabilities, learned = _learned(index, model_text, lexical, boosts)
    learned = _preferred(index, learned, prefer_guideline, preference)
    within = cued or model_guideline
    if within:  # the question names its guideline: the model chooses among its passages
        learned = [x if r.guideline_id == within else 0.0 for x, r in zip(learned, index.records)]
    hits = [Hit(record, float(lexical[i] + boosts[i] + learned[i]), lexical=float(lexical[i]),
                examples=float(examples[i]), model=probabilities[i])
            for i, record in enumerate(index.records)
            if lexical[i] + boosts[i] > min_score
            and (not guideline or record.guideline_id == guideline)
            and (not topic or topic in record.topics)
            and (not kinds or record.kind in kinds)]
    hits.sort(key=lambda h: (-h.score, h.passage.key))
    kept = _without_repeats(hits, limit)
    _set_coverage(index, kept, asked, named_topics)
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

