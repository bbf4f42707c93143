"""Acute-danger detector: does this message describe a child in acute danger *now*?

Product rule: acute danger to a child is answered with the escalation card first, whatever
the NLU predicts. ``assess(text)`` runs on every user message, so it is deterministic and
explainable, uses no model and no network, never raises, and typically takes 0.1-0.3 ms.

    >>> a = assess("vader slaat zijn zoon waar ik bij sta")
    >>> a.acute, a.reasons
    (True, ["geweld nu: 'slaat ... waar ik bij sta'"])

``reasons`` holds the rule label and the matched cue words (folded), nothing else of the
message; ``suppressed`` says which rules matched but were switched off, and by what.

The rules themselves -- cue patterns, word lists, verb inflections, typos, which danger needs
which context, what suppresses -- are data in ``rules.yml``, explained in ``README.md`` next
to it; ``loader.py`` checks and compiles them once, at import, into a ``RuleSet``
(``ruleset.py``). This module is only the mechanism that applies them:

1. ``normalize.read`` turns the message into tokens with sentence and clause numbers.
2. A cue's matches are found once per message (lazily, cached) and mapped to token spans;
   violence and abuse matches get a tense (present, infinitive, participle, past, phrase)
   and are dropped inside an idiom ("slaat alarm") or when used as a noun ("het slaan").
3. Each rule pairs a danger match with a context match in the same sentence, within the
   rule's window (or, for a '*' context, anywhere in the message unless the sentence is
   habitual); the first pairing per rule label counts.
4. Before a pairing counts, the suppressors are tried in order (training frame, hypothetical,
   generic subject, past, knowledge question ...); the first that applies switches it off
   and is reported in ``suppressed``.
5. When no rule fires, a short bare statement of present violence still does.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

from jeugdhulp.safety.loader import load_rules
from jeugdhulp.safety.normalize import MAX_CHARS, read
from jeugdhulp.safety.ruleset import Rule, RuleSet, Suppressor

logger = logging.getLogger(__name__)

__all__ = ["MAX_CHARS", "RULESET", "Assessment", "assess"]

#: The rules of ``rules.yml``, checked and compiled once: a broken file fails the import.
RULESET: RuleSet = load_rules()

_LONGEST_CUE = 16  # words; longer matches are not looked for behind a window's start
_SNIPPET = 40  # characters of a matched cue shown in a reason


@dataclass(frozen=True)
class Assessment:
    """``acute``: show the escalation card first. ``reasons``: why, short, for logs and
    tests (rule label and the matched cue words). ``suppressed``: rules that matched but
    were switched off by a frame (hypothetical, generic, past, knowledge question)."""

    acute: bool
    reasons: List[str] = field(default_factory=list)
    suppressed: List[str] = field(default_factory=list)
    error: Optional[str] = None
    urgent: bool = False  # says it happens now or is urgent (cue group ``urgent``)

    def __bool__(self) -> bool:
        return self.acute


@dataclass
class _Match:
    cue: str
    start: int  # token index
    end: int  # token index, exclusive
    text: str
    tense: str = "phrase"


class _Doc:
    """One message being assessed: its reading plus per-message caches of cue matches."""

    def __init__(self, text: str) -> None:
        reading = read(text, RULESET.typos)
        self.exclaim = reading.exclaim
        self.question = reading.question
        self.tokens = reading.tokens
        self.text = reading.text
        self.starts = reading.starts
        self.sentence = reading.sentence
        self.clause = reading.clause
        self.matches: Dict[str, List[_Match]] = {}
        self.match_starts: Dict[str, List[int]] = {}
        self.dangers: Dict[str, List[_Match]] = {}
        self.why: Dict[Tuple[str, int], Optional[str]] = {}
        self.habitual: Dict[int, bool] = {}

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def find(self, cue: str) -> List[_Match]:
        """All matches of ``cue`` in the message, as token spans (cached)."""
        found = self.matches.get(cue)
        if found is None:
            found = []
            for m in RULESET.patterns[cue].finditer(self.text):
                if m.end() == m.start():
                    continue
                start = self.token_at(m.start())
                end = self.token_at(m.end() - 1) + 1
                found.append(_Match(cue, start, end, m.group(0).strip(" ,|")))
            self.matches[cue] = found
            self.match_starts[cue] = [m.start for m in found]
        return found

    def within(self, cue: str, lo: int, hi: int) -> List[_Match]:
        """Matches of ``cue`` that start at token lo..hi (inclusive)."""
        found = self.find(cue)
        starts = self.match_starts[cue]
        return found[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)]


# --------------------------------------------------------------------------------------
# Danger matches and their tense
# --------------------------------------------------------------------------------------

def _tense(match: _Match) -> str:
    words = match.text.split()
    if len(words) == 1:
        return RULESET.tense.lexicon.get(words[0]) or "phrase"
    if any(w in RULESET.tense.past_words for w in words):
        return "past"
    return "phrase"


def _present_by_context(doc: _Doc, match: _Match) -> bool:
    """'wordt geslagen', 'worden mishandeld', 'is aan het slaan', 'ze slaan elkaar' -> present."""
    t = RULESET.tense
    before = doc.tokens[max(0, match.start - t.passive_reach):match.start]
    if any(w in t.passive for w in before):
        return True
    n = len(t.progressive)
    if n and match.start >= n and tuple(doc.tokens[match.start - n:match.start]) == t.progressive:
        return True
    subjects = doc.tokens[max(0, match.start - t.subject_reach):match.start]
    return match.tense == "inf" and any(w in t.plural_subjects for w in subjects)


def _in_idiom(doc: _Doc, match: _Match) -> bool:
    return any(i.start <= match.start < i.end
               for i in doc.within(RULESET.tense.idioms, match.start - _LONGEST_CUE, match.start))


def _dangers(doc: _Doc, cue: str) -> List[_Match]:
    """The matches of ``cue`` that can be a danger; violence and abuse get their tense."""
    cached = doc.dangers.get(cue)
    if cached is not None:
        return cached
    out = []
    tensed = cue in RULESET.tense.cues
    for m in doc.find(cue):
        if tensed and _in_idiom(doc, m):
            continue
        if tensed:
            m.tense = _tense(m)
            if m.tense in ("part", "inf") and _present_by_context(doc, m):
                m.tense = "pres"
            elif m.tense == "inf" and m.text.endswith("ing"):
                m.tense = "pres"  # English "is hitting"
            elif m.tense == "inf" and m.start and doc.tokens[m.start - 1] in RULESET.tense.noun_makers:
                continue  # "het slaan", "is slaan verboden", "over slaan": the act in general
        out.append(m)
    doc.dangers[cue] = out
    return out


def _habitual(doc: _Doc, danger: _Match) -> bool:
    """Does the sentence of ``danger`` say it happens regularly ("vaak", "al jaren")?"""
    sentence = doc.sentence[danger.start]
    if sentence not in doc.habitual:
        lo = bisect.bisect_left(doc.sentence, sentence)
        hi = bisect.bisect_right(doc.sentence, sentence)
        doc.habitual[sentence] = bool(RULESET.habitual.search(" ".join(doc.tokens[lo:hi])))
    return doc.habitual[sentence]


# --------------------------------------------------------------------------------------
# Where a cue is relative to a danger
# --------------------------------------------------------------------------------------

def _distance(a: _Match, b: _Match) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _together(doc: _Doc, cue: _Match, danger: _Match, window: int) -> bool:
    """Same sentence and at most ``window`` words apart; a tight cue also in the same clause,
    and when it comes after the danger, with none of its barrier words between ("geslagen
    en woont nu bij zijn tante"), and not after a completed act its clause dates in the past
    (``tight_dated``)."""
    if doc.sentence[cue.start] != doc.sentence[danger.start] or _distance(cue, danger) > window:
        return False
    if cue.cue not in RULESET.tight_cues:
        return True
    if doc.clause[cue.start] != doc.clause[danger.start]:
        return False
    dated = RULESET.tight_dated.get(cue.cue)
    if dated and cue.start >= danger.end and danger.tense in ("part", "past") \
            and _before(doc, dated, danger.start, "clause", window):
        return False  # "waar vader vorig jaar ... heeft mishandeld lopen nu ..."
    barrier = RULESET.tight_barriers.get(cue.cue)
    if not barrier or cue.start < danger.end:
        return True
    return not barrier.intersection(doc.tokens[danger.end:cue.start])


def _before(doc: _Doc, cue: str, anchor: int, scope: str, reach: int) -> Optional[_Match]:
    """A ``cue`` match in the same sentence/clause as token ``anchor``, starting before it."""
    ids = doc.sentence if scope == "sentence" else doc.clause
    for m in doc.within(cue, anchor - reach, anchor):
        if ids[m.start] == ids[anchor]:
            return m
    return None


def _near(doc: _Doc, cues: Sequence[str], danger: _Match, window: int = 12) -> Optional[_Match]:
    """A ``cues`` match in the same sentence as ``danger``, within ``window`` words of it
    (a tight cue such as ``nu`` only within its own reach: as a conjunction it means 'now that')."""
    for cue in cues:
        reach = RULESET.tight_cues.get(cue, window)
        for m in doc.within(cue, danger.start - reach - _LONGEST_CUE, danger.end + reach):
            if _together(doc, m, danger, reach):
                return m
    return None


# --------------------------------------------------------------------------------------
# Suppressors
# --------------------------------------------------------------------------------------

def _frame(doc: _Doc, s: Suppressor, danger: _Match) -> Optional[str]:
    """The words of frame ``s`` around ``danger`` (None: the frame is not there)."""
    if s.where == "preceded":
        prev = doc.tokens[max(0, danger.start - 2):danger.start]
        if prev[-1:] and prev[-1] in s.words:
            return prev[-1]
        if len(prev) == 2 and prev[0] in s.words and prev[1] in s.adjectives:
            return prev[0]
        return None
    assert s.cue is not None  # checked by the rules loader
    if s.where == "message":
        found = doc.find(s.cue)
        m = found[0] if found else None
    elif s.where == "before":
        m = _before(doc, s.cue, danger.start, s.scope, s.reach)
    else:
        m = _near(doc, (s.cue,), danger, window=s.window)
    return m.text if m else None


def _suppressed_by(doc: _Doc, danger: _Match) -> Optional[str]:
    """Why this danger is not a present, concrete situation (None: it is)."""
    for s in RULESET.suppressors:
        words = _frame(doc, s, danger)
        if words is not None and not (s.unless and _near(doc, s.unless, danger, window=s.unless_window)):
            return f"{s.label} '{words}'"
    return None


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------

def _snippet(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[:_SNIPPET - 3] + "..."


def _reason(label: str, first: _Match, second: Optional[_Match]) -> str:
    if second is None or second is first:
        return f"{label}: '{_snippet(first.text)}'"
    a, b = (first, second) if first.start <= second.start else (second, first)
    if a.end > b.start:  # overlapping
        return f"{label}: '{_snippet(a.text)}'"
    return f"{label}: '{_snippet(a.text)} ... {_snippet(b.text)}'"


def _anywhere(doc: _Doc, cue: str) -> List[_Match]:
    """Matches of ``cue`` anywhere in the message; "!!" stands in for the exclamation cue."""
    found = doc.find(cue)
    if not found and doc.exclaim and cue == RULESET.exclamation_cue:
        return [_Match(cue, len(doc.tokens) - 1, len(doc.tokens), "!!")]
    return found


def _partner(doc: _Doc, rule: Rule, danger: _Match) -> Optional[_Match]:
    """The context match that makes ``danger`` current under ``rule`` (the danger itself for
    a danger that is acute alone; None: no context)."""
    if rule.context is None:
        return danger
    if rule.context.startswith("*"):
        found = _anywhere(doc, rule.context[1:])
        return found[0] if found and not _habitual(doc, danger) else None
    for c in doc.within(rule.context, danger.start - rule.window - _LONGEST_CUE, danger.end + rule.window):
        if _together(doc, c, danger, rule.window):
            return c
    return None


def _apply(doc: _Doc, rule: Rule, suppressed: Set[str]) -> Optional[str]:
    """The reason ``rule`` fires (its first unsuppressed danger/context pairing), or None."""
    for d in _dangers(doc, rule.danger):
        if d.tense not in rule.tenses:
            continue
        contexts = RULESET.general_nouns.get((d.cue, d.text))
        if contexts is not None and rule.context not in contexts:
            continue  # the noun alone is too general
        partner = _partner(doc, rule, d)
        if partner is None or (contexts is not None
                               and doc.clause[partner.start] != doc.clause[d.start]):
            continue
        key = (d.cue, d.start)
        if key not in doc.why:
            doc.why[key] = _suppressed_by(doc, d)
        why = doc.why[key]
        if why:
            suppressed.add(f"{rule.label}: {why}")
            continue
        if rule.context is not None and rule.context.startswith("*"):
            return f"{rule.label}: '{_snippet(d.text)}' + '{_snippet(partner.text)}'"
        return _reason(rule.label, d, partner)
    return None


def _bare_report(doc: _Doc) -> Tuple[List[str], List[str]]:
    """'hij gooit zijn dochter tegen de muur': present-tense violence, stated, not asked."""
    b = RULESET.bare_report
    reasons: List[str] = []
    suppressed: List[str] = []
    if doc.question or len(doc.tokens) > b.max_words:
        return reasons, suppressed
    for m in _dangers(doc, b.danger):
        if m.tense not in b.tenses or m.text in b.ignore:
            continue
        sentence = [t for i, t in enumerate(doc.tokens) if doc.sentence[i] == doc.sentence[m.start]]
        words = " ".join(sentence)
        asked = bool(sentence) and sentence[0] in b.question_words
        if asked or b.report_words.search(words) or RULESET.habitual.search(words):
            continue
        why = _suppressed_by(doc, m)
        if why:
            suppressed.append(f"{b.label}: {why}")
            continue
        reasons.append(_reason(b.label, m, None))
        break
    return reasons, suppressed


def _assess(text: str) -> Assessment:
    doc = _Doc(text)
    if not doc.tokens:
        return Assessment(False)
    reasons: List[str] = []
    suppressed: Set[str] = set()
    fired: Set[str] = set()
    for rule in RULESET.rules:
        if rule.label in fired:
            continue
        reason = _apply(doc, rule, suppressed)
        if reason is not None:
            reasons.append(reason)
            fired.add(rule.label)
    if not reasons:
        more, more_suppressed = _bare_report(doc)
        reasons.extend(more)
        suppressed.update(more_suppressed)
    return Assessment(bool(reasons), reasons, [] if reasons else sorted(suppressed),
                      urgent=_urgent(doc))


def _urgent(doc: _Doc) -> bool:
    """Whether anything says it happens now or is urgent (cue group ``urgent``). Some matches
    count only in a sentence that names a danger (``_needs_danger``); a tight cue ("nu") only
    where it could be that danger's context: "heeft vorig jaar haar zoon geslagen, dat is
    gemeld en er loopt nu hulp" says nothing urgent about the blow."""
    dangers = None
    for cue in RULESET.urgent:
        for m in doc.find(cue):
            if cue in RULESET.soon and not _names_someone(doc):
                continue  # "wordt het morgenochtend glad op de weg?"
            if not _needs_danger(doc, cue, m):
                return True
            if dangers is None:
                dangers = [d for c in (*RULESET.needs_context, *RULESET.acute_alone)
                           for d in _dangers(doc, c)]
            if cue in RULESET.tight_cues:
                if any(_together(doc, m, d, RULESET.tight_cues[cue]) for d in dangers):
                    return True
            elif any(doc.sentence[m.start] == doc.sentence[d.start] for d in dangers):
                return True
    return False


def _names_someone(doc: _Doc) -> bool:
    """Whether the message names a danger or someone who could be in it (cue group
    ``someone``): a child, a parent, a person."""
    return any(doc.find(c) for c in RULESET.someone) or any(
        _dangers(doc, c) for c in (*RULESET.needs_context, *RULESET.acute_alone))


CRY_FOR_HELP = "noodroep"  # the urgent cue that counts anywhere, also in a question for figures


def _needs_danger(doc: _Doc, cue: str, match: _Match) -> bool:
    """Whether an urgent cue's match counts only in a sentence that names a danger: a tight
    cue ("nu", also "now that"), a word of ``urgent_only_with_danger`` ("net": "vader is net
    ontslagen"), and any cue but a cry for help in a sentence that asks for figures (cue
    group ``figures``: "hoeveel kinderen zijn er op dit moment uit huis geplaatst?")."""
    if cue in RULESET.tight_cues or match.text.lower() in RULESET.urgent_only_with_danger:
        return True
    sentence = doc.sentence[match.start]
    return cue != CRY_FOR_HELP and any(doc.sentence[f.start] == sentence
                                       for c in RULESET.figures for f in doc.find(c))


def assess(text: object) -> Assessment:
    """Assess one user message. Never raises; anything that is not text is read as text."""
    try:
        if text is None:
            return Assessment(False)
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text[: MAX_CHARS * 4]).decode("utf-8", errors="replace")
        elif not isinstance(text, str):
            text = str(text)
        return _assess(text)  # type: ignore[arg-type]
    except Exception as exc:  # pragma: no cover - defensive: the NLU must never break on this
        logger.exception("safety.assess failed")
        return Assessment(False, error=f"{type(exc).__name__}: {exc}")
