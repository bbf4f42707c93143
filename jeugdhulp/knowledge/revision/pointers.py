"""What points at a passage or an intervention, in the content editor's words.

The references outside the guideline files (answer rules, quiz items, practice language)
are the ones ``knowledge check`` resolves (``jeugdhulp.cli.content_references``: passed in,
not gathered twice); inside the guideline files, interventions point at passages as their
evidence and lists at their items. An intervention is named with its other names from
names.yml (the aliases), which go with it.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Sequence

from jeugdhulp.knowledge import content
from jeugdhulp.knowledge.references import Reference
from jeugdhulp.knowledge.validate import resolve_ref
from jeugdhulp.messages import message

# The kinds of pointer by the content file they are in (texts revision.pointer.<kind>).
_KINDS = ("quiz", "answers", "practice", "questions")


def _describe(reference: Reference) -> str:
    stem = reference.where.split(":", 1)[0].rsplit(".", 1)[0].split("/", 1)[0]
    kind = stem if stem in _KINDS else "other"
    return message(f"revision.pointer.{kind}", where=reference.where)


def _intervention(spec: content.GuidelineSpec, i: content.InterventionSpec) -> str:
    where = f"{spec.file.name}: intervention {i.id}"
    if not i.aliases:
        return message("revision.pointer.intervention_no_aliases", name=i.name, where=where)
    return message("revision.pointer.intervention", name=i.name, aliases=", ".join(i.aliases),
                   where=where)


def by_passage(references: Iterable[Reference],
               specs: Sequence[content.GuidelineSpec]) -> Dict[str, List[str]]:
    """Passage key -> a Dutch line for everything that points at it."""
    found: Dict[str, List[str]] = {}
    for ref in references:
        if ref.kind == "passage":
            found.setdefault(ref.target, []).append(_describe(ref))
    for g in specs:
        for i in g.interventions:
            for r in i.evidence:
                found.setdefault(resolve_ref(r, g.id), []).append(_intervention(g, i))
        for c in g.collections:
            where = f"{g.file.name}: collection {c.id}"
            line = message("revision.pointer.collection", title=c.title, where=where)
            for r in [c.lead] if c.lead else []:
                found.setdefault(resolve_ref(r, g.id), []).append(line)
            for item in c.items:
                found.setdefault(resolve_ref(item["ref"], g.id), []).append(line)
    return {key: list(dict.fromkeys(lines)) for key, lines in found.items()}


def by_intervention(references: Iterable[Reference], spec: content.GuidelineSpec,
                    intervention: content.InterventionSpec) -> List[str]:
    """The intervention itself (with its aliases) and what points at it."""
    lines = [_intervention(spec, intervention)]
    lines += [_describe(r) for r in references
              if r.kind == "intervention" and r.target == intervention.id]
    return list(dict.fromkeys(lines))
