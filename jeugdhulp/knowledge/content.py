"""Reading the human-editable content files in ``knowledge/content/``.

One YAML file per guideline (see ``knowledge/README.md`` for the format) plus
``topics.yml``. This module only reads and checks their shape; ``builder`` turns them into
database rows and ``check`` proves the verbatim rule against ``knowledge/sources/``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from jeugdhulp.knowledge import vocabulary
from jeugdhulp.knowledge.models import PASSAGE_KINDS

from jeugdhulp.paths import CONTENT_DIR, SOURCES_DIR
GUIDELINES_DIR = CONTENT_DIR / "guidelines"  # one file per guideline
TOPICS_FILE = CONTENT_DIR / "topics.yml"


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the place."""


@dataclass
class PassageSpec:
    ref: str  # "<section slug>/<passage id>"
    kind: str
    text: str
    order: int
    label: Optional[str] = None
    topics: List[str] = field(default_factory=list)


@dataclass
class SectionSpec:
    slug: str
    heading: str
    path: List[str]
    url: Optional[str]
    passages: List[PassageSpec]


@dataclass
class InterventionSpec:
    id: str
    name: str
    aliases: List[str]
    category: str
    section: str
    approach_goal: Optional[str]
    target_group: Optional[str]
    age_min: Optional[int]
    age_max: Optional[int]
    problems: List[str]
    dei: Optional[str]
    kjp: Optional[str]
    effectiveness: str
    evidence: List[str]  # passage refs, possibly "<guideline id>:<section>/<id>"


@dataclass
class CollectionSpec:
    id: str
    title: str
    lead: Optional[str]
    items: List[dict]  # {"ref": ..., "label": ...}


@dataclass
class GuidelineSpec:
    file: Path
    id: str
    title: str
    short_title: str
    authors: str
    publisher: str
    edition: str
    url: str
    source: str
    sections: List[SectionSpec]
    interventions: List[InterventionSpec]
    collections: List[CollectionSpec]
    topics: List["TopicSpec"] = field(default_factory=list)
    not_content: List[str] = field(default_factory=list)
    retrieved: Optional[dt.date] = None  # the day the source was taken from the website

    @property
    def source_path(self) -> Path:
        return SOURCES_DIR / self.source

    def passages(self) -> List[PassageSpec]:
        return [p for s in self.sections for p in s.passages]


@dataclass
class TopicSpec:
    id: str
    label: str
    description: str
    synonyms: List[str]


def normalize_space(text: str) -> str:
    """Collapse all whitespace (line breaks, non-breaking spaces) to single spaces."""
    return " ".join(text.split())


def _require(mapping: dict, key: str, where: str):  # type: ignore[no-untyped-def]
    value = mapping.get(key)
    if value in (None, "", []):
        raise ContentError(f"{where}: '{key}' is missing")
    return value


def _passage(raw: dict, slug: str, index: int, where: str) -> PassageSpec:
    kind = _require(raw, "kind", where)
    if kind not in PASSAGE_KINDS:
        raise ContentError(f"{where}: kind '{kind}' is not one of {PASSAGE_KINDS}")
    return PassageSpec(ref=f"{slug}/{raw.get('id') or index + 1}", kind=kind,
                       text=normalize_space(_require(raw, "text", where)), order=index,
                       label=raw.get("label"), topics=list(raw.get("topics") or []))


def _sections(data: dict, where: str) -> List[SectionSpec]:
    sections: List[SectionSpec] = []
    seen_refs: set = set()
    for s_index, raw_section in enumerate(data.get("sections") or []):
        slug = _require(raw_section, "slug", f"{where}: section {s_index + 1}")
        passages: List[PassageSpec] = []
        for p_index, raw in enumerate(raw_section.get("passages") or []):
            p_where = f"{where}: {slug}, passage {p_index + 1}"
            passage = _passage(raw, slug, p_index, p_where)
            if passage.ref in seen_refs:
                raise ContentError(f"{p_where}: id '{passage.ref}' is used twice")
            seen_refs.add(passage.ref)
            passages.append(passage)
        sections.append(SectionSpec(
            slug=slug, heading=_require(raw_section, "heading", f"{where}: section {slug}"),
            path=list(raw_section.get("path") or [raw_section["heading"]]),
            url=raw_section.get("url"), passages=passages))
    return sections


