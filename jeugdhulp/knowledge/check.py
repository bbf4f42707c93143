"""Validation of the built knowledge base against its sources.

Checks what is actually served (the database rows), not just the content files:

* every passage has a complete citation: guideline title, authors, URL, section heading;
* every passage's text occurs verbatim (up to whitespace) in the raw source it cites;
* structured fields that are quotes (intervention approach/target group/ratings) too;
* the database was built from the current content files with the current Dutch analysis.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import List

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from jeugdhulp.knowledge import content, vocabulary
from jeugdhulp.knowledge.analysis import analysis_version
from jeugdhulp.knowledge.build import SCHEMA_VERSION, read_meta
from jeugdhulp.knowledge.models import Guideline, Intervention, Passage, Section


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@functools.lru_cache(maxsize=16)
def source_text(source_file: str) -> str:
    path = content.SOURCES_DIR / Path(source_file).name
    return content.normalize_space(path.read_text(encoding="utf-8"))


def occurs_verbatim(text: str, source_file: str) -> bool:
    return content.normalize_space(text) in source_text(source_file)


def freshness_problems(session: Session) -> List[Problem]:
    meta = read_meta(session)
    problems = []
    if not meta:
        return [Problem("database", "is empty or was never built; run `python -m knowledge build`")]
    if meta.get("schema_version") != SCHEMA_VERSION:
        problems.append(Problem("database", "has an older schema; run `python -m knowledge build`"))
    if meta.get("content_digest") != content.content_digest():
        problems.append(Problem(
            "database", "is older than knowledge/content/; run `python -m knowledge build`"))
    if meta.get("analysis") != analysis_version():
        problems.append(Problem(
            "database",
            f"was built with another Dutch analysis ({meta.get('analysis')}); "
            f"run `python -m knowledge build`"))
    return problems


def check_database(session: Session) -> List[Problem]:
    problems = freshness_problems(session)
    passages = session.execute(
        select(Passage).options(joinedload(Passage.section).joinedload(Section.guideline))
    ).scalars().all()
    if not passages:
        problems.append(Problem("database", "holds no passages"))
    for p in passages:
        where = f"passage {p.key}"
        g: Guideline = p.section.guideline
        for field_name in ("title", "authors", "url", "source_file"):
            if not (getattr(g, field_name) or "").strip():
                problems.append(Problem(where, f"citation lacks the guideline {field_name}"))
        if not p.section.heading.strip():
            problems.append(Problem(where, "citation lacks the section heading"))
        if not p.text.strip():
            problems.append(Problem(where, "has no text"))
        elif not occurs_verbatim(p.text, g.source_file):
            problems.append(Problem(
                where, f"is not verbatim in {g.source_file}: «{p.text[:160]}»"))
    for i in session.execute(select(Intervention).options(
            joinedload(Intervention.guideline))).scalars():
        for field_name in ("approach_goal", "target_group", "dei", "kjp"):
            value = getattr(i, field_name)
            if value and not occurs_verbatim(value, i.guideline.source_file):
                problems.append(Problem(
                    f"intervention {i.id}",
                    f"{field_name} is not verbatim in {i.guideline.source_file}: «{value[:160]}»"))
    return problems


def lint_file(path: Path) -> List[Problem]:
    """Checks one content file without a database: shape, verbatim text, topics,
    references, intervention fields and coverage of its source."""
    from jeugdhulp.knowledge import coverage

    if path.resolve() == content.TOPICS_FILE.resolve():
        try:
            content.load_topics()
            content.load_terms()
        except Exception as error:
            return [Problem(path.name, f"cannot be read: {error}")]
        return []
    try:
        spec = content.load_guideline(path)
    except content.ContentError as error:
        return [Problem(path.name, str(error))]
    except Exception as error:  # YAML syntax and the like
        return [Problem(path.name, f"cannot be read: {error}")]
    problems: List[Problem] = []
    if not spec.source_path.exists():
        return [Problem(path.name, f"source {spec.source} is not in knowledge/sources/")]

    def verbatim(text: str) -> bool:
        return occurs_verbatim(text, spec.source)

    for p in spec.passages():
        if not verbatim(p.text):
            problems.append(Problem(f"passage {p.ref}", f"is not verbatim: «{p.text[:160]}»"))
    known_topics = {t.id for t in content.load_topics([])} | {t.id for t in spec.topics}
    others = {}
    for other_path in content.guideline_files():
        if other_path.resolve() == path.resolve():
            continue
        try:
            other = content.load_guideline(other_path)
        except Exception:  # another file being edited: its topics/refs are not checked
            continue
        others[other.id] = other
        known_topics |= {t.id for t in other.topics}
    for p in spec.passages():
        for topic in p.topics:
            if topic not in known_topics:
                problems.append(Problem(f"passage {p.ref}", f"unknown topic '{topic}'"))
    local_refs = {p.ref for p in spec.passages()}

    def check_ref(ref: str, where: str) -> None:
        if ":" in ref:
            other_id, local = ref.split(":", 1)
            other = others.get(other_id)
            if other is not None and local not in {p.ref for p in other.passages()}:
                problems.append(Problem(where, f"no passage '{ref}'"))
        elif ref not in local_refs:
            problems.append(Problem(where, f"no passage '{ref}'"))

    sections = {s.slug for s in spec.sections}
    for i in spec.interventions:
        where = f"intervention {i.id}"
        if i.section not in sections:
            problems.append(Problem(where, f"no section '{i.section}'"))
        for name in ("approach_goal", "target_group", "dei", "kjp"):
            value = getattr(i, name)
            if value and not verbatim(value):
                problems.append(Problem(where, f"{name} is not verbatim: «{value[:160]}»"))
        for problem in i.problems:
            if problem not in vocabulary.problems():
                problems.append(Problem(where, f"unknown problem '{problem}'"))
        if i.effectiveness not in vocabulary.effectiveness_order():
            problems.append(Problem(
                where, f"effectiveness must be one of {vocabulary.effectiveness_order()}"))
        for ref in i.evidence:
            check_ref(ref, where)
    for c in spec.collections:
        for ref in [c.lead] if c.lead else []:
            check_ref(ref, f"collection {c.id} lead")
        for item in c.items:
            check_ref(item["ref"], f"collection {c.id}")
    for missing in coverage.missing_for_spec(spec):
        problems.append(Problem("not covered", f"«{missing.unit}»"))
    return problems
