"""Practice language (``knowledge/content/practice.yml``): the words professionals use for
what a passage is about ("ze houdt de boot af" for reactance, "ja zeggen en nee doen" for
strategische zelfpresentatie).

A content editor keeps the file; nothing here is a word list in code. Each entry names the
passages it is about (or a topic, meaning all of that topic's passages) and the words.

Used by:

* the search: the build adds an entry's words to the index terms of its passages, so a
  question in practice language finds the passage the guideline wrote in its own words
  (``jeugdhulp.knowledge.build``);
* the NLU: the knowledge-base featurizer counts the same words for the passages' guideline,
  topics and sections (``jeugdhulp.nlu.kb_features``), so "de boot afhouden" tells DIET the
  message is about the forced-help guideline;
* ``knowledge check``: every entry must point at passages or a topic that exist.

Reading YAML only: nothing here needs the database, spaCy or Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Set, Tuple

import yaml

from jeugdhulp.paths import CONTENT_DIR

PRACTICE_FILE = CONTENT_DIR / "practice.yml"


class PracticeError(ValueError):
    """practice.yml is malformed; the message names the entry."""


@dataclass(frozen=True)
class PracticeEntry:
    about: str  # our short label, for the editor
    passages: Tuple[str, ...]  # full passage keys
    topic: Optional[str]
    words: Tuple[str, ...]

    @property
    def where(self) -> str:
        return f"practice.yml: {self.about}"


def _strings(value: object, where: str, field: str) -> Tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PracticeError(f"{where}: '{field}' must be a list of texts")
    return tuple(" ".join(v.split()) for v in value)


def parse(data: object) -> List[PracticeEntry]:
    """The entries of a loaded practice.yml; raises PracticeError naming a bad entry."""
    if data is None:
        return []
    raw = data.get("practice") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise PracticeError("practice.yml: expected a list under 'practice:'")
    entries = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise PracticeError(f"practice.yml: entry {n} is not a mapping")
        about = str(item.get("about") or f"entry {n}")
        where = f"practice.yml: {about}"
        unknown = set(item) - {"about", "passages", "topic", "words"}
        if unknown:
            raise PracticeError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        passages = _strings(item.get("passages"), where, "passages")
        topic = item.get("topic")
        if topic is not None and not isinstance(topic, str):
            raise PracticeError(f"{where}: 'topic' must be a topic id")
        words = _strings(item.get("words"), where, "words")
        if not passages and not topic:
            raise PracticeError(f"{where}: names no passages and no topic")
        if not words:
            raise PracticeError(f"{where}: has no words")
        entries.append(PracticeEntry(about, passages, topic, words))
    return entries


def load(path=None) -> List[PracticeEntry]:  # type: ignore[no-untyped-def]
    path = path or PRACTICE_FILE
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PracticeError(f"practice.yml is not valid YAML: {error}") from error
    return parse(data)


def words_by_passage(entries: Iterable[PracticeEntry],
                     topic_passages: Dict[str, List[str]]) -> Dict[str, List[str]]:
    """Passage key -> the practice words for it (a topic's words go to all its passages)."""
    found: Dict[str, List[str]] = {}
    for entry in entries:
        keys = list(entry.passages) + (topic_passages.get(entry.topic, [])
                                       if entry.topic else [])
        for key in keys:
            bucket = found.setdefault(key, [])
            bucket.extend(w for w in entry.words if w not in bucket)
    return found


def problems(entries: Iterable[PracticeEntry], passage_texts: Dict[str, str],
             topics: Iterable[str]) -> List[Tuple[str, str]]:
    """(where, message) for every entry pointing at a passage or topic that does not
    exist, or at two passages of which one is part of the other (the search shows only the
    better ranked of those two, so the words must go to one of them), and for every phrase
    the search cannot use (see ``phrase_problem``)."""
    from jeugdhulp.knowledge.analysis import analyze

    known_topics = set(topics)
    guideline_words = {t for text in passage_texts.values() for t in analyze(text)}
    found = []
    for entry in entries:
        for phrase in entry.words:
            why = phrase_problem(phrase, guideline_words)
            if why:
                found.append((entry.where, why))
        for key in entry.passages:
            if key not in passage_texts:
                found.append((entry.where, f"no passage '{key}'"))
        present = [k for k in entry.passages if k in passage_texts]
        for a in present:
            for b in present:
                if a < b and (passage_texts[a] in passage_texts[b]
                              or passage_texts[b] in passage_texts[a]):
                    found.append((entry.where, f"'{a}' and '{b}': one is part of the other; "
                                               "name only one of them"))
        if entry.topic and entry.topic not in known_topics:
            found.append((entry.where, f"no topic '{entry.topic}'"))
    return found


def phrase_problem(phrase: str, guideline_words: Set[str]) -> Optional[str]:
    """Why a phrase is of no use to the search, or None. A phrase counts when all its words
    occur in a question; one that is reduced to a single word the guidelines use anyway
    ("wat kunnen ouders wel" -> "ouder") would raise its passage for every question with
    that word."""
    from jeugdhulp.knowledge.analysis import analyze

    terms = analyze(phrase)
    if not terms:
        return f"'{phrase}' holds no word the search can use"
    if len(set(terms)) == 1 and terms[0] in guideline_words:
        return (f"'{phrase}' comes down to the word '{terms[0]}', which the guidelines use "
                "themselves: make it more specific")
    return None


def references(entries: Iterable[PracticeEntry]) -> list:
    """The entries' references for ``knowledge check`` (jeugdhulp.knowledge.references)."""
    from jeugdhulp.knowledge.references import Reference

    refs = []
    for entry in entries:
        refs += [Reference(entry.where, "passage", key) for key in entry.passages]
        if entry.topic:
            refs.append(Reference(entry.where, "topic", entry.topic))
    return refs
