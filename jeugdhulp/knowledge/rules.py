"""What answers are made of, per kind of question (``knowledge/content/answers.yml``):
the passages of the escalation card, the lists ("structures") some questions get whole,
the extra passages per problem, topics per intervention, the topics of the overview, and
the cue words that tell one kind of question from another.

Read once per process. Every reference in the file is checked by ``knowledge check``
(``references()``), so a renamed passage is reported with its place in answers.yml
instead of silently dropping part of an answer.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Pattern, Tuple

import yaml

from jeugdhulp.knowledge.references import Reference
from jeugdhulp.paths import CONTENT_DIR

RULES_FILE = CONTENT_DIR / "answers.yml"


class RulesError(ValueError):
    """answers.yml is malformed; the message names the entry."""


@dataclass(frozen=True)
class Structure:
    collection: str
    intro: Tuple[str, ...]  # passage keys quoted before the list
    budget: int


@dataclass(frozen=True)
class StructureCue:
    guideline: str
    asks: Pattern[str]
    unless: Pattern[str]
    collection: str
    # words of the guideline's situation: with them the question is about that guideline,
    # whichever passage the search finds first
    when: Optional[Pattern[str]] = None


@dataclass(frozen=True)
class FollowUpCues:
    starts: Pattern[str]
    ordinal: Pattern[str]
    ordinals: Dict[str, int]
    refers: Pattern[str]
    next: Pattern[str]  # "en daarna?", "wat is de volgende stap?": what the guideline says next
    leans: Pattern[str]  # "moet ik dat dan allemaal zelf doen?": a longer message that refers back
    eldest: Pattern[str]  # "en voor de oudste?": the highest age the last message gave
    youngest: Pattern[str]  # "en de jongste?": the lowest
    which_of: Pattern[str]  # "welke van die twee ...?": the last answer's names compared
    which_of_counts: Dict[str, int]  # how many: "twee" 2, "drie" 3
    asks_what: Pattern[str]  # "en wat is engageren dan?": a question, not "meer"
    what_if: Pattern[str]  # "en als daar weinig uitkomt, wat dan?": a question, not "meer"
    more_words: Pattern[str]  # "meer", "verder toelichten": without them a word of the guidelines
    stands_for: Pattern[str]  # "helpt dat bij zoiets?": never a question of its own
    plural: Pattern[str]  # "zijn die effectief?": all of the last answer's interventions
    which_ones: Pattern[str]  # "welke zijn echt bewezen effectief?": all of them, not the last one
    that_one: Pattern[str]  # "kan zo'n programma daar naast?": the one just named, not a list
    sets_against: Pattern[str]  # "hoe verhoudt dat zich tot SoS?": the last subject and a name
    question_word: Pattern[str]  # "hoe dan?", "waarom?": a question word alone
    judges: Pattern[str]  # "daar las ik iets positievers": the effect, in another guideline


@dataclass(frozen=True)
class AnswerRules:
    escalation_passages: Tuple[str, ...]
    structures: Dict[str, Structure]
    structure_cues: Tuple[StructureCue, ...]
    list_words: Pattern[str]
    effect_words: Pattern[str]
    usefulness_words: Pattern[str]  # "heeft dat zin?": effect words too (effect_words)
    how_it_works: Pattern[str]  # "hoe werkt dat?": what it does, not whether it works
    for_whom: Pattern[str]  # "verschil qua doelgroep?": side by side, target groups first
    # "welke hulp ...?" (the pattern) with one of these problems: its interventions
    interventions_asked: Pattern[str]
    interventions_asked_problems: Tuple[str, ...]
    domain_words: Pattern[str]
    other_domain_words: Pattern[str]  # words of another field: no closest passages
    follow_up: FollowUpCues
    all_sources: Pattern[str]
    this_source: Pattern[str]
    source_words: Pattern[str]  # "waar staat dat?" (without: "welke fases heeft dat?")
    source_content: Pattern[str]  # "welke insteek kiest die richtlijn?": its content
    guideline_cues: Tuple[Tuple[Tuple[str, ...], str], ...]  # (analysed words, guideline)
    # words a question names its guideline with besides the cues ("richtlijn"), and words of
    # the cues that are also what the guideline's passages are about ("samen beslissen")
    guideline_words: Tuple[str, ...]
    guideline_cue_topics: Tuple[str, ...]
    problem_passages: Dict[str, Tuple[str, ...]]
    intervention_topics: Dict[str, str]
    overview_topics: Tuple[str, ...]


def _pattern(data: Dict[str, Any], key: str, where: str) -> Pattern[str]:
    try:
        return re.compile(str(data[key]), re.IGNORECASE)
    except KeyError:
        raise RulesError(f"{where}: '{key}' is missing") from None
    except re.error as error:
        raise RulesError(f"{where}: '{key}' is not a valid pattern ({error})") from None


def _either(first: Pattern[str], second: Pattern[str]) -> Pattern[str]:
    """A pattern that matches where either does (the effect words include the words of use)."""
    return re.compile(f"(?:{first.pattern})|(?:{second.pattern})", re.IGNORECASE)


def _keys(value: Any, where: str) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{where}: expected a list of keys")
    return tuple(value)


def _follow_up(data: Dict[str, Any], where: str) -> FollowUpCues:
    ordinals = data.get("ordinals") or {}
    if not isinstance(ordinals, dict):
        raise RulesError(f"{where}: 'ordinals' must map words to numbers")
    return FollowUpCues(starts=_pattern(data, "starts", where),
                        ordinal=_pattern(data, "ordinal", where),
                        ordinals={str(k).lower(): int(v) for k, v in ordinals.items()},
                        refers=_pattern(data, "refers", where),
                        next=_pattern(data, "next", where),
                        leans=_pattern(data, "leans", where),
                        eldest=_pattern(data, "eldest", where),
                        youngest=_pattern(data, "youngest", where),
                        which_of=_pattern(data, "which_of", where),
                        which_of_counts={str(k).lower(): int(v) for k, v in
                                         (data.get("which_of_counts") or {}).items()},
                        asks_what=_pattern(data, "asks_what", where),
                        what_if=_pattern(data, "what_if", where),
                        more_words=_pattern(data, "more_words", where),
                        stands_for=_pattern(data, "stands_for", where),
                        plural=_pattern(data, "plural", where),
                        which_ones=_pattern(data, "which_ones", where),
                        that_one=_pattern(data, "that_one", where),
                        sets_against=_pattern(data, "sets_against", where),
                        question_word=_pattern(data, "question_word", where),
                        judges=_pattern(data, "judges", where))


def load(path: Optional[Path] = None) -> AnswerRules:
    path = path or RULES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    name = path.name
    structures = {
        kind: Structure(collection=str(spec["collection"]),
                        intro=_keys(spec.get("intro") or [], f"{name}: structures.{kind}"),
                        budget=int(spec.get("budget") or 1200))
        for kind, spec in (data.get("structures") or {}).items()}
    cues = tuple(
        StructureCue(guideline=str(cue["guideline"]),
                     asks=_pattern(cue, "asks", f"{name}: structure_cues {n}"),
                     unless=_pattern(cue, "unless", f"{name}: structure_cues {n}"),
                     collection=str(cue["collection"]),
                     when=_pattern(cue, "when", f"{name}: structure_cues {n}")
                     if "when" in cue else None)
        for n, cue in enumerate(data.get("structure_cues") or [], 1))
    asked = data.get("interventions_asked") or {}
    useful = _pattern(data, "usefulness_words", name)
    return AnswerRules(
        escalation_passages=_keys((data.get("escalation") or {}).get("passages"),
                                  f"{name}: escalation.passages"),
        structures=structures,
        structure_cues=cues,
        list_words=_pattern(data, "list_words", name),
        effect_words=_either(_pattern(data, "effect_words", name), useful),
        usefulness_words=useful,
        how_it_works=_pattern(data, "how_it_works", name),
        for_whom=_pattern(data, "for_whom", name),
        interventions_asked=_pattern(asked, "words", f"{name}: interventions_asked"),
        interventions_asked_problems=tuple(str(p) for p in asked.get("problems") or ()),
        domain_words=_pattern(data, "domain_words", name),
        other_domain_words=_pattern(data, "other_domain_words", name),
        follow_up=_follow_up(data.get("follow_up") or {}, f"{name}: follow_up"),
        all_sources=_pattern(data, "all_sources", name),
        this_source=_pattern(data, "this_source", name),
        source_words=_pattern(data, "source_words", name),
        source_content=_pattern(data, "source_content", name),
        guideline_cues=tuple((tuple(c["words"]), str(c["guideline"]))
                             for c in data.get("guideline_cues") or []),
        guideline_words=tuple(str(w) for w in data.get("guideline_words") or []),
        guideline_cue_topics=tuple(str(w) for w in data.get("guideline_cue_topics") or []),
        problem_passages={p: _keys(keys, f"{name}: problem_passages.{p}")
                          for p, keys in (data.get("problem_passages") or {}).items()},
        intervention_topics={str(k): str(v)
                             for k, v in (data.get("intervention_topics") or {}).items()},
        overview_topics=_keys(data.get("overview_topics") or [], f"{name}: overview_topics"),
    )


@functools.lru_cache(maxsize=1)
def rules() -> AnswerRules:
    return load()


def references(answer_rules: AnswerRules) -> List[Reference]:
    """Everything answers.yml points at, each with its place in the file."""
    name = RULES_FILE.name
    refs = [Reference(f"{name}: escalation", "passage", k)
            for k in answer_rules.escalation_passages]
    for kind, s in answer_rules.structures.items():
        refs.append(Reference(f"{name}: structures.{kind}", "collection", s.collection))
        refs += [Reference(f"{name}: structures.{kind}", "passage", k) for k in s.intro]
    for n, cue in enumerate(answer_rules.structure_cues, 1):
        refs.append(Reference(f"{name}: structure_cues {n}", "guideline", cue.guideline))
        refs.append(Reference(f"{name}: structure_cues {n}", "collection", cue.collection))
    refs += [Reference(f"{name}: guideline_cues {' '.join(words)}", "guideline", g)
             for words, g in answer_rules.guideline_cues]
    for problem, keys in answer_rules.problem_passages.items():
        refs.append(Reference(f"{name}: problem_passages", "problem", problem))
        refs += [Reference(f"{name}: problem_passages.{problem}", "passage", k) for k in keys]
    refs += [Reference(f"{name}: interventions_asked.problems", "problem", p)
             for p in answer_rules.interventions_asked_problems]
    for intervention, topic in answer_rules.intervention_topics.items():
        refs.append(Reference(f"{name}: intervention_topics", "intervention", intervention))
        refs.append(Reference(f"{name}: intervention_topics.{intervention}", "topic", topic))
    refs += [Reference(f"{name}: overview_topics", "topic", t)
             for t in answer_rules.overview_topics]
    return refs
