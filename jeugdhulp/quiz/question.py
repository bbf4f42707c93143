"""One practice question, and the rule every multiple-choice question follows.

A question is rebuilt from its id alone, deterministically, so a conversation only needs to
remember ids: ``"iv-age:mst-can#17"`` is the family ``iv-age``, the key ``mst-can`` and the
variant 17, which seeds the choice and order of the options.

* the prompt and the options are our own words and are never presented as a quote; the
  feedback quotes the guideline passages named in ``source_keys`` with their citation;
* a multiple-choice question has exactly one correct option (``build_choice``): the
  distractors differ from it and from each other, and the families only offer distractors
  that are really wrong;
* a free-text question lists the accepted answers (``jeugdhulp.quiz.matching`` is lenient).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Tuple

from jeugdhulp.quiz.subjects import subject_label
from jeugdhulp.text import name_key

MAX_OPTIONS = 4
MIN_OPTIONS = 3


@dataclass(frozen=True)
class QuizQuestion:
    id: str  # "<family>:<key>#<variant>"
    subject: str  # slug of a subject (quiz.yml)
    prompt: str  # ours, never a quote
    options: Tuple[str, ...] = ()  # multiple choice: short option texts (ours)
    correct: int = -1  # index of the correct option
    expected: Tuple[str, ...] = ()  # free text: canonical answer first, then accepted variants
    source_keys: Tuple[str, ...] = ()  # passages quoted in the feedback
    source_headings: Tuple[str, ...] = ()  # ours, shown before each quote ("" for none)
    topic: str = ""  # what to revisit when answered wrong (ours, short)
    revisit: str = ""  # a question the assistant answers about it (≤ 64 bytes)
    answer_subject: str = ""  # "subject" slot after the feedback, for follow-ups
    option_aliases: Tuple[Tuple[str, ...], ...] = ()  # other names per option (typed answers)
    intervention_id: Optional[str] = None  # free text: any name of it counts ...
    forbidden: Tuple[str, ...] = ()  # ... except these (the names the prompt gives away)

    @property
    def base_id(self) -> str:
        return self.id.split("#", 1)[0]

    @property
    def family(self) -> str:
        return self.id.split(":", 1)[0]

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def answer_text(self) -> str:
        return self.options[self.correct] if self.is_choice else self.expected[0]

    @property
    def subject_label(self) -> str:
        return subject_label(self.subject)


def split_id(question_id: str) -> Tuple[str, str, int]:
    base, _, variant = question_id.partition("#")
    family, _, key = base.partition(":")
    return family, key, int(variant) if variant.isdigit() else 0


@dataclass(frozen=True)
class About:
    """What a question is about besides its prompt and options: the same for every variant."""
    sources: Sequence[str]
    topic: str
    revisit: str
    answer_subject: str = ""
    headings: Sequence[str] = ()


def build_choice(question_id: str, subject: str, prompt: str, correct: str,
                 distractors: Sequence[str], about: About,
                 aliases: Optional[Dict[str, Sequence[str]]] = None) -> Optional[QuizQuestion]:
    """A multiple-choice question: up to three distractors that differ from the correct
    option and from each other (after folding), in an order fixed by the id; None when
    fewer than two distractors are left."""
    rng = random.Random(question_id)
    seen = {name_key(correct)}
    pool = []
    for d in distractors:
        if name_key(d) not in seen:
            seen.add(name_key(d))
            pool.append(d)
    rng.shuffle(pool)
    options = [correct, *pool[:MAX_OPTIONS - 1]]
    if len(options) < MIN_OPTIONS:
        return None
    rng.shuffle(options)
    aliases = aliases or {}
    return QuizQuestion(
        id=question_id, subject=subject, prompt=prompt, options=tuple(options),
        correct=options.index(correct), source_keys=tuple(about.sources),
        source_headings=tuple(about.headings), topic=about.topic, revisit=about.revisit,
        answer_subject=about.answer_subject,
        option_aliases=tuple(tuple(aliases.get(o, ())) for o in options))
