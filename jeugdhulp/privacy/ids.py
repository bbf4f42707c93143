"""Numbers and addresses that identify a person directly: BSN, phone number, e-mail address.

``[BSN]``
    9 digits, also written ``111.222.333``, ``111 222 333``, ``111-222-333`` or
    ``1112.22.333``, and 8 digits (a leading zero implied), but only when the number passes
    the elfproef (``stdnum.nl.bsn.is_valid``). A 9-digit number that fails it is not a BSN
    (it may still be redacted as something else, e.g. a phone number).
``[TELEFOON]``
    Everything ``phonenumbers.PhoneNumberMatcher(text, "NL")`` finds (06-12345678,
    0612345678, +31 6 12345678, 020-1234567, (020) 123 4567, 0031...), plus a number of 8 to
    13 digits right after a cue word ("tel", "telefoon", "mobiel", "nummer", "bel", ...).
    Kept on purpose: service numbers (0800 free-phone, 0900/0906/0909 paid, shared-cost), such
    as Veilig Thuis 0800-2000 or De Kindertelefoon 0800-0432. These numbers are only issued to
    organisations, never a client's own line, and the assistant may need them to answer.
    Short numbers (ages, "3 tot 5 procent", "75.000 tot 116.000", "50%", years) are never
    phone numbers.
``[E-MAIL]``
    ``local@domain.tld``.

``stdnum`` and ``phonenumbers`` are imported when first used: should one be missing, the
detection fails inside :func:`jeugdhulp.privacy.redaction.redact` and its fallback applies,
instead of the import of every channel failing.
"""
from __future__ import annotations

import logging
import re
from typing import FrozenSet, List, Optional, Sequence, Tuple

from jeugdhulp.privacy.tokens import Cand

logger = logging.getLogger(__name__)

_BSN_RE = re.compile(
    r"(?<![0-9])(?:[0-9]{9}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}"
    r"|[0-9]{4}[ .\-][0-9]{2}[ .\-][0-9]{3}|[0-9]{8})(?![0-9])")


def find_bsn(text: str) -> List[Cand]:
    """Numbers of 8 or 9 digits that pass the elfproef. A candidate that fails it does not
    hide one that starts inside it: in "0800-2000 68 111.222.333" the digits "2000 68 111"
    fail, and the BSN "111.222.333" after them is still found."""
    from stdnum.nl import bsn

    out = []
    m = _BSN_RE.search(text)
    while m is not None:
        digits = re.sub(r"[^0-9]", "", m.group())
        if len(digits) == 8:
            digits = "0" + digits
        try:
            ok = bsn.is_valid(digits)
        except Exception:
            ok = False
        if ok:
            out.append((m.start(), m.end(), "BSN"))
        m = _BSN_RE.search(text, m.end() if ok else m.start() + 1)
    return out


_PHONE_CUE_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:tel(?:efoon(?:nummer)?|nr)?|mob(?:iel(?:nummer)?)?|gsm|nummer|"
    r"whatsapp|bel(?:len|t)?)\.?:?[ \t]{0,3}(\+?[0-9][0-9 \-/().]{6,18}[0-9])(?![0-9])")
# A Dutch mobile number, also when glued to a word ("0612345678x") where the matcher is strict.
_MOBILE_RE = re.compile(
    r"(?<![0-9+])(?:\+31|0031|0)[ \t\-]?\(?0?\)?6(?:[ \t\-.]?[0-9]){8}(?![0-9])")
_SERVICE_TYPES: Optional[FrozenSet[int]] = None


def is_service_number(raw: object) -> bool:
    """0800 / 0900-type numbers belong to organisations (helplines), never to a client.

    ``raw`` is a string or an already parsed ``phonenumbers.PhoneNumber``."""
    global _SERVICE_TYPES
    import phonenumbers

    if _SERVICE_TYPES is None:
        t = phonenumbers.PhoneNumberType
        _SERVICE_TYPES = frozenset({t.TOLL_FREE, t.PREMIUM_RATE, t.SHARED_COST})
    try:
        num = phonenumbers.parse(raw, "NL") if isinstance(raw, str) else raw
        return phonenumbers.number_type(num) in _SERVICE_TYPES
    except Exception:
        return False


def _blank(text: str, spans: Sequence[Tuple[int, int]]) -> str:
    """``text`` with the sorted ``spans`` replaced by spaces: same length, so offsets stay."""
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append(" " * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _trim(text: str, s: int, e: int) -> Tuple[int, int]:
    """The matcher may take a bracket that belongs to the surrounding text."""
    while s < e and text[s] in "[ \t":
        s += 1
    while e > s and text[e - 1] in "] \t":
        e -= 1
    if text[s:e].startswith("(") and ")" not in text[s + 1:e]:
        s += 1
    return s, e


def find_phones(text: str) -> List[Cand]:
    """Phone numbers that are not service numbers (see the module docstring)."""
    out: List[Cand] = []
    if sum(c.isdigit() for c in text) < 6:
        return out
    import phonenumbers

    # Mobile numbers are found by a cheap regex; blank them out before the much slower
    # matcher runs.
    mobiles = [(m.start(), m.end()) for m in _MOBILE_RE.finditer(text)]
    out.extend((s, e, "TELEFOON") for s, e in mobiles)
    scan = _blank(text, mobiles)
    try:
        for m in phonenumbers.PhoneNumberMatcher(scan, "NL"):
            if is_service_number(m.number):
                continue
            s, e = _trim(text, m.start, m.end)
            if e > s:
                out.append((s, e, "TELEFOON"))
    except Exception:
        logger.debug("privacy: phone matcher failed", exc_info=True)
    for m in _PHONE_CUE_RE.finditer(text):
        raw = m.group(1)
        n = sum(c.isdigit() for c in raw)
        if 8 <= n <= 13 and not is_service_number(raw):
            out.append((m.start(1), m.end(1), "TELEFOON"))
    return out


_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                         ".!#$%&'*+/=?^_`{|}~-")
_EMAIL_DOMAIN_RE = re.compile(r"(?:[\w\-]+\.)+[^\W\d_]{2,}")


def find_emails(text: str) -> List[Cand]:
    """``local@domain.tld``, scanning out from every "@" at most 256 characters each way,
    so that long runs like "a@a@a@..." stay linear."""
    out: List[Cand] = []
    pos = text.find("@")
    n = len(text)
    while pos != -1:
        s = pos
        limit = max(0, pos - 256)
        while s > limit and (text[s - 1] in _EMAIL_LOCAL or text[s - 1].isalnum()):
            s -= 1
        if s < pos:
            m = _EMAIL_DOMAIN_RE.match(text, pos + 1, min(n, pos + 1 + 256))
            if m:
                out.append((s, m.end(), "E-MAIL"))
        pos = text.find("@", pos + 1)
    return out
