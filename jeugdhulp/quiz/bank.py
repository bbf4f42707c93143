"""The quiz content file ``knowledge/content/quiz.yml``: subjects, items and references.

Everything the practice questions are made of that is not a sentence around them lives in
that file, so that a content editor adds or corrects a question without touching Python:
the subjects and the words that name them, the hand-written items (facts, methods, free-text
questions, definitions), our descriptions of the interventions, and the ids of the lists and
passages the other question families draw from. The file has a header for the editor.

Items point into the knowledge base by key. ``passage_references`` lists every such pointer
with the name of the item it comes from, so that ``knowledge check`` fails on a renamed
passage instead of a question silently dropping out of the rounds.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Optional, Tuple

import yaml

from jeugdhulp.paths import CONTENT_DIR

if TYPE_CHECKING:  # only for type hints: the bank itself never reads the knowledge base
    from jeugdhulp.knowledge.base import KnowledgeBase

QUIZ_FILE = CONTENT_DIR / "quiz.yml"
REFERENCE_KINDS = ("passage", "collection", "intervention")
Reference = Tuple[str, str, str]  # (where, kind, key): see passage_references


class BankError(ValueError):
    """The quiz content file is malformed; the message names the file and the item."""


@dataclass(frozen=True)
class Subject:
    slug: str
    label: str  # Dutch, shown to the user
    synonyms: Tuple[str, ...]  # words a user may use for it ("oefen interventies")


@dataclass(frozen=True)
class Fact:
    """A question with our own clearly wrong distractors (numbers, attitudes ...)."""
    id: str
    subject: str
    prompt: str
    answer: str
    distractors: Tuple[str, ...]
    sources: Tuple[str, ...]
    topic: str
    revisit: str


@dataclass(frozen=True)
class MethodFact:
    """Which method is described: the options are interventions of the knowledge base."""
    id: str
    subject: str
    prompt: str
    answer: str  # intervention id
    sources: Tuple[str, ...]
    topic: str
    exclude: Tuple[str, ...] = ()  # interventions too close to be fair distractors


@dataclass(frozen=True)
class FreeText:
    id: str
    subject: str
    prompt: str
    expected: Tuple[str, ...]  # canonical first
    sources: Tuple[str, ...]
    topic: str
    revisit: str
    intervention: Optional[str] = None  # any name of it counts, except `forbidden`
    forbidden: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Definition:
    """A term the guidelines define, our own description of it, and its definition."""
    term: str
    passage: str  # the definition (kind definition, labelled with the term): quoted after
    description: str


@dataclass(frozen=True)
class ListSource:
    """A family drawing its right option from one list and its distractors from others."""
    collection: str
    distractors_from: Tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    """The loaded content file; every mapping keeps the order of the file (it seeds rounds)."""
    name: str  # the file name, for messages ("quiz.yml")
    subjects: Dict[str, Subject]
    facts: Dict[str, Fact]
    methods: Dict[str, MethodFact]
    free_text: Dict[str, FreeText]
    definitions: Dict[str, Definition]  # by term
    targets: Dict[str, str]  # intervention id -> our words for its target group
    aims: Dict[str, str]  # intervention id -> our words for its approach and goal
    confusable: Tuple[FrozenSet[str], ...]  # never options of the same target/aim question
    two_effective_passage: str
    two_effective: Tuple[str, str]  # the two interventions that proved effective
    werkwijzen_as_distractors: Tuple[str, ...]
    steps: str  # collection of the steps of Samen beslissen
    first_contact: ListSource
    skills: ListSource
    too_close: Tuple[str, ...]  # word parts that make another list's point an unfair option
    question_words: FrozenSet[str] = field(default_factory=frozenset)


# --- reading -------------------------------------------------------------------------------
def _need(raw: Any, key: str, where: str) -> Any:
    if not isinstance(raw, dict) or raw.get(key) in (None, "", []):
        raise BankError(f"{where}: '{key}' is missing")
    return raw[key]


def _texts(raw: Any, key: str, where: str, required: bool = True) -> Tuple[str, ...]:
    value = _need(raw, key, where) if required else (raw.get(key) or [])
    if isinstance(value, str) or not all(isinstance(v, (str, int, float)) for v in value):
        raise BankError(f"{where}: '{key}' must be a list of texts")
    return tuple(str(v) for v in value)


def _items(data: dict, section: str, name: str, kind: str) -> List[Tuple[str, dict]]:
    """(where, raw item) of a list section, with unique ids."""
    found, seen = [], set()
    for index, raw in enumerate(data.get(section) or []):
        item_id = str(_need(raw, "id", f"{name}: {kind} {index + 1}"))
        if item_id in seen:
            raise BankError(f"{name}: {kind} '{item_id}' appears twice")
        seen.add(item_id)
        found.append((f"{name}: {kind} '{item_id}'", raw))
    return found


def _subjects(data: dict, name: str) -> Dict[str, Subject]:
    subjects = {}
    for where, raw in _items(data, "subjects", name, "subject"):
        subjects[str(raw["id"])] = Subject(str(raw["id"]), str(_need(raw, "label", where)),
                                           _texts(raw, "words", where))
    if not subjects:
        raise BankError(f"{name}: 'subjects' is missing")
    return subjects


def _common(raw: dict, where: str, subjects: Dict[str, Subject]) -> Dict[str, Any]:
    """The fields every item has: its subject (checked), prompt, sources and topic."""
    subject = str(_need(raw, "subject", where))
    if subject not in subjects:
        raise BankError(f"{where}: subject '{subject}' is not one of {list(subjects)}")
    return {"id": str(raw["id"]), "subject": subject, "prompt": str(_need(raw, "prompt", where)),
            "sources": _texts(raw, "sources", where), "topic": str(_need(raw, "topic", where))}


def _questions(data: dict, name: str, subjects: Dict[str, Subject]) -> Dict[str, Any]:
    facts = [Fact(**_common(raw, where, subjects), answer=str(_need(raw, "answer", where)),
                  distractors=_texts(raw, "distractors", where),
                  revisit=str(_need(raw, "revisit", where)))
             for where, raw in _items(data, "facts", name, "fact")]
    methods = [MethodFact(**_common(raw, where, subjects), answer=str(_need(raw, "answer", where)),
                          exclude=_texts(raw, "exclude", where, required=False))
               for where, raw in _items(data, "methods", name, "method")]
    free = [FreeText(**_common(raw, where, subjects), expected=_texts(raw, "expected", where),
                     revisit=str(_need(raw, "revisit", where)),
                     intervention=str(raw["intervention"]) if raw.get("intervention") else None,
                     forbidden=_texts(raw, "forbidden", where, required=False))
            for where, raw in _items(data, "free_text", name, "free text")]
    definitions: Dict[str, Definition] = {}
    for index, raw in enumerate(data.get("definitions") or []):
        term = str(_need(raw, "term", f"{name}: definition {index + 1}"))
        where = f"{name}: definition '{term}'"
        if term in definitions:
            raise BankError(f"{where} appears twice")
        definitions[term] = Definition(term, str(_need(raw, "passage", where)),
                                       str(_need(raw, "description", where)))
    return {"facts": {f.id: f for f in facts}, "methods": {m.id: m for m in methods},
            "free_text": {f.id: f for f in free}, "definitions": definitions}


def _groups(raw: Any, where: str) -> Tuple[FrozenSet[str], ...]:
    """A list of lists of ids (``[[families-first, ambulante-spoedhulp]]``)."""
    if not isinstance(raw, list) or not all(isinstance(g, list) and len(g) >= 2 for g in raw):
        raise BankError(f"{where}: must be a list of groups of at least two ids")
    return tuple(frozenset(str(i) for i in group) for group in raw)


def _interventions(data: dict, name: str) -> Dict[str, Any]:
    where = f"{name}: interventions"
    raw = _need(data, "interventions", name)
    two = _need(raw, "two_effective", where)
    answer = _texts(two, "answer", f"{where}.two_effective")
    if len(answer) != 2:
        raise BankError(f"{where}.two_effective: 'answer' must name two interventions")
    return {
        "targets": {str(k): str(v) for k, v in (raw.get("targets") or {}).items()},
        "aims": {str(k): str(v) for k, v in (raw.get("aims") or {}).items()},
        "confusable": _groups(raw.get("confusable") or [], f"{where}.confusable"),
        "two_effective_passage": str(_need(two, "passage", f"{where}.two_effective")),
        "two_effective": (answer[0], answer[1]),
        "werkwijzen_as_distractors": _texts(raw, "werkwijzen_as_distractors", where, False),
    }


def _lists(data: dict, name: str) -> Dict[str, Any]:
    where = f"{name}: lists"
    raw = _need(data, "lists", name)

    def source(key: str) -> ListSource:
        item = _need(raw, key, where)
        return ListSource(str(_need(item, "collection", f"{where}.{key}")),
                          _texts(item, "distractors_from", f"{where}.{key}"))

    return {"steps": str(_need(raw, "steps", where)), "first_contact": source("first_contact"),
            "skills": source("skills"), "too_close": _texts(raw, "too_close", where, False)}


def read(path: Path) -> Bank:
    """The content of a quiz file; raises ``BankError`` naming the item that is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise BankError(f"{path.name}: not a mapping")
    subjects = _subjects(data, path.name)
    return Bank(name=path.name, subjects=subjects, **_questions(data, path.name, subjects),
                **_interventions(data, path.name), **_lists(data, path.name),
                question_words=frozenset(_texts(data, "question_words", path.name, False)))


