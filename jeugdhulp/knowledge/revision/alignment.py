"""Aligning the passages of a guideline with a new copy of its source.

A passage is *unchanged* when its text occurs verbatim (up to whitespace) in the new copy,
wherever it now stands (a moved sentence is unchanged; it is also listed as moved). Else
it is *changed* when a run of consecutive sentences of the new copy has nearly the same
words (``difflib.SequenceMatcher`` on the lower-cased words, at least ``THRESHOLD``), and
*gone* otherwise. The new copy is cut into sentences the way ``knowledge check`` cuts a
source for its coverage check (``jeugdhulp.knowledge.coverage``), with their places in the
whitespace-normalised text, so that a changed passage's new wording is always a verbatim
piece of the new copy. *New* are the sentences that no passage covers, that are not
headings or known non-content lines, and that the current source does not have either.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Dict, List, Optional, Sequence, Set, Tuple

from jeugdhulp.knowledge import content, coverage
from jeugdhulp.knowledge.check import VERBATIM_FIELDS

# One copy of the rules that cut a source into sentences: those of the coverage check.
from jeugdhulp.knowledge.coverage import _BULLET, _GLUED, _SENTENCE_END  # noqa: PLC2701

THRESHOLD = 0.6  # share of words in the same order: below it, a passage is gone
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Segment:
    """A sentence (or table cell) of a text: its place in the normalised text."""

    start: int
    end: int
    line: int
    words: Tuple[str, ...]


def words_of(text: str) -> Tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


def segments(raw: str) -> Tuple[str, List[Segment]]:
    """The whitespace-normalised text and its sentences, cut like ``coverage.units``."""
    lines = [line for line in (content.normalize_space(x) for x in raw.splitlines()) if line]
    found: List[Segment] = []
    base = 0
    for number, line in enumerate(lines):
        bullet = _BULLET.match(line)
        start = bullet.end() if bullet else 0
        pieces, position = [], start
        for match in _SENTENCE_END.finditer(line, start):
            pieces.append((position, match.start()))
            position = match.end()
        pieces.append((position, len(line)))
        for a, b in pieces:
            cuts = [a, *(m.start() for m in _GLUED.finditer(line, a, b) if m.start() > a), b]
            for x, y in zip(cuts, cuts[1:]):
                while x < y and line[x].isspace():
                    x += 1
                while y > x and line[y - 1].isspace():
                    y -= 1
                if any(c.isalnum() for c in line[x:y]):
                    found.append(Segment(base + x, base + y, number, words_of(line[x:y])))
        base += len(line) + 1
    return " ".join(lines), found


@dataclass
class Changed:
    """A passage whose wording changed: its new wording is verbatim in the new copy."""

    passage: content.PassageSpec
    new_text: str
    score: float


@dataclass
class FieldChange:
    """A quoted field of an intervention (its table row) that the new copy no longer has."""

    intervention: content.InterventionSpec
    field: str
    old: str
    new: Optional[str]  # the nearest wording in the new copy, if any


@dataclass
class Comparison:
    spec: content.GuidelineSpec
    copy_text: str  # the new copy as text (a saved page already converted)
    unchanged: List[content.PassageSpec] = field(default_factory=list)
    moved: List[content.PassageSpec] = field(default_factory=list)  # unchanged, elsewhere
    changed: List[Changed] = field(default_factory=list)
    gone: List[content.PassageSpec] = field(default_factory=list)
    new_paragraphs: List[str] = field(default_factory=list)
    fields: List[FieldChange] = field(default_factory=list)

    def key(self, passage: content.PassageSpec) -> str:
        return f"{self.spec.id}/{passage.ref}"

    @property
    def found_share(self) -> float:
        total = len(self.spec.passages())
        return (len(self.unchanged) + len(self.changed)) / total if total else 1.0


class _Finder:
    """Finds the run of consecutive sentences of the new copy most like a text."""

    def __init__(self, segs: Sequence[Segment]) -> None:
        self.segs = segs
        self.taken: Set[int] = set()

    def best(self, text: str) -> Tuple[float, Optional[Tuple[int, int]]]:
        words = words_of(text)
        if not words:
            return 0.0, None
        wanted = set(words)
        size = max(1, len(segments(text)[1]))
        best: Tuple[float, Optional[Tuple[int, int]]] = (0.0, None)
        for width in sorted({max(1, size - 1), size, size + 1}):
            for i in range(len(self.segs) - width + 1):
                if any(j in self.taken for j in range(i, i + width)):
                    continue
                window = [w for s in self.segs[i:i + width] for w in s.words]
                have = set(window)
                if len(wanted & have) < 0.4 * max(len(wanted), len(have)):
                    continue
                matcher = SequenceMatcher(None, words, window, autojunk=False)
                if matcher.quick_ratio() <= best[0]:
                    continue
                score = matcher.ratio()
                if score > best[0]:
                    best = (score, (i, i + width))
        return best


def _place(text: str, normalized: str) -> Optional[Tuple[int, int]]:
    at = normalized.find(content.normalize_space(text))
    return None if at < 0 else (at, at + len(content.normalize_space(text)))


def _inside(segs: Sequence[Segment], span: Tuple[int, int]) -> List[int]:
    return [i for i, s in enumerate(segs) if span[0] <= s.start and s.end <= span[1]]


def _moved(places: Dict[str, Tuple[int, int]], old: Dict[str, int]) -> Set[str]:
    """The keys out of order: all but a longest run that keeps its order (by old place)."""
    keys = sorted((k for k in places if k in old), key=lambda k: old[k])
    tails: List[int] = []  # patience sorting: a longest non-decreasing run of new places
    tail_keys: List[List[str]] = []
    for k in keys:
        at = bisect.bisect_right(tails, places[k][0])
        chain = (tail_keys[at - 1] if at else []) + [k]
        if at == len(tails):
            tails.append(places[k][0])
            tail_keys.append(chain)
        else:
            tails[at], tail_keys[at] = places[k][0], chain
    kept = set(tail_keys[-1]) if tail_keys else set()
    return set(keys) - kept


def compare(spec: content.GuidelineSpec, copy_text: str) -> Comparison:
    """How the passages (and quoted intervention fields) of ``spec`` fare in the copy."""
    normalized, segs = segments(copy_text)
    current = content.normalize_space(spec.source_path.read_text(encoding="utf-8"))
    result = Comparison(spec, copy_text)
    finder = _Finder(segs)
    places: Dict[str, Tuple[int, int]] = {}
    pending = []
    for p in spec.passages():
        place = _place(p.text, normalized)
        if place is None:
            pending.append(p)
            continue
        places[p.ref] = place
        result.unchanged.append(p)
        finder.taken.update(_inside(segs, place))
    old = {p.ref: current.find(content.normalize_space(p.text)) for p in result.unchanged}
    moved = _moved(places, {k: v for k, v in old.items() if v >= 0})
    result.moved = [p for p in result.unchanged if p.ref in moved]
    for score, p in sorted(((finder.best(p.text)[0], p) for p in pending),
                           key=lambda pair: -pair[0]):
        score, window = finder.best(p.text) if score >= THRESHOLD else (score, None)
        if window is None or score < THRESHOLD:
            result.gone.append(p)
            continue
        finder.taken.update(range(*window))
        text = normalized[segs[window[0]].start:segs[window[1] - 1].end]
        result.changed.append(Changed(p, text, score))
    order = {p.ref: n for n, p in enumerate(spec.passages())}
    result.changed.sort(key=lambda c: order[c.passage.ref])
    result.gone.sort(key=lambda p: order[p.ref])
    result.fields = _field_changes(spec, normalized, segs)
    result.new_paragraphs = _new_paragraphs(result, normalized, segs, current)
    return result


def _field_changes(spec: content.GuidelineSpec, normalized: str,
                   segs: Sequence[Segment]) -> List[FieldChange]:
    changes = []
    for i in spec.interventions:
        for name in VERBATIM_FIELDS:
            value = getattr(i, name)
            if not value or content.normalize_space(value) in normalized:
                continue
            score, window = _Finder(segs).best(value)
            new = normalized[segs[window[0]].start:segs[window[1] - 1].end] \
                if window and score >= THRESHOLD else None
            changes.append(FieldChange(i, name, value, new))
    return changes


def _new_paragraphs(result: Comparison, normalized: str, segs: Sequence[Segment],
                    current: str) -> List[str]:
    """Sentences that nothing covers and the current source does not have, joined per
    line of the copy (a paragraph)."""
    spec = result.spec
    covered = [p.text for p in result.unchanged] + [c.new_text for c in result.changed]
    headings = [spec.title, spec.short_title,
                *(h for s in spec.sections for h in [s.heading, *s.path])]
    missing = {m.unit for m in coverage.missing_units(
        spec.source, result.copy_text, covered, headings, spec.not_content)}
    fresh = [s for s in segs
             if normalized[s.start:s.end] in missing and normalized[s.start:s.end] not in current]
    paragraphs: List[Tuple[int, int, int]] = []  # line, start, end
    for s in fresh:
        if paragraphs and paragraphs[-1][0] == s.line:
            paragraphs[-1] = (s.line, paragraphs[-1][1], s.end)
        else:
            paragraphs.append((s.line, s.start, s.end))
    return [normalized[a:b] for _, a, b in paragraphs]


def verbatim_share(spec: content.GuidelineSpec, normalized: str) -> float:
    passages = spec.passages()
    found = sum(content.normalize_space(p.text) in normalized for p in passages)
    return found / len(passages) if passages else 0.0


def other_guideline(spec: content.GuidelineSpec, others: Sequence[content.GuidelineSpec],
                    copy_text: str) -> Optional[content.GuidelineSpec]:
    """The other guideline this copy is of, when it hardly matches ``spec`` but does match
    the other one."""
    normalized = content.normalize_space(copy_text)
    if verbatim_share(spec, normalized) >= 0.3:
        return None
    shares = [(verbatim_share(o, normalized), o) for o in others if o.id != spec.id]
    share, best = max(shares, key=lambda pair: pair[0], default=(0.0, None))
    return best if share >= 0.5 else None


def looks_truncated(comparison: Comparison) -> bool:
    """Less than half of the passages found and much shorter than the current source."""
    current = content.normalize_space(
        comparison.spec.source_path.read_text(encoding="utf-8"))
    copy = content.normalize_space(comparison.copy_text)
    return comparison.found_share < 0.5 and len(copy) < 0.6 * len(current)
