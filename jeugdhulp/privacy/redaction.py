"""Redact client details from chat text before it is stored anywhere.

Youth-care professionals type client details into the chat ("de moeder van Sanne (geb.
12-03-2016) belt steeds, tel 06-12345678"). Before a message reaches the tracker store, the
logs or the event broker, it goes through :func:`redact`, which replaces each finding with a
typed Dutch placeholder, so that the assistant can still answer the question::

    >>> r = redact("Mijn cliënt Jan de Vries (BSN 111222333) woont op 1234 AB 12, tel 06-12345678")
    >>> r.text
    'Mijn cliënt [NAAM] (BSN [BSN]) woont op [POSTCODE], tel [TELEFOON]'
    >>> [f.kind for f in r.findings]
    ['NAAM', 'BSN', 'POSTCODE', 'TELEFOON']

``Redaction.findings`` is a list of ``Finding(kind, start, end)`` named tuples, with offsets
into the ORIGINAL text; it never holds the redacted values, so it is safe to log.

The function is pure Python and never raises (unless in strict mode, see below): any input
(``None``, bytes, 100 kB, other scripts, markup) gives a :class:`Redaction`. It is
idempotent: redacting redacted text changes nothing, and the placeholders themselves are
never redacted again.

What is found, and where the rules are written down:

* ``[BSN]``, ``[TELEFOON]``, ``[E-MAIL]``: :mod:`jeugdhulp.privacy.ids`;
* ``[POSTCODE]``, ``[ADRES]``: :mod:`jeugdhulp.privacy.addresses`;
* ``[GEBOORTEDATUM]``: :mod:`jeugdhulp.privacy.dates`;
* ``[NAAM]``: :mod:`jeugdhulp.privacy.names`, with the word lists of
  :mod:`jeugdhulp.privacy.vocabulary` (what is never a name: domain terms, places, authors).

Other identifying details are not looked for: school, street without house number, city,
medical details, licence plates, IBAN, dates without a year.

This module puts the detectors together: it runs them all on the text, merges overlapping
findings into one (the longest wins, ties by :data:`_PRIORITY`), writes the placeholders,
and repeats on the result until nothing new is found. Should anything in there raise, the
text gets the coarse :func:`coarse_fallback` instead, so that a bug never leaks client
details nor breaks the conversation.

A fallback is never silent: each one is logged at WARNING with the failing detector and the
exception's type -- never its message, which may quote the text -- and counted in a
process-wide counter (:func:`fallbacks`, :func:`reset_fallbacks`). In strict mode
(``JEUGDHULP_STRICT_REDACTION=1`` in the environment, or :func:`set_strict`) the exception is
raised instead, so that a test run cannot pass on the coarse fallback; the test suite runs
in strict mode.
"""
from __future__ import annotations

import bisect
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import Dict, List, NamedTuple, Optional, Tuple

from jeugdhulp.privacy import vocabulary
from jeugdhulp.privacy.addresses import find_postcodes, find_streets
from jeugdhulp.privacy.dates import find_dates
from jeugdhulp.privacy.ids import find_bsn, find_emails, find_phones
from jeugdhulp.privacy.names import find_names
from jeugdhulp.privacy.tokens import Cand, tokenize

logger = logging.getLogger(__name__)

__all__ = ["KINDS", "PLACEHOLDERS", "PLACEHOLDER_RE", "Finding", "Redaction", "redact",
           "redact_text", "coarse_fallback", "STRICT_ENV", "strict_mode", "set_strict",
           "fallbacks", "reset_fallbacks"]

KINDS: Tuple[str, ...] = (
    "NAAM", "BSN", "TELEFOON", "E-MAIL", "POSTCODE", "GEBOORTEDATUM", "ADRES")
PLACEHOLDERS: Dict[str, str] = {kind: f"[{kind}]" for kind in KINDS}
PLACEHOLDER_RE = re.compile(r"\[(?:NAAM|BSN|TELEFOON|E-MAIL|POSTCODE|GEBOORTEDATUM|ADRES)\]")

