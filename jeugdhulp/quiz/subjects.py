"""The subjects a round can be about, and the subject a user means by their words.

The subjects, their labels and the words that name them are content (``quiz.yml``).
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Tuple

from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.messages import message
from jeugdhulp.quiz.bank import Subject, load
from jeugdhulp.text import fold

_NOT_A_WORD = re.compile(r"[^a-z0-9'-]+")


def all_subjects() -> Dict[str, Subject]:
    """Every subject by slug, in the order of the content file (the order of the buttons)."""
    return load().subjects


def subject_label(slug: Optional[str]) -> str:
    """The subject as the user reads it; a round without a subject is about everything."""
    found = all_subjects()
    return found[slug].label if slug in found else message("quiz.all_subjects")


def resolve_subject(text: Optional[str]) -> Optional[str]:
    """The subject a user means ("oefen interventies", "quiz samen beslissen"), or None.
    The longest matching synonym wins ("samen beslissen" over "beslissen")."""
    if not text or not text.strip():
        return None
    folded = fold(text).strip()
    if folded in all_subjects():
        return folded
    words = " " + " ".join(analyze(text)) + " "
    plain = " " + _NOT_A_WORD.sub(" ", folded) + " "
    best: Optional[Tuple[int, str]] = None
    for subject in all_subjects().values():
        for synonym in (subject.label, *subject.synonyms):
            syn_plain = _NOT_A_WORD.sub(" ", fold(synonym)).strip()
            syn_lemmas = " ".join(analyze(synonym))
            hit = (syn_plain and f" {syn_plain} " in plain) or \
                (syn_lemmas and f" {syn_lemmas} " in words)
            if hit and (best is None or len(syn_plain) > best[0]):
                best = (len(syn_plain), subject.slug)
    return best[1] if best else None
