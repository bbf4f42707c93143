"""Checks of the guideline content files that need no database.

One copy, used twice: ``build`` refuses to build from content with mistakes (naming them),
and ``lint`` reports them for one file while an editor works on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterable, List, Set

from jeugdhulp.knowledge import content, examples, practice, vocabulary


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def resolve_ref(ref: str, guideline_id: str) -> str:
    """A passage reference to its database key; "other-guideline:section/id" crosses files."""
    if ":" in ref:
        other, local = ref.split(":", 1)
        return f"{other}/{local}"
    return f"{guideline_id}/{ref}"


def passage_keys(specs: Iterable[content.GuidelineSpec]) -> Set[str]:
    return {f"{g.id}/{p.ref}" for g in specs for p in g.passages()}


def spec_problems(spec: content.GuidelineSpec, known_topics: Collection[str],
                  keys: Collection[str], unreadable: Collection[str] = ()) -> List[Problem]:
    """Mistakes in one guideline file: unknown topics, problems or effectiveness, missing
    sections, references to passages that do not exist (``keys``: every passage key of
    the content; references into a file in ``unreadable`` are not judged)."""
    problems: List[Problem] = []
    for p in spec.passages():
        for topic in p.topics:
            if topic not in known_topics:
                problems.append(Problem(f"passage {p.ref}", f"unknown topic '{topic}'"))

    def check_ref(ref: str, where: str) -> None:
        key = resolve_ref(ref, spec.id)
        if key not in keys and key.split("/", 1)[0] not in unreadable:
            problems.append(Problem(where, f"no passage '{ref}'"))

    sections = {s.slug for s in spec.sections}
    order = vocabulary.effectiveness_order()
    for i in spec.interventions:
        where = f"intervention {i.id}"
        if i.section not in sections:
            problems.append(Problem(where, f"no section '{i.section}'"))
        problems += [Problem(where, f"unknown problem '{p}' (names.yml)")
                     for p in i.problems if p not in vocabulary.problems()]
        if i.effectiveness not in order:
            problems.append(Problem(where, f"effectiveness must be one of {order}"))
        for ref in i.evidence:
            check_ref(ref, where)
    for c in spec.collections:
        if c.lead:
            check_ref(c.lead, f"collection {c.id} lead")
        for item in c.items:
            check_ref(item["ref"], f"collection {c.id}")
    return problems


def content_problems(guidelines: List[content.GuidelineSpec],
                     topics: List[content.TopicSpec]) -> List[Problem]:
    """Every mistake in the guideline files taken together, each with its file."""
    sources = [g.source for g in guidelines]
    problems = [Problem("content", f"source {s} is used by more than one guideline file")
                for s in sorted({s for s in sources if sources.count(s) > 1})]
    known_topics = {t.id for t in topics}
    keys = passage_keys(guidelines)
    for g in guidelines:
        problems += [Problem(f"{g.file.name}: {p.where}", p.message)
                     for p in spec_problems(g, known_topics, keys)]
    problems += [Problem("names.yml", m) for m in vocabulary.problems_of_names(
        vocabulary.load_names())]
    try:
        texts = {f"{g.id}/{p.ref}": content.normalize_space(p.text)
                 for g in guidelines for s in g.sections for p in s.passages}
        problems += [Problem(where, m) for where, m in practice.problems(
            practice.load(), texts, known_topics)]
    except practice.PracticeError as error:
        problems.append(Problem("practice.yml", str(error)))
    try:
        problems += [Problem(where, m) for where, m in examples.problems(
            examples.load(), keys)]
    except examples.ExamplesError as error:
        problems.append(Problem("questions", str(error)))
    return problems

