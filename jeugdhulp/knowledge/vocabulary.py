"""The words the assistant knows things by: names of interventions and problems
(``knowledge/content/names.yml``) and the effectiveness scale
(``knowledge/content/effectiveness.yml``).

``names.yml`` is the one list of how professionals write those names. Everything that
recognises a name is fed from it:

* the NLU: its lookup tables and synonyms are written into ``data/nlu/`` by
  ``python -m knowledge nlu-data`` (``make`` runs it before validating and training);
* the Dutch spaCy pipeline's entity patterns (``jeugdhulp.nlu.pipeline``);
* the redaction, which never takes one of these words for a client's name;
* the knowledge base: an intervention's aliases (shown and matched in questions) and the
  problems with their labels and synonyms.

Reading YAML only: nothing here needs the database, spaCy or Rasa.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from jeugdhulp.paths import CONTENT_DIR, ROOT

NAMES_FILE = CONTENT_DIR / "names.yml"
EFFECTIVENESS_FILE = CONTENT_DIR / "effectiveness.yml"
NLU_DIR = ROOT / "data" / "nlu"
LOOKUP_FILE = NLU_DIR / "lookups" / "interventions.yml"
SYNONYM_FILE = NLU_DIR / "synonyms" / "interventions.yml"


class VocabularyError(ValueError):
    """names.yml or effectiveness.yml is malformed; the message names the entry."""


@dataclass(frozen=True)
class InterventionName:
    entity: str  # the value the NLU gives for every form
    intervention: Optional[str]  # id in the guideline file, None when no guideline names it
    aliases: Tuple[str, ...]  # other names the knowledge base knows and shows
    spellings: Tuple[str, ...]  # every other form, in the order the NLU tries them

    @property
    def forms(self) -> Tuple[str, ...]:
        return (self.entity, *self.spellings)


@dataclass(frozen=True)
class Problem:
    id: str
    label: str  # how answers name it (ours)
    synonyms: Tuple[str, ...]  # words that make a question about it (knowledge base)
    entity: Optional[str] = None  # the NLU's value, when the NLU knows it
    spellings: Tuple[str, ...] = ()

    @property
    def forms(self) -> Tuple[str, ...]:
        return (self.entity, *self.spellings) if self.entity else ()


@dataclass(frozen=True)
class Vocabulary:
    interventions: Tuple[InterventionName, ...]
    problems: Dict[str, Problem]


def _strings(value: object, where: str) -> Tuple[str, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{where}: expected a list of words")
    return tuple(value)


def _required(raw: dict, key: str, where: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(f"{where}: '{key}' is missing")
    return value


def load_names(path: Optional[Path] = None) -> Vocabulary:
    path = path or NAMES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    interventions = []
    for n, raw in enumerate(data.get("interventions") or [], 1):
        where = f"{path.name}: intervention {n} ({(raw or {}).get('entity')})"
        interventions.append(InterventionName(
            entity=_required(raw, "entity", where), intervention=raw.get("intervention"),
            aliases=_strings(raw.get("aliases"), f"{where} aliases"),
            spellings=_strings(raw.get("spellings"), f"{where} spellings")))
    problems: Dict[str, Problem] = {}
    for n, raw in enumerate(data.get("problems") or [], 1):
        where = f"{path.name}: problem {n} ({(raw or {}).get('id')})"
        problem = Problem(id=_required(raw, "id", where), label=_required(raw, "label", where),
                          synonyms=_strings(raw.get("synonyms"), f"{where} synonyms"),
                          entity=raw.get("entity"),
                          spellings=_strings(raw.get("spellings"), f"{where} spellings"))
        if problem.id in problems:
            raise VocabularyError(f"{where}: the id is used twice")
        problems[problem.id] = problem
    return Vocabulary(tuple(interventions), problems)


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load_names()


def problems() -> Dict[str, Problem]:
    return vocabulary().problems


def aliases_of(intervention_id: str) -> List[str]:
    """The other names of an intervention of the guidelines, as names.yml lists them."""
    for entry in vocabulary().interventions:
        if entry.intervention == intervention_id:
            return list(entry.aliases)
    return []


def all_forms() -> List[str]:
    """Every name, alias, spelling, problem label and synonym: words that are never a
    client's name."""
    words: List[str] = []
    for entry in vocabulary().interventions:
        words += [*entry.forms, *entry.aliases]
    for problem in vocabulary().problems.values():
        words += [problem.label, *problem.synonyms, *problem.forms]
    return list(dict.fromkeys(words))