@functools.lru_cache(maxsize=1)
def load() -> Bank:
    """The quiz content of the project (``knowledge/content/quiz.yml``), read once."""
    return read(QUIZ_FILE)


# --- references ------------------------------------------------------------------------------
def passage_references(bank: Optional[Bank] = None) -> List[Reference]:
    """Every pointer of the quiz content into the knowledge base, as ``(where, kind, key)``.

    ``where`` names the item in the content file, e.g. ``"quiz.yml: fact 'mpg-aandeel'"``;
    ``kind`` is one of ``REFERENCE_KINDS``:

    * ``"passage"``: ``key`` is a passage key (``kindermishandeling/toelichting/...``);
    * ``"collection"``: ``key`` is the id of a named list (``beslisstappen``);
    * ``"intervention"``: ``key`` is an intervention id (``mst-can``).

    The order is that of ``jeugdhulp.knowledge.references.Reference`` (where, kind, target).

    A pointer that does not resolve would silently drop a question (or a distractor list),
    so ``knowledge check`` reports each one by ``where``. ``unresolved_references`` resolves
    them against a loaded knowledge base.
    """
    b = bank or load()
    refs: List[Reference] = []
    for kind, items in (("fact", b.facts), ("method", b.methods), ("free text", b.free_text)):
        for item in items.values():
            where = f"{b.name}: {kind} '{item.id}'"
            refs += [(where, "passage", key) for key in item.sources]
    for item in b.methods.values():
        where = f"{b.name}: method '{item.id}'"
        refs += [(where, "intervention", i) for i in (item.answer, *item.exclude)]
    for item in b.free_text.values():
        if item.intervention:
            refs.append((f"{b.name}: free text '{item.id}'", "intervention", item.intervention))
    refs += [(f"{b.name}: definition '{d.term}'", "passage", d.passage)
             for d in b.definitions.values()]
    refs += _intervention_references(b)
    refs += [(f"{b.name}: lists.steps", "collection", b.steps)]
    for key, source in (("first_contact", b.first_contact), ("skills", b.skills)):
        refs += [(f"{b.name}: lists.{key}", "collection", c)
                 for c in (source.collection, *source.distractors_from)]
    return refs


def _intervention_references(b: Bank) -> List[Reference]:
    refs: List[Reference] = []
    for kind, descriptions in (("target", b.targets), ("aim", b.aims)):
        refs += [(f"{b.name}: interventions.{kind}s '{i}'", "intervention", i)
                 for i in descriptions]
    for group in b.confusable:
        refs += [(f"{b.name}: interventions.confusable", "intervention", i) for i in sorted(group)]
    where = f"{b.name}: interventions.two_effective"
    refs.append((where, "passage", b.two_effective_passage))
    refs += [(where, "intervention", i) for i in b.two_effective]
    refs += [(f"{b.name}: interventions.werkwijzen_as_distractors", "intervention", i)
             for i in b.werkwijzen_as_distractors]
    return refs


def unresolved_references(kb: "KnowledgeBase", bank: Optional[Bank] = None) -> List[str]:
    """A message naming the item for every reference the knowledge base cannot resolve."""
    index = kb.index
    known = {"passage": set(index.by_key), "collection": set(index.collections),
             "intervention": set(index.interventions)}
    return [f"{where}: no {kind} '{key}'" for where, kind, key in passage_references(bank)
            if key not in known[kind]]
