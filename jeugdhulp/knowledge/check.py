"""Validation of the built knowledge base against its sources.

Checks what is actually served (the database rows), not just the content files:

* every passage has a complete citation: guideline title, authors, URL, section heading;
* every passage's text occurs verbatim (up to whitespace) in the raw source it cites;
* structured fields that are quotes (intervention approach/target group/ratings) too;
* the database was built from the current content files with the current Dutch analysis.

``lint_file`` checks one content file without a database, for an editor at work.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import List, Set, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from jeugdhulp.knowledge import content, validate
from jeugdhulp.knowledge.analysis import analysis_version
from jeugdhulp.knowledge.db import SCHEMA_VERSION, read_meta
from jeugdhulp.knowledge.models import Guideline, Intervention, Passage, Section
from jeugdhulp.knowledge.validate import Problem
from jeugdhulp.knowledge.rules import rules

# Intervention fields that are quotes of the guideline's table.
VERBATIM_FIELDS = ("approach_goal", "target_group", "dei", "kjp")


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
        other = rules().other_domain_words.search(p.text)
        if other:
            problems.append(Problem(where, f"uses «{other.group(0)}», a word of "
                                           "other_domain_words in answers.yml"))
    for i in session.execute(select(Intervention).options(
            joinedload(Intervention.guideline))).scalars():
        for field_name in VERBATIM_FIELDS:
            value = getattr(i, field_name)
            if value and not occurs_verbatim(value, i.guideline.source_file):
                problems.append(Problem(
                    f"intervention {i.id}",
                    f"{field_name} is not verbatim in {i.guideline.source_file}: «{value[:160]}»"))
    return problems


def _other_guidelines(path: Path) -> Tuple[List[content.GuidelineSpec], Set[str]]:
    """The other guideline files, and the ids of those that cannot be read (another file
    being edited: references into it are not judged)."""
    others, unreadable = [], set()
    for other_path in content.guideline_files():
        if other_path.resolve() == path.resolve():
            continue
        try:
            others.append(content.load_guideline(other_path))
        except Exception:  # noqa: BLE001 - any reason it cannot be read
            unreadable.add(other_path.stem)
    return others, unreadable


def _verbatim_problems(spec: content.GuidelineSpec) -> List[Problem]:
    problems = [Problem(f"passage {p.ref}", f"is not verbatim: «{p.text[:160]}»")
                for p in spec.passages() if not occurs_verbatim(p.text, spec.source)]
    for i in spec.interventions:
        for name in VERBATIM_FIELDS:
            value = getattr(i, name)
            if value and not occurs_verbatim(value, spec.source):
                problems.append(Problem(f"intervention {i.id}",
                                        f"{name} is not verbatim: «{value[:160]}»"))
    return problems


def lint_file(path: Path) -> List[Problem]:
    """Checks one content file without a database: shape, verbatim text, topics,
    references, intervention fields and coverage of its source."""
    from jeugdhulp.knowledge import coverage

    if path.resolve() == content.TOPICS_FILE.resolve():
        try:
            content.load_topics()
            content.load_terms()
        except Exception as error:  # noqa: BLE001 - reported, not raised
            return [Problem("", f"cannot be read: {error}")]
        return []
    try:
        spec = content.load_guideline(path)
    except content.ContentError as error:  # its message starts with the file's name
        return [Problem("", str(error).removeprefix(f"{path.name}: "))]
    except Exception as error:  # noqa: BLE001 - YAML syntax and the like
        return [Problem("", f"cannot be read: {error}")]
    if not spec.source_path.exists():
        return [Problem("", f"source {spec.source} is not in knowledge/sources/")]
    others, unreadable = _other_guidelines(path)
    known_topics = {t.id for t in content.load_topics([])} | {
        t.id for g in [spec, *others] for t in g.topics}
    keys = validate.passage_keys([spec, *others])
    problems = _verbatim_problems(spec)
    problems += validate.spec_problems(spec, known_topics, keys, unreadable)
    problems += [Problem("not covered", f"«{m.unit}»") for m in coverage.missing_for_spec(spec)]
    return problems
