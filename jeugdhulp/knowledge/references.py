"""References from content files to the knowledge base, and checking that they resolve.

Content outside the guideline files points into the knowledge base by key: answer rules
(answers.yml), quiz items (quiz.yml). ``knowledge check`` gathers every reference and
reports each one that does not resolve, naming the place it comes from, so that renaming a
passage can never silently drop a quiz question or part of an answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List

KINDS = ("passage", "collection", "topic", "guideline", "intervention", "problem")


@dataclass(frozen=True)
class Reference:
    where: str  # the place in the content, e.g. "answers.yml: structures.first_contact"
    kind: str  # one of KINDS
    target: str  # the key or id pointed at


def unresolved(references: Iterable[Reference], index, problems: Iterable[str]) -> List[str]:  # type: ignore[no-untyped-def]
    """A message for every reference that the knowledge base ``index`` (search.Index) and
    the problem ids cannot resolve."""
    known = {
        "passage": set(index.by_key),
        "collection": set(index.collections),
        "topic": set(index.topics),
        "guideline": {r.guideline_id for r in index.records},
        "intervention": set(index.interventions),
        "problem": set(problems),
    }
    messages = []
    for ref in references:
        if ref.kind not in known:
            messages.append(f"{ref.where}: unknown kind of reference '{ref.kind}'")
        elif ref.target not in known[ref.kind]:
            messages.append(f"{ref.where}: no {ref.kind} '{ref.target}'")
    return messages