def problems_of_names(names: Vocabulary) -> List[str]:
    """Mistakes in names.yml that loading cannot see: an alias that is not one of the
    forms, a form listed twice, an intervention id given twice."""
    mistakes = []
    seen_ids: Dict[str, str] = {}
    for entry in names.interventions:
        where = f"names.yml: {entry.entity}"
        lower = [f.lower() for f in entry.forms]
        for alias in entry.aliases:
            if alias.lower() not in lower:
                mistakes.append(f"{where}: alias '{alias}' is not one of its spellings")
        doubled = sorted({f for f in lower if lower.count(f) > 1})
        if doubled:
            mistakes.append(f"{where}: spelling(s) listed twice: {doubled}")
        if entry.intervention:
            if entry.intervention in seen_ids:
                mistakes.append(f"{where}: intervention '{entry.intervention}' is also "
                                f"{seen_ids[entry.intervention]}")
            seen_ids[entry.intervention] = entry.entity
    return mistakes


# --- the effectiveness scale ------------------------------------------------------------
@dataclass(frozen=True)
class EffectivenessLevel:
    id: str
    note: str  # our words about the strength of the evidence, shown beside the quotes


@functools.lru_cache(maxsize=1)
def effectiveness_levels() -> Tuple[EffectivenessLevel, ...]:
    """The scale, strongest evidence first."""
    data = yaml.safe_load(EFFECTIVENESS_FILE.read_text(encoding="utf-8")) or {}
    levels = []
    for n, raw in enumerate(data.get("levels") or [], 1):
        where = f"{EFFECTIVENESS_FILE.name}: level {n}"
        levels.append(EffectivenessLevel(_required(raw, "id", where),
                                         _required(raw, "note", where)))
    if not levels or levels[-1].id != "unknown":
        raise VocabularyError(f"{EFFECTIVENESS_FILE.name}: the last level must be 'unknown'")
    return tuple(levels)


def effectiveness_order() -> Tuple[str, ...]:
    return tuple(level.id for level in effectiveness_levels())


def effectiveness_note(level: str) -> str:
    notes = {lvl.id: lvl.note for lvl in effectiveness_levels()}
    return notes.get(level, notes["unknown"])


# --- NLU data generated from names.yml ------------------------------------------------------
GENERATED = ("# Generated from knowledge/content/names.yml by `python -m knowledge nlu-data`\n"
             "# (make runs it). Do not edit: change names.yml.\n")


def _examples(values: List[str]) -> str:
    return "".join(f"      - {v}\n" for v in values)


def _unique(values: List[str]) -> List[str]:
    """Case-insensitively unique, first kept: the NLU matches names without case."""
    seen: Dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return list(seen.values())


def lookup_yaml(names: Vocabulary) -> str:
    tables = {"intervention": [f for e in names.interventions for f in e.forms],
              "problem": [f for p in names.problems.values() for f in p.forms]}
    blocks = "".join(f"  - lookup: {table}\n    examples: |\n{_examples(_unique(values))}"
                     for table, values in tables.items())
    return f'{GENERATED}version: "3.1"\nnlu:\n{blocks}'


def synonym_yaml(names: Vocabulary) -> str:
    entries = [(e.entity, e.spellings) for e in names.interventions]
    entries += [(p.entity, p.spellings) for p in names.problems.values() if p.entity]
    blocks = "".join(
        f"  - synonym: {yaml.safe_dump(entity, allow_unicode=True).splitlines()[0]}\n"
        f"    examples: |\n{_examples(_unique([s for s in spellings if s.lower() != entity.lower()]))}"
        for entity, spellings in entries)
    return f'{GENERATED}version: "3.1"\nnlu:\n{blocks}'


def write_nlu_data(names: Optional[Vocabulary] = None) -> List[Path]:
    """Writes the NLU lookup and synonym files; returns those whose content changed."""
    names = names or load_names()
    changed = []
    for path, text in ((LOOKUP_FILE, lookup_yaml(names)), (SYNONYM_FILE, synonym_yaml(names))):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def entity_patterns(names: Optional[Vocabulary] = None) -> List[dict]:
    """Phrase patterns for the spaCy entity ruler: every form, with its entity as the id."""
    names = names or vocabulary()
    entries = [("intervention", e.entity, e.forms) for e in names.interventions]
    entries += [("problem", p.entity, p.forms) for p in names.problems.values() if p.entity]
    return [{"label": label, "pattern": form.lower(), "id": entity}
            for label, entity, forms in entries for form in _unique(list(forms))]