def _intervention(raw: dict, where: str) -> InterventionSpec:
    where = f"{where}: intervention {raw.get('id') or ''}".rstrip()
    return InterventionSpec(
        id=_require(raw, "id", where), name=_require(raw, "name", where),
        aliases=vocabulary.aliases_of(raw.get("id")),
        category=raw.get("category", "interventie"), section=_require(raw, "section", where),
        approach_goal=_maybe_text(raw.get("approach_goal")),
        target_group=_maybe_text(raw.get("target_group")),
        age_min=raw.get("age_min"), age_max=raw.get("age_max"),
        problems=list(raw.get("problems") or []),
        dei=_maybe_text(raw.get("dei")), kjp=_maybe_text(raw.get("kjp")),
        effectiveness=raw.get("effectiveness", "unknown"),
        evidence=list(raw.get("evidence") or []))


def _collection(raw: dict, where: str) -> CollectionSpec:
    where = f"{where}: collection {raw.get('id') or ''}".rstrip()
    return CollectionSpec(
        id=_require(raw, "id", where), title=_require(raw, "title", where),
        lead=raw.get("lead"),
        items=[item if isinstance(item, dict) else {"ref": item}
               for item in _require(raw, "items", where)])


def load_guideline(path: Path) -> GuidelineSpec:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    meta = _require(data, "guideline", where)
    return GuidelineSpec(
        file=path,
        id=_require(meta, "id", where),
        title=_require(meta, "title", where),
        short_title=meta.get("short_title") or meta["title"],
        authors=_require(meta, "authors", where),
        publisher=_require(meta, "publisher", where),
        edition=str(_require(meta, "edition", where)),
        url=_require(meta, "url", where),
        source=_require(meta, "source", where),
        sections=_sections(data, where),
        interventions=[_intervention(raw, where) for raw in data.get("interventions") or []],
        collections=[_collection(raw, where) for raw in data.get("collections") or []],
        topics=[_topic(t) for t in data.get("topics") or []],
        not_content=[normalize_space(str(line)) for line in data.get("not_content") or []],
        retrieved=_date(_require(meta, "retrieved", where), f"{where}: retrieved"),
    )


def _date(value: object, where: str) -> dt.date:
    """A date written as YAML reads it (2026-11-03) or as a string of that form."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ContentError(f"{where}: '{value}' is not a date like 2026-11-03") from None


def _maybe_text(value: Optional[str]) -> Optional[str]:
    return normalize_space(value) if value else None


def guideline_files() -> List[Path]:
    return sorted(GUIDELINES_DIR.glob("*.yml"))


def load_guidelines() -> List[GuidelineSpec]:
    return [load_guideline(p) for p in guideline_files()]


def _topic(raw: dict) -> "TopicSpec":
    return TopicSpec(
        id=raw["id"],
        label=raw["label"],
        description=raw.get("description", ""),
        synonyms=list(raw.get("synonyms") or []),
    )


def load_topics(guidelines: Optional[List[GuidelineSpec]] = None) -> List[TopicSpec]:
    """Topics of ``topics.yml`` plus those declared in the guideline files."""
    data = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    topics = [_topic(t) for t in data.get("topics") or []]
    for g in guidelines if guidelines is not None else load_guidelines():
        topics.extend(g.topics)
    seen: Dict[str, TopicSpec] = {}
    for t in topics:
        if t.id in seen:
            raise ContentError(f"topic '{t.id}' is declared twice")
        seen[t.id] = t
    return topics


def load_terms() -> Dict[str, str]:
    """Abbreviations and jargon -> their meaning, for query expansion."""
    data = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data.get("terms") or {}).items()}


def content_digest() -> str:
    """Hash over every file the database is built from: it is stale when one changes."""
    digest = hashlib.sha256()
    inputs = [*guideline_files(), TOPICS_FILE, vocabulary.NAMES_FILE,
              vocabulary.EFFECTIVENESS_FILE, CONTENT_DIR / "practice.yml",
              *sorted((CONTENT_DIR / "questions").glob("*.yml")),
              *sorted(SOURCES_DIR.glob("*.txt"))]
    for path in (p for p in inputs if p.exists()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
