"""Where a client lives: ``[POSTCODE]`` and ``[ADRES]``.

``[POSTCODE]``
    A Dutch postcode, "1234 AB" or "1234AB" (letters SA, SD and SS do not exist and are
    skipped), with a following house number included in the span ("1234 AB 12",
    "1234AB, 12a", "1234 AB nr. 5"). Lower-case letters only when written together
    ("1234ab") or after the word "postcode", so that "in 2013 is" is not a postcode.
``[ADRES]``
    A street and a house number: a word ending in a street suffix (straat, laan, weg, plein,
    gracht, kade, dijk, singel, hof, park, steeg, pad, dreef, baan, markt, ...) followed by a
    number ("Kerkstraat 12", "kerkstraat 12a", "Prins Hendrikkade 3-II"), the preceding parts
    of the street name ("Burgemeester de Withstraat 4", "Van Hallstraat 5"), and
    "Laan van Meerdervoort 5a"-style names. A known place ("Amsterdam 3") is not a street,
    nor is "kinderbaan 3 jaar" (a number followed by a unit).

A street without a house number, or a city, is not looked for.
"""
from __future__ import annotations

import re
from typing import FrozenSet, List, Optional

from jeugdhulp.privacy.tokens import Cand, Token, simple_gap
from jeugdhulp.privacy.vocabulary import Vocab
from jeugdhulp.privacy.words import PARTICLE_WORDS, STOP

_POSTCODE_RE = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{3})([ \t]?)([A-Za-z]{2})(?![A-Za-z0-9])")
_HOUSE_NO_RE = re.compile(
    r"[ \t]{0,3},?[ \t]{0,3}(?:(?:nr|no|nummer|huisnummer)\.?[ \t]{0,3})?"
    r"([0-9]{1,5}(?:-?[A-Za-z](?![A-Za-z])|[ \t]?-[ \t]?[0-9]{1,4}|-(?:hs|bis|I{1,3}|IV|bg))?)"
    r"(?![0-9])")
# A number followed by one of these is a quantity, not a house number ("kinderbaan 3 jaar").
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:jaar|jr|jaren|%|procent|keer|x\b|maanden?|weken?|dagen?|uur|minuten|km|meter|m\b|"
    r"kinderen|gezinnen|euro|ouders|jongeren|personen|mensen|stuks|januari|februari|maart|"
    r"april|mei|juni|juli|augustus|september|oktober|november|december)", re.I)
_POSTCODE_CUE_RE = re.compile(r"(?i)postcode[ \t:]*$")


