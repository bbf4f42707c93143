"""Dates of birth: ``[GEBOORTEDATUM]``.

Every full date with day, month and year: "3 maart 2015", "03-03-2015", "3/3/2015",
"2015-03-03", "3 mrt. 2015". In this setting a full date next to a person is most likely a
birth date, so all of them are redacted, with one exception: a date right after "sinds",
"per", "vanaf", "m.i.v." or "met ingang van" is a date of a law or guideline ("Sinds 1 juli
2013 ...") and is kept. After an explicit birth cue ("geboren", "geb.", "geboortedatum",
"*") also a month and year ("geboren in maart 2015") and a two-digit year ("geb. 3-3-15")
are redacted. The cue itself stays ("geb. [GEBOORTEDATUM]"). Ages ("8 jaar", "8-jarige")
and years alone ("2013") are never redacted.
"""
from __future__ import annotations

import re
from typing import List

from jeugdhulp.privacy.tokens import Cand
from jeugdhulp.privacy.words import DAYS, MONTH_ABBR, MONTHS

_MONTH_RE = r"(?:" + "|".join(sorted(MONTHS + MONTH_ABBR, key=len, reverse=True)) + r")"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MON = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_DATE_RE = re.compile(
    r"(?<![0-9])(?:"
    rf"{_DAY}[ \t]?([\-/.])[ \t]?{_MON}[ \t]?\1[ \t]?{_YEAR}"
    rf"|{_YEAR}-{_MON}-{_DAY}"
    rf"|{_DAY}(?:e|ste|de)?[ \t]{{1,3}}{_MONTH_RE}\.?,?[ \t]{{1,3}}'?{_YEAR}"
    r")(?![0-9])", re.I)
_BIRTH_CUE = (r"(?:geboren|geb\.?|geboortedatum|geb\.?[ \t]?datum|geboortedag|"
              r"geboorte|date of birth|dob|d\.o\.b\.|\*)")
_BIRTH_PARTIAL_RE = re.compile(
    rf"(?i)(?:(?<![^\W\d_])|(?<=\*)){_BIRTH_CUE}[ \t]{{0,3}}(?:op|in|:|=)?[ \t]{{0,3}}"
    rf"({_DAY}[\-/.]{_MON}[\-/.][0-9]{{2}}(?![0-9])"
    rf"|{_MONTH_RE}\.?[ \t]{{1,3}}'?{_YEAR}(?![0-9])"
    rf"|{_MON}[\-/]{_YEAR}(?![0-9]))")
_GUIDELINE_DATE_BEFORE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:sinds|per|vanaf|m\.i\.v\.?|met ingang van)[ \t]{1,3}"
    r"(?:(?:" + "|".join(DAYS) + r")[ \t]{1,3})?$")


def find_dates(text: str) -> List[Cand]:
    """Full dates (except a law's or guideline's), and partial dates after a birth cue."""
    out: List[Cand] = []
    for m in _DATE_RE.finditer(text):
        before_start = max(0, m.start() - 30)
        if _GUIDELINE_DATE_BEFORE_RE.search(text, before_start, m.start()):
            continue
        out.append((m.start(), m.end(), "GEBOORTEDATUM"))
    for m in _BIRTH_PARTIAL_RE.finditer(text):
        out.append((m.start(1), m.end(1), "GEBOORTEDATUM"))
    return out
