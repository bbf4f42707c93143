"""Example questions (``knowledge/content/questions/*.yml``): for each passage, questions
professionals really ask that the passage answers, in their own words: a case brought to
supervision, team-chat shorthand, practice language, a far paraphrase.

Practice language (``practice.yml``) gives the words for a concept; an example question gives
a whole way of asking. The search compares a question with every example question and raises
the passages whose examples are closest (``jeugdhulp.knowledge.search``), so "ze houdt de boot
af, hoe krijg ik haar mee?" reaches the passage on reactance even when no single phrase of
practice.yml occurs in it.

A content editor keeps the files, one per guideline; nothing here is a list in code.
``knowledge check`` validates them: every entry points at a passage that exists, and every
question is text of a sensible length. The examples are never shown to users.

Reading YAML only: nothing here needs the database, spaCy or Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from jeugdhulp.paths import CONTENT_DIR

QUESTIONS_DIR = CONTENT_DIR / "questions"
MAX_QUESTION_CHARS = 600  # a case description of a few sentences; longer is a text, not a question


class ExamplesError(ValueError):
    """A questions file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class ExampleEntry:
    file: str  # the file's name, for messages
    passage: str  # full passage key
    questions: Tuple[str, ...]

    @property
    def where(self) -> str:
        return f"questions/{self.file}: {self.passage}"


def files(directory: Optional[Path] = None) -> List[Path]:
    directory = directory or QUESTIONS_DIR
    return sorted(directory.glob("*.yml")) if directory.exists() else []


def parse(data: object, file: str) -> List[ExampleEntry]:
    """The entries of one loaded questions file; raises ExamplesError naming a bad entry."""
    if data is None:
        return []
    raw = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise ExamplesError(f"questions/{file}: expected a list under 'questions:'")
    entries = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("passage"), str):
            raise ExamplesError(f"questions/{file}: entry {n} has no 'passage'")
        unknown = set(item) - {"passage", "ask"}
        if unknown:
            raise ExamplesError(f"questions/{file}: entry {n} ({item['passage']}): unknown "
                                f"field(s) {', '.join(sorted(unknown))}")
        asked = item.get("ask") or []
        if not isinstance(asked, list) or not all(isinstance(q, str) for q in asked):
            raise ExamplesError(f"questions/{file}: {item['passage']}: 'ask' must be a list "
                                "of questions")
        entries.append(ExampleEntry(file, item["passage"].strip(),
                                    tuple(" ".join(q.split()) for q in asked)))
    return entries


def load(directory: Optional[Path] = None) -> List[ExampleEntry]:
    entries: List[ExampleEntry] = []
    for path in files(directory):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ExamplesError(f"questions/{path.name} is not valid YAML: {error}") from error
        entries += parse(data, path.name)
    return entries


def by_passage(entries: Iterable[ExampleEntry]) -> Dict[str, List[str]]:
    """Passage key -> its example questions (an entry may be split over two places)."""
    found: Dict[str, List[str]] = {}
    for entry in entries:
        bucket = found.setdefault(entry.passage, [])
        bucket.extend(q for q in entry.questions if q and q not in bucket)
    return found


def problems(entries: Iterable[ExampleEntry], passage_keys: Iterable[str]) -> List[Tuple[str, str]]:
    """(where, message) for every entry pointing at a passage that does not exist, and for
    every question that is empty, too long, or written twice for the same passage (the
    same question for two passages is fine: both answer it)."""
    known = set(passage_keys)
    seen: Dict[str, str] = {}
    found = []
    for entry in entries:
        if entry.passage not in known:
            found.append((entry.where, f"no passage '{entry.passage}'"))
        for question in entry.questions:
            if not question:
                found.append((entry.where, "an empty question"))
            elif len(question) > MAX_QUESTION_CHARS:
                found.append((entry.where, f"'{question[:40]}...' is longer than "
                                           f"{MAX_QUESTION_CHARS} characters"))
            elif seen.get(question.lower()) == entry.passage:
                found.append((entry.where, f"'{question[:60]}' is written twice"))
            else:
                seen[question.lower()] = entry.passage
    return found


def references(entries: Iterable[ExampleEntry]) -> list:
    """The entries' references for ``knowledge check`` (jeugdhulp.knowledge.references)."""
    from jeugdhulp.knowledge.references import Reference

    return [Reference(entry.where, "passage", entry.passage) for entry in entries]