_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Z][\w'-]*)")


def find_postcodes(text: str, domain_upper: FrozenSet[str],
                   places: FrozenSet[str] = frozenset()) -> List[Cand]:
    """Postcodes with their house number; ``domain_upper`` are abbreviations like "GI".
    A year before such an abbreviation ("sinds 2015 GI") is not a postcode, unless a place
    (``places``, lower case) follows: "2011 JB Haarlem"."""
    from stdnum.nl import postcode

    out: List[Cand] = []
    for m in _POSTCODE_RE.finditer(text):
        digits, space, letters = m.group(1), m.group(2), m.group(3)
        try:
            if not postcode.is_valid(digits + letters.upper()):
                continue  # SA, SD and SS are not used
        except Exception:
            continue
        cue = bool(_POSTCODE_CUE_RE.search(text, max(0, m.start() - 12), m.start()))
        if not letters.isupper():
            # "in 2013 is ..." is not a postcode; "1234ab" and "postcode 1234 ab" are.
            if not (letters.islower() and not space) and not cue:
                continue
        end = m.end()
        h = _HOUSE_NO_RE.match(text, end)
        if h and not _UNIT_AFTER_RE.match(text, h.end()):
            end = h.end()
        elif not cue and letters.upper() in domain_upper and 1900 <= int(digits) <= 2099:
            place = _NEXT_WORD_RE.match(text, end)
            if not (place and place.group(1).lower() in places):
                continue  # "sinds 2015 GI ..." is a year and an abbreviation
        out.append((m.start(), end, "POSTCODE"))
    return out


_STREET_SUFFIXES = (
    "straat", "straatje", "straatweg", "laan", "laantje", "weg", "plein", "pleintje", "gracht",
    "burgwal", "kade", "dijk", "singel", "hof", "park", "steeg", "steegje", "pad", "dreef",
    "baan", "markt", "plantsoen", "kanaal", "wal", "haven", "dam", "ring", "boulevard", "allee",
    "erf", "hoven", "vliet", "wetering", "brink", "oord", "zijde", "poort", "gaarde", "akker",
    "veld", "hoek", "berg", "tuin", "tuinen", "dreef", "kamp", "horst", "donk", "rade",
)
# Suffixes unlikely to end an ordinary lower-case compound: these also count in lower case.
_STREET_SUFFIXES_LOWER = ("straat", "straatje", "straatweg", "laan", "laantje", "gracht",
                          "burgwal", "kade", "singel", "steeg", "steegje", "dreef", "plantsoen",
                          "boulevard", "plein", "pleintje")
# Street words that can start a street name on their own: "Laan van Meerdervoort", "Markt 3".
_STREET_HEADS = frozenset(
    "laan plein weg straat kade dijk singel gracht park hof markt dreef baan steeg pad "
    "wal brink dam haven".split())
# Words that can precede the street word in a multi-word street name.
_STREET_PREFIX_WORDS = frozenset("""
burgemeester prins prinses koning koningin graaf gravin hertog hertogin keizer dr doctor
professor prof generaal kolonel admiraal pastoor kapelaan dominee pater meester mr sint st
oude nieuwe lange korte hoge lage grote kleine noord zuid oost west noorder zuider ooster
wester eerste tweede derde vierde binnen buiten achter voor boven beneden jonkheer baron
""".split())
_STREET_NUMBER_RE = re.compile(
    r"[ \t]{1,3}([0-9]{1,5}(?:[ \t]?-?[ \t]?[A-Za-z](?![A-Za-z])|-[0-9]{1,4}(?![0-9])"
    r"|[ \t]?-?(?:hs|bis|bg|I{1,3}|IV)(?![A-Za-z]))?)(?![0-9])")
_YEAR_STREET_RE = re.compile(r"[ \t]{1,3}(?:19|20)[0-9]{2}(?:-(?:19|20)[0-9]{2})?(?![0-9])")


def find_streets(text: str, toks: List[Token], v: Vocab) -> List[Cand]:
    """Streets with a house number (see the module docstring)."""
    out: List[Cand] = []
    for i, t in enumerate(toks):
        if t.ph:
            continue
        head = t.cap and t.low in _STREET_HEADS
        if not head and not (t.low.endswith(_STREET_SUFFIXES) and _is_street_word(t, v)):
            continue
        m = _house_number(text, toks, i, head)
        if m is None or _UNIT_AFTER_RE.match(text, m.end()):
            continue
        out.append((toks[_street_start(toks, i, v)].start, m.end(), "ADRES"))
    return out


def _is_street_word(t: Token, v: Vocab) -> bool:
    """"Kerkstraat", "kerkstraat", "Hendrikkade"; not "Amsterdam", "Rotterdam", "kinderbaan"."""
    low = t.low
    suffix = next((suf for suf in _STREET_SUFFIXES
                   if low.endswith(suf) and len(low) > len(suf) + 1), None)
    if suffix is None:
        return False
    if not t.cap and suffix not in _STREET_SUFFIXES_LOWER:
        return False
    return not (low in v.soft_words or low in v.hard_words or low in v.not_names)


def _house_number(text: str, toks: List[Token], i: int, head: bool) -> Optional[re.Match]:
    """The house number after the street that ends at or after token i, or None."""
    end_tok = _head_street_end(text, toks, i) if head else i
    if end_tok < 0:
        return None
    pos = toks[end_tok].end
    year = _YEAR_STREET_RE.match(text, pos) if head and end_tok == i else None
    return _STREET_NUMBER_RE.match(text, year.end() if year else pos)


def _head_street_end(text: str, toks: List[Token], i: int) -> int:
    """Last token of a street starting with a street word ("Laan van Meerdervoort 5a",
    "Plein 1944 12"), or -1 when it is not a street."""
    n = len(toks)
    j = i + 1
    while j < n and j <= i + 3 and simple_gap(toks[j].gap) and toks[j].low in PARTICLE_WORDS:
        j += 1
    if j < n and simple_gap(toks[j].gap) and toks[j].cap and not toks[j].ph and j > i + 1:
        if j + 1 < n and simple_gap(toks[j + 1].gap) and toks[j + 1].cap and not toks[j + 1].ph:
            return j + 1
        return j
    if not (j == i + 1 and _YEAR_STREET_RE.match(text, toks[i].end)) and toks[i].sent:
        return -1  # a bare "Plein 12" / "Markt 3" is a street only when capitalised mid-sentence
    return i


def _street_start(toks: List[Token], i: int, v: Vocab) -> int:
    """First token of the street name ending in token i: "Burgemeester de Withstraat",
    "Van Hallstraat", "Prins Hendrikkade", "Jan van Galenstraat"."""
    s = i
    steps = 0
    while s > 0 and steps < 4 and simple_gap(toks[s].gap) and not toks[s - 1].ph:
        p = toks[s - 1]
        if p.low in _STREET_PREFIX_WORDS and (p.cap or p.low in ("st", "mr", "dr")):
            s -= 1
        elif p.low in PARTICLE_WORDS and (p.cap or (
                s - 2 >= 0 and toks[s - 2].cap and (toks[s - 2].low in _STREET_PREFIX_WORDS
                                                     or toks[s - 2].low in v.first))):
            s -= 1
        elif p.cap and (p.low in v.first or p.low in v.surnames) and p.low not in STOP \
                and (not p.sent or toks[s].low in PARTICLE_WORDS):  # "Jan van Galenstraat"
            s -= 1
        else:
            break
        steps += 1
    while s < i and toks[s].low in PARTICLE_WORDS and not toks[s].cap:
        s += 1
    return s