# When findings of different kinds overlap they are merged into one span; its kind is that of
# the longest finding, ties broken by this order (highest first).
_PRIORITY = {"E-MAIL": 7, "BSN": 6, "TELEFOON": 5, "POSTCODE": 4, "ADRES": 3,
             "GEBOORTEDATUM": 2, "NAAM": 1}
_MAX_PASSES = 50  # a fixed point is reached after one or two passes
_CLIP_CHARS = ",;[]"  # trimmed from the ends of a finding, with white space


class Finding(NamedTuple):
    """One redacted stretch of the original text: ``text[start:end]`` was of kind ``kind``."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Redaction:
    """The result of :func:`redact`: the redacted text and where the findings were.

    ``findings`` are sorted, do not overlap, and index into the original text; they do not
    contain the redacted values themselves.
    """

    text: str
    findings: List[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.findings)

    def counts(self) -> Dict[str, int]:
        """How many findings of each kind, e.g. ``{"NAAM": 2, "BSN": 1}`` (safe to log)."""
        out: Dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


def redact(text: object) -> Redaction:
    """Redact ``text``; see the module docstring for what is found and the known limits.

    Detection is repeated on the redacted text until nothing new is found (normally one
    extra pass, and only when something was found), so the result is a fixed point:
    ``redact(redact(x).text).text == redact(x).text``.
    """
    try:
        original = _coerce(text)
    except Exception as error:  # an object whose str() raises: nothing to show, nothing leaks
        _failed(error, "the text could not be read; it is replaced by nothing")
        return Redaction("", [])
    if not original:
        return Redaction(original, [])
    try:
        return _redact(original)
    except Exception as error:  # never let a bug leak the text or break the conversation
        _failed(error, "the text gets the coarse fallback redaction")
        return coarse_fallback(original)


def redact_text(text: object) -> str:
    """Convenience: ``redact(text).text``."""
    return redact(text).text


def _coerce(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


# --- detection ---------------------------------------------------------------------------------

def _detect(text: str) -> List[Cand]:
    """All findings on ``text`` (merged, clipped around existing placeholders)."""
    v = vocabulary.get()
    ph = _placeholder_spans(text)
    cands: List[Cand] = []
    cands += find_emails(text)
    cands += find_bsn(text)
    cands += find_phones(text)
    cands += find_postcodes(text, v.domain_upper, v.place_words)
    cands += find_dates(text)
    toks = tokenize(text, ph)
    streets = find_streets(text, toks, v)
    cands += streets
    cands += find_names(text, toks, v, streets)
    return _merge(_clip(text, cands, ph))


_DETECT_CODE = _detect.__code__  # to name the failing detector (the frame below this one)


def _placeholder_spans(text: str) -> List[Cand]:
    return [(m.start(), m.end(), m.group()[1:-1]) for m in PLACEHOLDER_RE.finditer(text)]


def _clip(text: str, cands: List[Cand], ph: List[Cand]) -> List[Cand]:
    """Cut the placeholders out of the findings (they are never redacted again), trim white
    space and separators from the ends, and drop what has no letter or digit left."""
    clipped: List[Cand] = []
    ph_starts = [p[0] for p in ph]
    for s, e, kind in cands:
        for a, b in _outside_placeholders(s, e, ph, ph_starts):
            while a < b and (text[a].isspace() or text[a] in _CLIP_CHARS):
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] in _CLIP_CHARS):
                b -= 1
            if b > a and any(c.isalnum() for c in text[a:b]):
                clipped.append((a, b, kind))
    return clipped


def _outside_placeholders(s: int, e: int, ph: List[Cand],
                          ph_starts: List[int]) -> List[Tuple[int, int]]:
    pieces = [(s, e)]
    k = max(0, bisect.bisect_right(ph_starts, s) - 1)
    for ps, pe, _ in ph[k:]:
        if ps >= e:
            break
        if pe <= s:
            continue
        new = []
        for a, b in pieces:
            if pe <= a or ps >= b:
                new.append((a, b))
                continue
            if a < ps:
                new.append((a, ps))
            if pe < b:
                new.append((pe, b))
        pieces = new
    return pieces


def _merge(clipped: List[Cand]) -> List[Cand]:
    """Overlapping findings become one span, of the kind of the longest (then by priority)."""
    if not clipped:
        return []
    clipped.sort()
    merged: List[Cand] = []
    cur_s, cur_e, best = clipped[0][0], clipped[0][1], clipped[0]
    for s, e, kind in clipped[1:]:
        if s < cur_e:  # overlap: one span, kind of the longest member
            cur_e = max(cur_e, e)
            if (e - s, _PRIORITY[kind]) > (best[1] - best[0], _PRIORITY[best[2]]):
                best = (s, e, kind)
        else:
            merged.append((cur_s, cur_e, best[2]))
            cur_s, cur_e, best = s, e, (s, e, kind)
    merged.append((cur_s, cur_e, best[2]))
    return merged


# --- placeholders and the map back to the original ----------------------------------------------

# A piece of the map from the current text back to the original:
# (cur_start, cur_end, orig_start, orig_end, inserted). An inserted piece is a placeholder
# that stands for orig_start..orig_end as a whole.
Piece = Tuple[int, int, int, int, bool]


def _redact(original: str) -> Redaction:
    current = original
    pieces: List[Piece] = [(0, len(original), 0, len(original), False)]
    findings: List[Finding] = []
    for _ in range(_MAX_PASSES):
        found = _detect(current)
        if not found:
            break
        current, pieces = _replace(current, found, pieces, findings)
    return Redaction(current, _normalise_findings(findings))


def _replace(current: str, found: List[Cand], pieces: List[Piece],
             findings: List[Finding]) -> Tuple[str, List[Piece]]:
    """Write the placeholders for ``found`` into ``current``; append the findings (in
    original offsets) to ``findings``; return the new text and its map."""
    starts = [p[0] for p in pieces]
    out: List[str] = []
    new_pieces: List[Piece] = []
    pos = npos = 0
    for s, e, kind in found + [(len(current), len(current), "")]:
        for a, b, oa, ob, ins in _pieces_in(pieces, starts, pos, s):
            new_pieces.append((npos, npos + b - a, oa, ob, ins))
            npos += b - a
        out.append(current[pos:s])
        if not kind:
            break
        oa, ob = _to_original(pieces, starts, s, e)
        findings.append(Finding(kind, oa, ob))
        ph = PLACEHOLDERS[kind]
        out.append(ph)
        new_pieces.append((npos, npos + len(ph), oa, ob, True))
        npos += len(ph)
        pos = e
    return "".join(out), new_pieces


def _pieces_in(pieces: List[Piece], starts: List[int], s: int, e: int) -> List[Piece]:
    """The map restricted to current-text range [s, e)."""
    out: List[Piece] = []
    if e <= s:
        return out
    k = max(0, bisect.bisect_right(starts, s) - 1)
    for cs, ce, os_, oe, ins in pieces[k:]:
        if cs >= e:
            break
        if ce <= s:
            continue
        a, b = max(cs, s), min(ce, e)
        if ins:  # a placeholder from an earlier pass stands for its original span as a whole
            out.append((a, b, os_, oe, True))
        else:
            out.append((a, b, os_ + (a - cs), os_ + (b - cs), False))
    return out


def _to_original(pieces: List[Piece], starts: List[int], s: int, e: int) -> Tuple[int, int]:
    parts = _pieces_in(pieces, starts, s, e)
    if not parts:
        return s, e
    return min(p[2] for p in parts), max(p[3] for p in parts)


def _normalise_findings(findings: List[Finding]) -> List[Finding]:
    findings = sorted(findings, key=lambda f: (f.start, -f.end))
    out: List[Finding] = []
    for f in findings:
        if out and f.start < out[-1].end:
            last = out[-1]
            if f.end > last.end:
                out[-1] = Finding(last.kind, last.start, f.end)
            continue
        out.append(f)
    return out


# --- visibility of failures: the log line, the counter, strict mode -----------------------------

STRICT_ENV = "JEUGDHULP_STRICT_REDACTION"
_STRICT_VALUES = ("1", "true", "yes", "on", "ja")
_strict: Optional[bool] = None  # set_strict(); None: the environment decides
_fallbacks = 0
_fallbacks_lock = threading.Lock()


def strict_mode() -> bool:
    """True when a failing detector raises instead of falling back: :func:`set_strict`, else
    ``JEUGDHULP_STRICT_REDACTION`` (``1``/``true``/``yes``/``on``/``ja``), read at each
    failure (so it costs nothing while nothing fails)."""
    if _strict is not None:
        return _strict
    return os.environ.get(STRICT_ENV, "").strip().lower() in _STRICT_VALUES


def set_strict(on: Optional[bool]) -> None:
    """Switch strict mode on (True) or off (False) for this process, whatever the
    environment says; None hands the decision back to ``JEUGDHULP_STRICT_REDACTION``."""
    global _strict
    _strict = None if on is None else bool(on)


def fallbacks() -> int:
    """How many times :func:`redact` fell back (a detector raised, or the input could not be
    read as text) since the process started or since :func:`reset_fallbacks`. Zero in a
    healthy process."""
    return _fallbacks


def reset_fallbacks() -> int:
    """Set the counter of :func:`fallbacks` back to zero; returns what it was."""
    global _fallbacks
    with _fallbacks_lock:
        count, _fallbacks = _fallbacks, 0
    return count


def _failed(error: Exception, outcome: str) -> None:
    """Log (type and place only: the message may quote the text) and count a failure, or
    re-raise it in strict mode. Called from an ``except`` block."""
    global _fallbacks
    kind, where = _exception_type(error), _failing_step(error.__traceback__)
    if strict_mode():
        logger.warning("privacy: %s raised %s; raising it (strict redaction mode)", where, kind)
        raise error
    with _fallbacks_lock:
        _fallbacks += 1
        count = _fallbacks
    logger.warning("privacy: %s raised %s; %s (fallback %d in this process)",
                   where, kind, outcome, count)


def _exception_type(error: BaseException) -> str:
    cls = type(error)
    module = getattr(cls, "__module__", "") or ""
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _failing_step(tb: Optional[TracebackType]) -> str:
    """Which detector failed: the function that ``_detect`` called when the exception came
    up; else the innermost step of this module. With the file and line that raised."""
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    if not frames:
        return "redaction"
    step = None
    for i, (frame, _) in enumerate(frames[:-1]):
        if frame.f_code is _DETECT_CODE:
            step = frames[i + 1][0]
            break
    if step is None:
        ours = [frame for frame, _ in frames if frame.f_globals.get("__name__") == __name__]
        step = ours[-1] if ours else frames[-1][0]
    raiser, line = frames[-1]
    name = f"{step.f_globals.get('__name__', '?')}.{step.f_code.co_name}"
    return f"{name} (at {os.path.basename(raiser.f_code.co_filename)}:{line})"


# --- the fallback ------------------------------------------------------------------------------

_FALLBACK_DIGITS = re.compile(r"[0-9][0-9 .\-/()+]*[0-9]")
_FALLBACK_WORDS = re.compile(r"(?<![^\W\d_])[A-Z][^\W\d_]*")


def coarse_fallback(original: str) -> Redaction:
    """Coarse redaction when the normal path failed: capitalised words, e-mails and numbers.

    The only place where redaction degrades (:func:`redact` logs and counts each use, see
    :func:`fallbacks`): the whole text counts as one ``NAAM`` finding."""
    try:
        text = _FALLBACK_WORDS.sub(lambda m: m.group() if PLACEHOLDER_RE.fullmatch(
            "[" + m.group() + "]") else "[NAAM]", original)
        text = re.sub(r"\S*@\S*", "[E-MAIL]", text)
        text = _FALLBACK_DIGITS.sub(lambda m: "[TELEFOON]" if len(m.group()) >= 5 else m.group(),
                                    text)
        return Redaction(text, [Finding("NAAM", 0, len(original))])
    except Exception:
        return Redaction("", [Finding("NAAM", 0, len(original))])


# Load the word lists at import, so the first message is not slow; tolerate any failure.
try:
    vocabulary.get()
except Exception:  # pragma: no cover
    logger.exception("privacy: vocabulary could not be loaded")
