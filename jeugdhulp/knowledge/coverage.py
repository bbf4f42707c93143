"""Coverage: is every content sentence of the raw sources in the knowledge base?

A raw source is cut into units: lines, then sentences, then the table cells that the page
dump glued together ("...te voorkomen.Gezinnen in een acute..."). A unit is covered when it
occurs in a passage, is a section heading (or part of a section path), or is listed in the
guideline file's ``not_content`` (navigation debris, table headers, photo captions: see
SOURCES.md). Everything else is reported as missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from jeugdhulp.knowledge import content
from jeugdhulp.knowledge.models import Guideline, Passage, Section

_BULLET = re.compile(r"^[•·▪◦\-–]\s*")
# Sentence ends followed by the start of a new sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9‘'“(•])")
# Table cells glued together by the page dump: "voorkomen.Gezinnen", "(IAG)Intensieve",
# "SafetyMethode".
_GLUED = re.compile(r"(?<=[a-z.)])(?=[A-Z][a-zA-Z])")


def units(raw: str) -> List[str]:
    """The content units of a raw source text, in order, whitespace normalised."""
    result: List[str] = []
    for line in raw.splitlines():
        line = _BULLET.sub("", content.normalize_space(line))
        if not any(c.isalnum() for c in line):
            continue
        for sentence in _SENTENCE_END.split(line):
            for part in _GLUED.split(sentence):
                part = part.strip()
                if any(c.isalnum() for c in part):
                    result.append(part)
    return result


@dataclass
class Missing:
    source: str
    unit: str

    def __str__(self) -> str:
        return f"{self.source}: «{self.unit}»"


def missing_units(
    source_name: str,
    raw: str,
    passages: Sequence[str],
    headings: Iterable[str],
    not_content: Iterable[str],
) -> List[Missing]:
    passages_text = "\n".join(content.normalize_space(p) for p in passages)
    structural = [content.normalize_space(h) for h in [*headings, *not_content]]
    missing = []
    for unit in units(raw):
        if unit in passages_text:
            continue
        if any(unit == s or unit in s for s in structural):
            continue
        missing.append(Missing(source_name, unit))
    return missing


def missing_for_spec(spec: content.GuidelineSpec) -> List[Missing]:
    """Units of one guideline's source not covered by its content file (no database)."""
    raw = spec.source_path.read_text(encoding="utf-8")
    headings = [spec.title, spec.short_title, *(h for s in spec.sections for h in [s.heading, *s.path])]
    return missing_units(spec.source, raw, [p.text for p in spec.passages()], headings,
                         spec.not_content)


def missing_sentences(session: Optional[Session] = None) -> List[Missing]:
    """Units of every raw source missing from the knowledge base.

    With a session: checked against the database rows (what is served); the lists of
    non-content lines come from the content files. Without: against the content files.
    """
    specs = {g.source: g for g in content.load_guidelines()}
    missing: List[Missing] = []
    for path in sorted(content.SOURCES_DIR.glob("*.txt")):
        spec = specs.get(path.name)
        if spec is None:
            missing.append(Missing(path.name, "(no content file uses this source)"))
            continue
        if session is None:
            missing.extend(missing_for_spec(spec))
            continue
        guideline = session.get(Guideline, spec.id)
        rows = session.execute(
            select(Passage).join(Passage.section).where(Section.guideline_id == spec.id)
            .options(joinedload(Passage.section))
        ).scalars().all() if guideline else []
        headings = [spec.title, spec.short_title]
        headings += [h for s in (guideline.sections if guideline else []) for h in [s.heading, *s.path]]
        missing.extend(missing_units(path.name, path.read_text(encoding="utf-8"),
                                     [r.text for r in rows], headings, spec.not_content))
    return missing
