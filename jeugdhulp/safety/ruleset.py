"""The acute-danger rules as the engine sees them: checked, compiled, read-only.

``loader.load_rules`` builds a ``RuleSet`` from ``rules.yml`` once, at import; the engine
only reads it. The types say what each part of the data file becomes (the file's comments
say how to write it; ``README.md`` says what the rules mean).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Mapping, Optional, Pattern, Tuple

#: Tense names a danger match can have (see ``tense`` in rules.yml).
TENSES: Tuple[str, ...] = ("inf", "pres", "past", "part", "phrase")


class RulesError(ValueError):
    """The rules file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """``danger`` within ``window`` words of ``context`` (same sentence) -> acute.

    context None: the danger is acute by itself. context "*cue": the cue may be anywhere in
    the message. ``tenses``: only danger matches of these tenses count.
    """

    label: str
    danger: str
    context: Optional[str] = None
    window: int = 12
    tenses: Tuple[str, ...] = TENSES


@dataclass(frozen=True)
class Suppressor:
    """A frame that switches a matched rule off (``where``: see ``suppressors`` in rules.yml)."""

    label: str
    where: str
    cue: Optional[str] = None
    scope: str = "sentence"
    reach: int = 40
    window: int = 12
    words: FrozenSet[str] = frozenset()
    adjectives: FrozenSet[str] = frozenset()
    unless: Tuple[str, ...] = ()  # cue names (the groups expanded, in order)
    unless_window: int = 12


@dataclass(frozen=True)
class Tense:
    """How a violence or abuse match gets its tense (``tense`` in rules.yml)."""

    cues: FrozenSet[str]
    idioms: str
    lexicon: Mapping[str, str]  # word -> tense; a real form wins over a d/t typo
    past_words: FrozenSet[str]
    passive: FrozenSet[str]
    passive_reach: int
    progressive: Tuple[str, ...]
    plural_subjects: FrozenSet[str]
    subject_reach: int
    noun_makers: FrozenSet[str]


@dataclass(frozen=True)
class BareReport:
    """A short statement of present violence (``bare_report`` in rules.yml)."""

    label: str
    danger: str
    tenses: Tuple[str, ...]
    max_words: int
    ignore: FrozenSet[str]
    question_words: FrozenSet[str]
    report_words: Pattern[str]


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine applies, compiled once."""

    cues: Mapping[str, str]  # name -> regular expression (source)
    patterns: Mapping[str, Pattern[str]]  # name -> compiled
    needs_context: Tuple[str, ...]
    acute_alone: Tuple[str, ...]
    rules: Tuple[Rule, ...]
    suppressors: Tuple[Suppressor, ...]
    typos: Mapping[str, str]
    tense: Tense
    tight_cues: Mapping[str, int]  # cue -> reach: also only in the same clause as the danger
    tight_barriers: Mapping[str, FrozenSet[str]]  # cue -> words it does not pair across
    tight_dated: Mapping[str, str]  # cue -> the cue that dates a completed act before it
    exclamation_cue: str
    general_nouns: Mapping[Tuple[str, str], Tuple[str, ...]]  # (cue, word) -> contexts
    habitual: Pattern[str]
    bare_report: BareReport
    urgent: Tuple[str, ...] = ()  # cues that say it is happening now or is urgent
    figures: Tuple[str, ...] = ()  # cues of a sentence that asks for figures or the law
    soon: Tuple[str, ...] = ()  # urgent cues that count only with a danger or someone
    someone: Tuple[str, ...] = ()  # cues of someone who could be in danger
    urgent_only_with_danger: Tuple[str, ...] = ()  # matched words that need a danger word
